package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Soft normalised sufficiency (Soft-NS) and comprehensiveness (Soft-NC), spec §2.
 *
 * <ul>
 *   <li>{@code REAGENT_HSQ} (default): Zhao &amp; Shan, "ReAGent", AAAI-24 ReLM workshop (arXiv 2402.00794),
 *       generative adaptation of Zhao &amp; Aletras (ACL 2023): element-wise Bernoulli keep masks driven by the
 *       normalised importance, the whole next-token distribution compared with {@code hsq}, normalised by the
 *       empty-input distance {@code D0}; per-step value plus the same step with a random importance
 *       {@code softmax(U[0,1))}; dataset number {@code ln(Σ source / Σ random)} (§2.5–2.6).</li>
 *   <li>{@code ZHAO_ALETRAS_TARGET_PROB}: the same masks, target-probability differences, clipped to [0, 1]
 *       (§2.11); dataset number = mean (the random-baseline values are reported as the baseline).</li>
 *   <li>{@code HETA_REPO_KL}: the HETA release's deterministic hard top-k zero masks with {@code KL(q ‖ p)}
 *       (§2.10); dataset number = mean.</li>
 * </ul>
 *
 * <p>Both metrics of a context share one computation (one batched forward call: empty input and every mask
 * for the method and for the random baseline; the clean pass comes from the context cache), so asking for
 * Soft-NS and Soft-NC costs {@code 2 + 4K} passes per step, as in §2.8.
 */
public final class SoftErasure implements Metric {

    /** Which of the two numbers. */
    public enum Kind { NS, NC }

    /** The three conventions of §2. */
    public enum Variant { REAGENT_HSQ, ZHAO_ALETRAS_TARGET_PROB, HETA_REPO_KL }

    /** Below this empty-input distance a step is undefined (§2.3 division guard). */
    public static final double MIN_D0 = 1e-12;

    private final Kind kind;
    private final Variant variant;
    private final ImportanceNormalization normalization;
    private final int samples;
    private final boolean clipNc;
    private final boolean shareRandom;
    private final double epsilon;
    private final double[] fractions;
    private final boolean protectBos;
    private final MetricInfo info;

