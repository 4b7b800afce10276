package org.hetabench.evaluation.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Everything the metrics need about one (instance, step, method): the model, the context ids, the target
 * (read at position T−1), the raw attribution scores, the seeds, optional extra inputs, and a cache shared by
 * all metrics computed on this context — in particular the clean forward pass, so that many metrics reuse
 * one pass (Tribuo style).
 *
 * <p>Built with {@link #builder}; {@code build()} validates the input and throws a {@link MetricException}
 * naming the instance for mismatched lengths, non-finite scores, an empty context or a target outside the
 * vocabulary. Not thread-safe: one context per worker.
 */
public final class MetricContext {
    private final CausalLm model;
    private final String instanceId;
    private final int[] context;
    private final int target;
    private final double[] scores;
    private final int stepIndex;
    private final long seed;
    private final String methodId;
    private final DrawSource draws;
    private final EvidenceAnnotation evidence;
    private final GoldAnnotation gold;
    private final AlignedPair alignedPair;
    private final Reattributor reattributor;
    private final Map<String, Object> cache = new HashMap<>();

    private MetricContext(Builder b) {
        this.model = b.model;
        this.instanceId = b.instanceId;
        this.context = b.context.clone();
        this.target = b.target;
        this.scores = b.scores.clone();
        this.stepIndex = b.stepIndex < 0 ? b.context.length : b.stepIndex;
        this.seed = b.seed;
        this.methodId = b.methodId;
        this.draws = b.draws != null ? b.draws : DrawSource.seeded(b.seed, b.instanceId, this.stepIndex);
        this.evidence = b.evidence;
        this.gold = b.gold;
        this.alignedPair = b.alignedPair;
        this.reattributor = b.reattributor;
    }

    /**
     * Starts a context.
     *
     * @param model the model
     * @param instanceId stable instance id (named in every error; seeds derive from it)
     * @param context the context ids x_0..x_{T−1}
     * @param target the target id y
     * @param scores the raw attribution, one score per context position
     */
    public static Builder builder(CausalLm model, String instanceId, int[] context, int target, double[] scores) {
        return new Builder(model, instanceId, context, target, scores);
    }

    /** Builder: required fields in {@link #builder}, optional ones via {@code optX}-style setters. */
    public static final class Builder {
        private final CausalLm model;
        private final String instanceId;
        private final int[] context;
        private final int target;
        private final double[] scores;
        private int stepIndex = -1;
        private long seed;
        private String methodId = "method";
        private DrawSource draws;
        private EvidenceAnnotation evidence;
        private GoldAnnotation gold;
        private AlignedPair alignedPair;
        private Reattributor reattributor;

        private Builder(CausalLm model, String instanceId, int[] context, int target, double[] scores) {
            this.model = model;
            this.instanceId = instanceId;
            this.context = context;
            this.target = target;
            this.scores = scores;
        }

        /** Master seed of the run (spec §1.6). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Step index (target position) for seeding; default T. */
        public Builder stepIndex(int s) {
            this.stepIndex = s;
            return this;
        }

        /** Name of the attribution method under test (seeds its masks). */
        public Builder methodId(String m) {
            this.methodId = m;
            return this;
        }

        /** Replaces the seeded streams (tests inject fixed draws). */
        public Builder draws(DrawSource d) {
            this.draws = d;
            return this;
        }

        public Builder evidence(EvidenceAnnotation e) {
            this.evidence = e;
            return this;
        }

        public Builder gold(GoldAnnotation g) {
            this.gold = g;
            return this;
        }

        public Builder alignedPair(AlignedPair p) {
            this.alignedPair = p;
            return this;
        }

        public Builder reattributor(Reattributor r) {
            this.reattributor = r;
            return this;
        }

        /** Validates and builds; bad input throws a {@link MetricException} naming the instance. */
        public MetricContext build() {
            if (instanceId == null || instanceId.isBlank()) {
                throw new IllegalArgumentException("a metric context needs a non-blank instance id");
            }
            if (model == null) {
                throw new MetricException(instanceId, null, "no model was given");
            }
            if (context == null || context.length == 0) {
                throw new MetricException(instanceId, null, "the context is empty; metrics need at least one token");
            }
            int v = model.config().vocabSize();
            if (target < 0 || target >= v) {
                throw new MetricException(instanceId, null, "target id " + target + " is outside the vocabulary [0, "
                        + v + ") of " + model.name());
            }
            for (int i = 0; i < context.length; i++) {
                if (context[i] < 0 || context[i] >= v) {
                    throw new MetricException(instanceId, null, "context id " + context[i] + " at position " + i
                            + " is outside the vocabulary [0, " + v + ")");
                }
            }
            if (scores == null) {
                throw new MetricException(instanceId, null, "no attribution scores were given");
            }
            if (scores.length != context.length) {
                throw new MetricException(instanceId, null, "the attribution has " + scores.length
                        + " scores but the context has " + context.length + " tokens; give one score per context "
                        + "position (the target itself is not attributed)");
            }
            for (int i = 0; i < scores.length; i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new MetricException(instanceId, null, "the attribution score at position " + i + " is "
                            + scores[i] + "; every score must be finite");
                }
            }
            checkPositions(evidence == null ? null : new int[][] {evidence.paragraph(), evidence.distractor(),
                evidence.support(), evidence.evidence()}, "evidence annotation");
            checkPositions(gold == null ? null : new int[][] {gold.gold()}, "gold annotation");
            if (alignedPair != null) {
                checkPositions(alignedPair.activeWords(), "aligned active words");
                for (double x : alignedPair.passiveScores()) {
                    if (!Double.isFinite(x)) {
                        throw new MetricException(instanceId, null, "the passive attribution contains " + x);
                    }
                }
            }
            return new MetricContext(this);
        }

        private void checkPositions(int[][] sets, String what) {
            if (sets == null) {
                return;
            }
            for (int[] s : sets) {
                for (int p : s) {
                    if (p < 0 || p >= context.length) {
                        throw new MetricException(instanceId, null, what + " refers to position " + p
                                + ", outside the context [0, " + context.length + ")");
                    }
                }
            }
        }
    }

    public CausalLm model() {
        return model;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The context ids (a copy). */
    public int[] context() {
        return context.clone();
    }

    public int length() {
        return context.length;
    }

    public int target() {
        return target;
    }

    /** The raw scores (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    public int stepIndex() {
        return stepIndex;
    }

    public long seed() {
        return seed;
    }

    public String methodId() {
        return methodId;
    }

    public DrawSource draws() {
        return draws;
    }

    public EvidenceAnnotation evidence() {
        return evidence;
    }

    public GoldAnnotation gold() {
        return gold;
    }

    public AlignedPair alignedPair() {
        return alignedPair;
    }

    public Reattributor reattributor() {
        return reattributor;
    }

    /** Whether the extra input {@code r} was supplied. */
    public boolean has(Requirement r) {
        switch (r) {
            case EVIDENCE:
                return evidence != null;
            case GOLD:
                return gold != null;
            case ALIGNED_PAIR:
                return alignedPair != null;
            case REATTRIBUTION:
                return reattributor != null;
            default:
                throw new AssertionError(r);
        }
    }

    /** A value computed once per context and shared by every metric (keyed by a descriptive string). */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
        Object v = cache.get(key);
        if (v == null) {
            v = compute.get();
            cache.put(key, v);
        }
        return (T) v;
    }

    /** Drops every cached value (benchmarks measure each metric from a cold context). */
    public void clearCache() {
        cache.clear();
    }

    /** The clean forward pass on the context ids (one pass, cached). */
    public ForwardResult clean() {
        return shared("clean", () -> model.forward(ForwardRequest.ofIds(context)));
    }

    /** Offers a pass that ran the clean ids (e.g. with extra captures), so {@link #clean()} need not run again. */
    void offerClean(ForwardResult r) {
        cache.putIfAbsent("clean", r);
    }

    public double[] cleanLogits() {
        return clean().lastLogits();
    }

    /** The reference next-token distribution q (cached). */
    public double[] cleanProbs() {
        return shared("cleanProbs", () -> Softmax.of(cleanLogits()));
    }

    /** {@code ln p(y | x)}. */
    public double cleanLogProb() {
        return shared("cleanLogProb", () -> Softmax.logProb(cleanLogits(), target));
    }

    /** Token-embedding rows E of the context (cached; do not modify). */
    public double[][] embeddings() {
        return shared("embeddings", () -> model.embed(context));
    }

    /**
     * Positions never perturbed: position 0 when {@code protectBos} and the context starts with the
     * tokenizer's BOS (spec §1.5).
     */
    public boolean[] protectedPositions(boolean protectBos) {
        boolean[] p = new boolean[context.length];
        if (protectBos) {
            int bos = model.tokenizer().map(t -> t.bosId()).orElse(-1);
            p[0] = bos >= 0 && context[0] == bos;
        }
        return p;
    }

    /** The instance-named exception for {@code metric}. */
    public MetricException fail(String metric, String problem) {
        return new MetricException(instanceId, metric, problem);
    }
}
