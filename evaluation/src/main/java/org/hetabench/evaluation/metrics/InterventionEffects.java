package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Interventional effects of spec §8.1, computed once per context and shared by Patch-Corr, Intervention@k,
 * Misattribution rate and Causal Pass@k.
 *
 * <ul>
 *   <li>{@code REPLACE_SAMPLED} (default): token {@code i} replaced by an {@link LmSelfSampler} draw, {@code M}
 *       draws; equivalent to patching the token's whole residual stream at every layer.</li>
 *   <li>{@code RESIDUAL_LAYER(l)}: a corrupted run (token replaced as above) is captured, and its residual
 *       stream entering block {@code l} at the intervened positions is patched into the clean run through
 *       {@link ForwardRequest.Patch} (activation patching).</li>
 *   <li>{@code ZERO_EMBED}, {@code MEAN_EMBED}: deterministic, one draw.</li>
 * </ul>
 *
 * <p>{@code Δ_i = ln p(y|x) − (1/M) Σ_m ln p(y | x with i intervened, draw m)}. Individual effects are computed
 * on demand for the positions asked and cached, so Misattribution rate alone costs {@code k·M} rows while
 * Patch-Corr computes all {@code T·M}; each request is one batched call (two for {@code RESIDUAL_LAYER}).
 */
public final class InterventionEffects {
    private static final int JOINT_OFFSET = 1_000_000;
    private static final int TOP_K = 50;
    /** Rows per native call when residuals are captured (memory: rows × layers × T × d doubles). */
    private static final int CAPTURE_CHUNK = 64;

    /** What is intervened with. */
    public enum Source { REPLACE_SAMPLED, RESIDUAL_LAYER, ZERO_EMBED, MEAN_EMBED }

    private final MetricContext ctx;
    private final Source source;
    private final int layer;
    private final int draws;
    private final Map<Integer, Double> delta = new HashMap<>();
    private final Map<String, Joint> joint = new HashMap<>();

    /**
     * Result of a joint intervention on a set of positions.
     *
     * @param deltaJ {@code ln p(y|x) − mean_m ln p(y | x with the set intervened)}
     * @param logProbs per-draw log-probabilities
     * @param flips draws in which {@code y} is no longer the argmax
     */
    public record Joint(double deltaJ, double[] logProbs, int flips) {}

    private InterventionEffects(MetricContext ctx, Source source, int layer, int draws) {
        this.ctx = ctx;
        this.source = source;
        this.layer = layer;
        this.draws = source == Source.ZERO_EMBED || source == Source.MEAN_EMBED ? 1 : draws;
    }

    /** The context's shared effects for a {@code patch.source} value and draw count. */
    public static InterventionEffects of(MetricContext ctx, String patchSource, int draws) {
        return ctx.shared("interventions:" + patchSource + ":" + draws, () -> {
            if (patchSource.startsWith("RESIDUAL_LAYER(")) {
                int l = Integer.parseInt(patchSource.substring("RESIDUAL_LAYER(".length(), patchSource.length() - 1));
                int nl = ctx.model().config().numLayers();
                if (l < 0 || l > nl) {
                    throw new IllegalArgumentException("Metric configuration patch.source=" + patchSource
                            + " is invalid: layer must be in [0, " + nl + "] for " + ctx.model().name());
                }
                return new InterventionEffects(ctx, Source.RESIDUAL_LAYER, l, draws);
            }
            return new InterventionEffects(ctx, Source.valueOf(patchSource), -1, draws);
        });
    }

    /** Draws per intervention actually used (1 for the deterministic sources). */
    public int draws() {
        return draws;
    }