    public SoftErasure(Kind kind, MetricConfig config) {
        this.kind = kind;
        this.variant = config.choice("soft.variant", Variant.class);
        this.normalization = config.choice("importance.normalization", ImportanceNormalization.class);
        this.samples = config.integer("soft.numMaskSamples");
        if (samples < 1) {
            throw new IllegalArgumentException("Metric configuration soft.numMaskSamples=" + samples
                    + " is invalid: need at least one mask");
        }
        this.clipNc = config.bool("soft.clipNc");
        this.shareRandom = config.bool("soft.shareRandomBaselineAcrossMethods");
        this.epsilon = config.real("soft.logRatioEpsilon");
        this.fractions = config.reals("soft.hetaFractions");
        this.protectBos = config.bool("perturb.protectBos");
        Map<String, String> used = config.subset("soft.variant", "importance.normalization", "soft.numMaskSamples",
                "soft.clipNc", "soft.shareRandomBaselineAcrossMethods", "soft.logRatioEpsilon", "soft.hetaFractions",
                "perturb.protectBos");
        String name = kind == Kind.NS ? "soft-ns" : "soft-nc";
        String shortName = kind == Kind.NS ? "Soft-NS" : "Soft-NC";
        double inf = Double.POSITIVE_INFINITY;
        switch (variant) {
            case REAGENT_HSQ:
                info = new MetricInfo(name, shortName, MetricInfo.Family.FAITHFULNESS,
                        MetricInfo.Direction.HIGHER_IS_BETTER, -inf, inf, inf, MetricInfo.Aggregation.LOG_RATIO_OF_SUMS,
                        "ln ratio vs random", MetricInfo.Provenance.CODE, "2.3-2.6", used);
                break;
            case ZHAO_ALETRAS_TARGET_PROB:
                info = new MetricInfo(name, shortName, MetricInfo.Family.FAITHFULNESS,
                        MetricInfo.Direction.HIGHER_IS_BETTER, 0, 1, 1, MetricInfo.Aggregation.MEAN, "probability",
                        MetricInfo.Provenance.PAPER, "2.11", used);
                break;
            default:
                info = new MetricInfo(name, shortName, MetricInfo.Family.FAITHFULNESS,
                        MetricInfo.Direction.HIGHER_IS_BETTER, kind == Kind.NS ? -inf : 0, kind == Kind.NS ? 0 : inf,
                        kind == Kind.NS ? 0 : inf, MetricInfo.Aggregation.MEAN, "nats", MetricInfo.Provenance.CODE,
                        "2.10", used);
        }
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /**
     * Per-step numbers of the method under test ({@code source}) and of the random importance.
     *
     * @param sourceNs Soft-NS of the method
     * @param sourceNc Soft-NC of the method
     * @param randomNs Soft-NS of the random importance (NaN for HETA_REPO_KL)
     * @param randomNc Soft-NC of the random importance (NaN for HETA_REPO_KL)
     * @param details distances and flags
     */
    public record Step(double sourceNs, double sourceNc, double randomNs, double randomNc, Map<String, Double> details,
                       Map<String, String> notes) {}

    @Override
    public MetricValue compute(MetricContext ctx) {
        Step s = ctx.shared("soft:" + info.config(), () -> step(ctx));
        double v = kind == Kind.NS ? s.sourceNs : s.sourceNc;
        double b = kind == Kind.NS ? s.randomNs : s.randomNc;
        Map<String, Double> c = new LinkedHashMap<>(s.details);
        if (variant != Variant.HETA_REPO_KL) {
            c.put("source", v);
            c.put("random", b);
            c.put("logRatio", DatasetAggregate.logRatio(v, b, epsilon));
        }
        Map<String, String> notes = new LinkedHashMap<>(s.notes);
        if (Double.isNaN(v)) {
            notes.putIfAbsent("undefined", "undefined step");
        }
        return new MetricValue(v, variant == Variant.HETA_REPO_KL ? Double.NaN : b, c, notes);
    }

    @Override
    public DatasetAggregate aggregate(List<MetricValue> perInstance) {
        return DatasetAggregate.of(info, perInstance, epsilon);
    }

    private Step step(MetricContext ctx) {
        int t = ctx.length();
        double[][] e = ctx.embeddings();
        boolean[] prot = ctx.protectedPositions(protectBos);
        boolean[] free = Perturbation.complement(prot, null);
        ImportanceNormalization.Result norm = normalization.apply(ctx.scores(), free);
        Map<String, String> notes = new LinkedHashMap<>();
        if (norm.degenerate()) {
            notes.put("degenerateAttribution", "all scores equal or zero; the uniform importance was used");
        }
        if (variant == Variant.HETA_REPO_KL) {
            return hetaStep(ctx, e, prot, notes);
        }
        double[] a = norm.values();
        // the random importance softmax(U[0,1)) over the free positions, fresh per step
        String randScope = shareRandom ? "random-baseline" : ctx.methodId() + "#random";
        Draws ru = ctx.draws().stream(randScope, DrawRole.RANDOM_IMPORTANCE, 0);
        double[] u = new double[t];
        int nFree = 0;
        for (int i = 0; i < t; i++) {
            if (free[i]) {
                u[nFree++] = ru.uniform();
            }
        }
        double[] sm = Softmax.of(java.util.Arrays.copyOf(u, nFree));
        double[] r = new double[t];
        for (int i = 0, j = 0; i < t; i++) {
            if (free[i]) {
                r[i] = sm[j++];
            }
        }
        List<ForwardRequest> rows = new ArrayList<>();
        rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(e, free)));
        for (double[] imp : new double[][] {a, r}) {
            String scope = imp == a ? ctx.methodId() : randScope;
            for (int k = 0; k < samples; k++) {
                rows.add(ForwardRequest.ofEmbeddings(Perturbation.softKeep(e, imp, prot,
                        ctx.draws().stream(scope, DrawRole.MASK_SUFF, k))));
            }
            double[] comp = new double[t];
            for (int i = 0; i < t; i++) {
                comp[i] = 1 - imp[i];
            }
            for (int k = 0; k < samples; k++) {
                rows.add(ForwardRequest.ofEmbeddings(Perturbation.softKeep(e, comp, prot,
                        ctx.draws().stream(scope, DrawRole.MASK_COMP, k))));
            }
        }
        double[] q = ctx.cleanProbs();
        List<ForwardResult> out = ctx.model().forward(rows);
        double[] p0 = Softmax.of(out.get(0).lastLogits());
        int row = 1;
        // source suff, source comp, random suff, random comp: K distributions each
        double[][][] dists = new double[4][samples][];
        for (int g = 0; g < 4; g++) {
            for (int k = 0; k < samples; k++) {
                dists[g][k] = Softmax.of(out.get(row++).lastLogits());
            }
        }
        Map<String, Double> det = new LinkedHashMap<>();
        double ns;
        double nc;
        double rns;
        double rnc;
        if (variant == Variant.REAGENT_HSQ) {
            double d0 = Divergence.HSQ.between(p0, q);
            double[] d = new double[4];
            for (int g = 0; g < 4; g++) {
                for (int k = 0; k < samples; k++) {
                    d[g] += Divergence.HSQ.between(dists[g][k], q) / samples;
                }
            }
            ns = reagentNs(d0, d[0]);
            nc = reagentNc(d0, d[1], clipNc);
            rns = reagentNs(d0, d[2]);
            rnc = reagentNc(d0, d[3], clipNc);
            det.put("D0", d0);
            det.put("Ds", d[0]);
            det.put("Dc", d[1]);
            det.put("randomDs", d[2]);
            det.put("randomDc", d[3]);
            if (d0 < MIN_D0) {
                notes.put("undefined", "empty-input distance D0 < 1e-12");
            }
        } else {
            int y = ctx.target();
            double[] py = new double[4];
            for (int g = 0; g < 4; g++) {
                for (int k = 0; k < samples; k++) {
                    py[g] += dists[g][k][y] / samples;
                }
            }
            double[] src = zhaoAletras(q[y], p0[y], py[0], py[1]);
            double[] rnd = zhaoAletras(q[y], p0[y], py[2], py[3]);
            ns = src[0];
            nc = src[1];
            rns = rnd[0];
            rnc = rnd[1];
            det.put("qY", q[y]);
            det.put("p0Y", p0[y]);
            if (Double.isNaN(ns)) {
                notes.put("undefined", "the empty input does not lower p(y): 1 - S0 = 0");
            }
        }
        return new Step(ns, nc, rns, rnc, det, notes);
    }

    private Step hetaStep(MetricContext ctx, double[][] e, boolean[] prot, Map<String, String> notes) {
        int t = ctx.length();
        boolean[] free = Perturbation.complement(prot, null);
        int[] order = Ranking.descending(ctx.scores(), free);
        List<ForwardRequest> rows = new ArrayList<>();
        for (double f : fractions) {
            int k = Math.min(order.length, Math.max(1, (int) Math.floor(f * t)));
            boolean[] top = Perturbation.mask(t, java.util.Arrays.copyOf(order, k));
            rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(e, top)));
            rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(e, Perturbation.complement(top, prot))));
        }
        double[] q = ctx.cleanProbs();
        List<ForwardResult> out = ctx.model().forward(rows);
        double nc = 0;
        double ns = 0;
        Map<String, Double> det = new LinkedHashMap<>();
        for (int j = 0; j < fractions.length; j++) {
            double klc = Divergence.KL.between(Softmax.of(out.get(2 * j).lastLogits()), q);
            double kls = Divergence.KL.between(Softmax.of(out.get(2 * j + 1).lastLogits()), q);
            det.put("klComp@" + fractions[j], klc);
            det.put("klSuff@" + fractions[j], kls);
            nc += klc / fractions.length;
            ns -= kls / fractions.length;
        }
        return new Step(ns, nc, Double.NaN, Double.NaN, det, notes);
    }

    /** ReAGent Soft-NS from distances: {@code max(0, D0 − Ds) / D0}; NaN if {@code D0 < 1e-12}. */
    public static double reagentNs(double d0, double ds) {
        if (d0 < MIN_D0) {
            return Double.NaN;
        }
        double s0 = 1 - d0;
        double softS = 1 - ds;
        return Math.max(0, softS - s0) / (1 - s0);
    }

    /** ReAGent Soft-NC from distances: {@code Dc / D0} (clipped to [0,1] if asked); NaN if {@code D0 < 1e-12}. */
    public static double reagentNc(double d0, double dc, boolean clip) {
        if (d0 < MIN_D0) {
            return Double.NaN;
        }
        double nc = dc / d0;
        return clip ? Math.min(1, Math.max(0, nc)) : nc;
    }

    /**
     * Zhao &amp; Aletras target-probability NS and NC (§2.2, §2.11), clipped to [0, 1]; NaN when the empty input
     * does not lower the target probability ({@code 1 − S0 = 0}).
     *
     * @return {@code {NS, NC}}
     */
    public static double[] zhaoAletras(double qy, double p0y, double psy, double pcy) {
        double s0 = 1 - Math.max(0, qy - p0y);
        double softS = 1 - Math.max(0, qy - psy);
        double softC = Math.max(0, qy - pcy);
        double den = 1 - s0;
        if (!(den > 0)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {clip01(Math.max(0, softS - s0) / den), clip01(softC / den)};
    }

    private static double clip01(double x) {
        return Math.min(1, Math.max(0, x));
    }
}
