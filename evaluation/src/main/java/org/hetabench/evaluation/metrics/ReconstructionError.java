package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Faithfulness reconstruction error {@code L(Attr) = |g(X) − g(X∖R) − Σ_{i∈R} Attr_i|} from the theory of the
 * HETA paper (Pramanik et al., ICLR 2026), turned into a metric by spec §10: over 27 subsets R (top-k and 8
 * random subsets for each fraction 0.1/0.2/0.3), with a per-instance least-squares scale
 * {@code α* = Σ Δg·S / Σ S²} so that the number measures non-additivity rather than units. Value = mean
 * {@code L_fit}; components {@code L_raw}, the relative error, {@code α*} and Ancona et al.'s sensitivity-n
 * (Pearson of S_R and Δg_R over the random subsets). One batched call of 27 rows.
 */
public final class ReconstructionError implements Metric {
    private static final int SAMPLE_OFFSET = 3_000_000;

    /** Output functional g. */
    public enum G { LOGPROB, PROB, LOGIT }

    /** How R is removed. */
    public enum Mask { ZERO_EMBED, DELETE, REPLACE_SAMPLED }

    private final G g;
    private final Mask mask;
    private final double[] fractions;
    private final int randomSubsets;
    private final boolean sensitivityN;
    private final boolean protectBos;
    private final MetricInfo info;