    /** {@code Δ_i} for each of {@code positions} (computed in one batched call for the missing ones). */
    public double[] delta(int[] positions) {
        List<int[]> sets = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int p : positions) {
            if (!delta.containsKey(p) && !missing.contains(p)) {
                missing.add(p);
                for (int m = 0; m < draws; m++) {
                    sets.add(new int[] {p});
                }
            }
        }
        if (!missing.isEmpty()) {
            List<Integer> samples = new ArrayList<>();
            for (int p : missing) {
                for (int m = 0; m < draws; m++) {
                    samples.add(p * draws + m);
                }
            }
            double[] lp = logProbs(sets, samples);
            double clean = ctx.cleanLogProb();
            for (int j = 0; j < missing.size(); j++) {
                double mean = 0;
                for (int m = 0; m < draws; m++) {
                    mean += lp[j * draws + m] / draws;
                }
                delta.put(missing.get(j), clean - mean);
            }
        }
        double[] o = new double[positions.length];
        for (int j = 0; j < positions.length; j++) {
            o[j] = delta.get(positions[j]);
        }
        return o;
    }

    /** Joint intervention on {@code positions} (all at once, {@code M} draws). */
    public Joint joint(int[] positions) {
        String key = java.util.Arrays.toString(positions);
        Joint j = joint.get(key);
        if (j != null) {
            return j;
        }
        List<int[]> sets = new ArrayList<>();
        List<Integer> samples = new ArrayList<>();
        for (int m = 0; m < draws; m++) {
            sets.add(positions);
            samples.add(JOINT_OFFSET + m);
        }
        double[][] z = logits(sets, samples);
        double clean = ctx.cleanLogProb();
        double[] lp = new double[draws];
        int flips = 0;
        double mean = 0;
        for (int m = 0; m < draws; m++) {
            lp[m] = Softmax.logProb(z[m], ctx.target());
            mean += lp[m] / draws;
            flips += Softmax.argmax(z[m]) != ctx.target() ? 1 : 0;
        }
        j = new Joint(clean - mean, lp, flips);
        joint.put(key, j);
        return j;
    }

    private double[] logProbs(List<int[]> sets, List<Integer> samples) {
        double[][] z = logits(sets, samples);
        double[] o = new double[z.length];
        for (int r = 0; r < z.length; r++) {
            o[r] = Softmax.logProb(z[r], ctx.target());
        }
        return o;
    }

    /** Last-position logits with each set intervened; {@code samples} index the replacement streams. */
    private double[][] logits(List<int[]> sets, List<Integer> samples) {
        int[] ids = ctx.context();
        int t = ids.length;
        List<ForwardRequest> rows = new ArrayList<>(sets.size());
        LmSelfSampler sampler = source == Source.REPLACE_SAMPLED || source == Source.RESIDUAL_LAYER
                ? LmSelfSampler.of(ctx, TOP_K) : null;
        for (int r = 0; r < sets.size(); r++) {
            int[] set = sets.get(r);
            switch (source) {
                case ZERO_EMBED:
                    rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(ctx.embeddings(),
                            Perturbation.mask(t, set))));
                    break;
                case MEAN_EMBED:
                    rows.add(ForwardRequest.ofEmbeddings(Perturbation.meanRows(ctx.embeddings(),
                            Perturbation.mask(t, set))));
                    break;
                default: {
                    Draws d = ctx.draws().stream("replacement", DrawRole.REPLACEMENT, samples.get(r));
                    rows.add(ForwardRequest.ofIds(Perturbation.replace(ids, set, sampler.sample(set, d))));
                }
            }
        }
        if (source != Source.RESIDUAL_LAYER) {
            List<ForwardResult> out = ctx.model().forward(rows);
            return out.stream().map(ForwardResult::lastLogits).toArray(double[][]::new);
        }
        // activation patching: capture the corrupted residual entering block `layer`, patch it into the clean run
        List<ForwardRequest> patched = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += CAPTURE_CHUNK) {
            int to = Math.min(rows.size(), from + CAPTURE_CHUNK);
            List<ForwardRequest> chunk = new ArrayList<>();
            for (int r = from; r < to; r++) {
                chunk.add(rows.get(r).withCaptures(ForwardRequest.Capture.RESIDUALS));
            }
            List<ForwardResult> corrupted = ctx.model().forward(chunk);
            for (int r = from; r < to; r++) {
                double[][] resid = corrupted.get(r - from).residuals()[layer];
                List<ForwardRequest.Patch> ps = new ArrayList<>();
                for (int p : sets.get(r)) {
                    ps.add(new ForwardRequest.Patch(layer, p, resid[p].clone()));
                }
                patched.add(ForwardRequest.ofIds(ids).withPatches(ps));
            }
        }
        List<ForwardResult> out = ctx.model().forward(patched);
        return out.stream().map(ForwardResult::lastLogits).toArray(double[][]::new);
    }
}
