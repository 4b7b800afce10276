package org.hetabench.evaluation.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hetabench.evaluation.stats.SpearmanCorrelation;

/**
 * The intervention metrics of spec §8 ([SPEC] reconstructions of the HETA paper's Patch-Corr,
 * Intervention@5, Misattribution rate and Causal Pass@5; Pramanik et al., ICLR 2026, arXiv 2604.13258), all
 * built on the shared {@link InterventionEffects} of a context.
 */
public final class Intervention implements Metric {

    /** Which metric. */
    public enum Kind { PATCH_CORR, INTERVENTION_AT_K, MISATTRIBUTION_RATE, CAUSAL_PASS_AT_K }

    private final Kind kind;
    private final String source;
    private final int draws;
    private final boolean absDelta;
    private final int minN;
    private final int k;
    private final double tau;
    private final boolean flip;
    private final boolean normalized;
    private final boolean protectBos;
    private final MetricInfo info;

    public Intervention(Kind kind, MetricConfig config) {
        this.kind = kind;
        this.source = config.choice("patch.source");
        this.draws = config.integer("patch.draws");
        if (draws < 1) {
            throw new IllegalArgumentException("Metric configuration patch.draws=" + draws + " must be >= 1");
        }
        this.absDelta = config.bool("patch.absDelta");
        this.minN = config.integer("spearman.minN");
        this.tau = config.real("misattribution.tau");
        this.flip = config.choice("causalPass.criterion").equals("FLIP");
        this.normalized = config.bool("intervention.normalized");
        this.protectBos = config.bool("perturb.protectBos");
        double inf = Double.POSITIVE_INFINITY;
        switch (kind) {
            case PATCH_CORR:
                k = 0;
                info = new MetricInfo("patch-corr", "Patch-Corr", MetricInfo.Family.CAUSAL,
                        MetricInfo.Direction.HIGHER_IS_BETTER, -1, 1, 1, MetricInfo.Aggregation.MEAN, "Spearman rho",
                        MetricInfo.Provenance.SPEC, "8.2", config.subset("patch.source", "patch.draws",
                        "patch.absDelta", "spearman.minN", "perturb.protectBos"));
                break;
            case INTERVENTION_AT_K:
                k = config.integer("intervention.k");
                info = new MetricInfo("intervention-at-k", "Intervention@" + k, MetricInfo.Family.CAUSAL,
                        MetricInfo.Direction.HIGHER_IS_BETTER, -inf, inf, inf, MetricInfo.Aggregation.MEAN, "nats",
                        MetricInfo.Provenance.SPEC, "8.2", config.subset("patch.source", "patch.draws",
                        "intervention.k", "intervention.normalized", "perturb.protectBos"));
                break;
            case MISATTRIBUTION_RATE:
                k = config.integer("misattribution.k");
                info = new MetricInfo("misattribution-rate", "Misattribution@" + k, MetricInfo.Family.CAUSAL,
                        MetricInfo.Direction.LOWER_IS_BETTER, 0, 1, 0, MetricInfo.Aggregation.MEAN, "fraction",
                        MetricInfo.Provenance.SPEC, "8.2", config.subset("patch.source", "patch.draws",
                        "misattribution.k", "misattribution.tau", "perturb.protectBos"));
                break;
            default:
                k = config.integer("causalPass.k");
                info = new MetricInfo("causal-pass-at-k", "Causal Pass@" + k, MetricInfo.Family.CAUSAL,
                        MetricInfo.Direction.HIGHER_IS_BETTER, 0, 1, 1, MetricInfo.Aggregation.FRACTION,
                        "fraction of instances", MetricInfo.Provenance.SPEC, "8.2", config.subset("patch.source",
                        "patch.draws", "causalPass.k", "causalPass.criterion", "perturb.protectBos"));
        }
        if (kind != Kind.PATCH_CORR && k < 1) {
            throw new IllegalArgumentException("Metric configuration for " + info.name() + ": k must be >= 1, got " + k);
        }
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /** Spearman(A, Δ) (unit test 8-A); Δ made absolute first if {@code absDelta}. */
    public static double patchCorr(double[] a, double[] delta, boolean absDelta, int minN) {
        double[] d = absDelta ? Arrays.stream(delta).map(Math::abs).toArray() : delta;
        return SpearmanCorrelation.rho(a, d, minN);
    }

    /** Fraction of the top-k positions by A whose Δ is below τ (unit test 8-B). */
    public static double misattributionRate(double[] a, double[] delta, int k, double tau) {
        int[] top = Ranking.topK(a, null, Math.min(k, a.length));
        int bad = 0;
        for (int p : top) {
            bad += delta[p] < tau ? 1 : 0;
        }
        return (double) bad / top.length;
    }

    /** {@code ln p(y|x) − mean(draws)} (unit test 8-C). */
    public static double jointDelta(double cleanLogProb, double[] drawLogProbs) {
        return cleanLogProb - Arrays.stream(drawLogProbs).average().orElse(Double.NaN);
    }

    /** FLIP criterion: pass iff the target loses the argmax in at least half of the draws (unit test 8-D). */
    public static boolean passesFlip(int flips, int draws) {
        return 2 * flips >= draws;
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        InterventionEffects fx = InterventionEffects.of(ctx, source, draws);
        boolean[] prot = ctx.protectedPositions(protectBos);
        boolean[] eligible = Perturbation.complement(prot, null);
        int[] elig = java.util.stream.IntStream.range(0, ctx.length()).filter(i -> eligible[i]).toArray();
        double[] a = ctx.scores();
        Map<String, Double> c = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        switch (kind) {
            case PATCH_CORR: {
                double[] d = fx.delta(elig);
                double[] ae = Arrays.stream(elig).mapToDouble(i -> a[i]).toArray();
                double rho = patchCorr(ae, d, absDelta, minN);
                if (Double.isNaN(rho)) {
                    notes.put("undefined", "fewer than " + minN + " positions or constant A or Δ");
                }
                c.put("positions", (double) elig.length);
                return new MetricValue(rho, Double.NaN, c, notes);
            }
            case MISATTRIBUTION_RATE: {
                int[] top = Ranking.topK(a, eligible, Math.min(k, elig.length));
                if (top.length == 0) {
                    return MetricValue.undefined("no eligible positions");
                }
                double[] d = fx.delta(top);
                int bad = 0;
                for (double x : d) {
                    bad += x < tau ? 1 : 0;
                }
                c.put("k", (double) top.length);
                return new MetricValue((double) bad / top.length, Double.NaN, c, notes);
            }
            default: {
                int[] top = Ranking.topK(a, eligible, Math.min(k, elig.length));
                if (top.length == 0) {
                    return MetricValue.undefined("no eligible positions");
                }
                InterventionEffects.Joint j = fx.joint(top);
                c.put("k", (double) top.length);
                c.put("deltaJ", j.deltaJ());
                c.put("flips", (double) j.flips());
                if (Softmax.argmax(ctx.cleanLogits()) != ctx.target()) {
                    notes.put("targetNotArgmax", "the target is not the clean argmax; FLIP counts any non-target argmax");
                }
                if (kind == Kind.INTERVENTION_AT_K) {
                    if (normalized) {
                        double[] all = fx.delta(elig);
                        double[] full = new double[ctx.length()];
                        Arrays.fill(full, Double.NEGATIVE_INFINITY);
                        for (int i = 0; i < elig.length; i++) {
                            full[elig[i]] = all[i];
                        }
                        int[] oracle = Ranking.topK(full, eligible, top.length);
                        c.put("normalized", j.deltaJ() / fx.joint(oracle).deltaJ());
                    }
                    return new MetricValue(j.deltaJ(), Double.NaN, c, notes);
                }
                boolean pass = flip ? passesFlip(j.flips(), fx.draws()) : j.deltaJ() >= Math.log(2);
                return new MetricValue(pass ? 1 : 0, Double.NaN, c, notes);
            }
        }
    }
}