    public ReconstructionError(MetricConfig config) {
        this.g = config.choice("recon.g", G.class);
        this.mask = config.choice("recon.mask", Mask.class);
        this.fractions = config.reals("recon.fractions");
        this.randomSubsets = config.integer("recon.randomSubsets");
        if (randomSubsets < 0) {
            throw new IllegalArgumentException("Metric configuration recon.randomSubsets must be >= 0");
        }
        this.sensitivityN = config.bool("recon.reportSensitivityN");
        this.protectBos = config.bool("perturb.protectBos");
        info = new MetricInfo("reconstruction-error", "L(Attr)", MetricInfo.Family.FAITHFULNESS,
                MetricInfo.Direction.LOWER_IS_BETTER, 0, Double.POSITIVE_INFINITY, 0, MetricInfo.Aggregation.MEAN,
                g == G.PROB ? "probability" : g == G.LOGIT ? "logit" : "nats", MetricInfo.Provenance.SPEC, "10",
                config.subset("recon.g", "recon.mask", "recon.fractions", "recon.randomSubsets",
                        "recon.reportSensitivityN", "perturb.protectBos"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /**
     * The fit of §10.
     *
     * @param alpha the least-squares scale α* (0 if every S is 0)
     * @param lFit mean {@code |Δg − α*S|}
     * @param lRaw mean {@code |Δg − S|}
     * @param relative mean {@code |Δg − α*S| / (|Δg| + 1e-6)}
     * @param relativeRaw mean {@code |Δg − S| / (|Δg| + 1e-6)} (unit test 10-A's "relative")
     */
    public record Fit(double alpha, double lFit, double lRaw, double relative, double relativeRaw) {}

    /** Fits α* and the errors over subsets (unit tests 10-A, 10-B). */
    public static Fit fit(double[] dg, double[] s) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < dg.length; r++) {
            num += dg[r] * s[r];
            den += s[r] * s[r];
        }
        double alpha = den == 0 ? 0 : num / den;
        double fitSum = 0;
        double rawSum = 0;
        double rel = 0;
        double relRaw = 0;
        for (int r = 0; r < dg.length; r++) {
            double res = Math.abs(dg[r] - alpha * s[r]);
            fitSum += res;
            rawSum += Math.abs(dg[r] - s[r]);
            rel += res / (Math.abs(dg[r]) + 1e-6);
            relRaw += Math.abs(dg[r] - s[r]) / (Math.abs(dg[r]) + 1e-6);
        }
        int n = dg.length;
        return new Fit(alpha, fitSum / n, rawSum / n, rel / n, relRaw / n);
    }

    private double gOf(double[] z, int y) {
        return switch (g) {
            case LOGPROB -> Softmax.logProb(z, y);
            case PROB -> Math.exp(Softmax.logProb(z, y));
            case LOGIT -> z[y];
        };
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        int t = ctx.length();
        int[] ids = ctx.context();
        double[] a = ctx.scores();
        boolean[] prot = ctx.protectedPositions(protectBos);
        boolean[] eligible = Perturbation.complement(prot, null);
        int[] elig = java.util.stream.IntStream.range(0, t).filter(i -> eligible[i]).toArray();
        if (elig.length == 0) {
            return MetricValue.undefined("no eligible positions");
        }
        int[] order = Ranking.descending(a, eligible);
        List<int[]> subsets = new ArrayList<>();
        List<Boolean> random = new ArrayList<>();
        for (int fi = 0; fi < fractions.length; fi++) {
            int k = Math.min(elig.length, Math.max(1, (int) Math.floor(fractions[fi] * elig.length + 1e-9)));
            subsets.add(Arrays.copyOf(order, k));
            random.add(false);
            for (int r = 0; r < randomSubsets; r++) {
                Draws d = ctx.draws().stream(ctx.methodId(), DrawRole.SUBSET, fi * randomSubsets + r);
                int[] pool = elig.clone();
                for (int j = 0; j < k; j++) { // partial Fisher–Yates
                    int pick = j + d.integer(pool.length - j);
                    int tmp = pool[j];
                    pool[j] = pool[pick];
                    pool[pick] = tmp;
                }
                subsets.add(Arrays.copyOf(pool, k));
                random.add(true);
            }
        }
        LmSelfSampler sampler = mask == Mask.REPLACE_SAMPLED ? LmSelfSampler.of(ctx, 50) : null;
        List<ForwardRequest> rows = new ArrayList<>();
        for (int s = 0; s < subsets.size(); s++) {
            int[] set = subsets.get(s);
            boolean[] m = Perturbation.mask(t, set);
            switch (mask) {
                case ZERO_EMBED:
                    rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(ctx.embeddings(), m)));
                    break;
                case DELETE: {
                    int[] kept = Perturbation.delete(ids, m);
                    rows.add(kept.length == 0 ? ForwardRequest.ofEmbeddings(new double[1][ctx.model().config()
                            .hiddenSize()]) : ForwardRequest.ofIds(kept));
                    break;
                }
                default: {
                    Draws d = ctx.draws().stream("replacement", DrawRole.REPLACEMENT, SAMPLE_OFFSET + s);
                    rows.add(ForwardRequest.ofIds(Perturbation.replace(ids, set, sampler.sample(set, d))));
                }
            }
        }
        double g0 = gOf(ctx.cleanLogits(), ctx.target());
        List<ForwardResult> out = ctx.model().forward(rows);
        double[] dg = new double[subsets.size()];
        double[] sr = new double[subsets.size()];
        List<Double> rdg = new ArrayList<>();
        List<Double> rs = new ArrayList<>();
        for (int s = 0; s < subsets.size(); s++) {
            dg[s] = g0 - gOf(out.get(s).lastLogits(), ctx.target());
            for (int p : subsets.get(s)) {
                sr[s] += a[p];
            }
            if (random.get(s)) {
                rdg.add(dg[s]);
                rs.add(sr[s]);
            }
        }
        Fit f = fit(dg, sr);
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("lRaw", f.lRaw());
        c.put("relative", f.relative());
        c.put("relativeRaw", f.relativeRaw());
        c.put("alpha", f.alpha());
        c.put("subsets", (double) subsets.size());
        if (sensitivityN) {
            double sn = Double.NaN;
            if (rs.size() >= 3) {
                double[] x = rs.stream().mapToDouble(Double::doubleValue).toArray();
                double[] y = rdg.stream().mapToDouble(Double::doubleValue).toArray();
                if (Arrays.stream(x).distinct().count() > 1 && Arrays.stream(y).distinct().count() > 1) {
                    sn = new PearsonsCorrelation().correlation(x, y);
                }
            }
            c.put("sensitivityN", sn);
        }
        return new MetricValue(f.lFit(), Double.NaN, c, Map.of());
    }
}
