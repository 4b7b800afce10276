package org.hetabench.evaluation.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hetabench.core.util.Seeds;

/**
 * Paired comparison of two methods A and B on the same instances (spec §11.2): {@code d_i = A_i − B_i};
 * mean difference with a percentile bootstrap CI (instances resampled with replacement, seeded BOOTSTRAP
 * stream), Wilcoxon signed-rank test, Cohen's {@code d_z = mean(d)/sd(d)} and the matched-pairs rank-biserial
 * correlation, plus Spearman of A vs B across instances (an agreement measure, not a test).
 *
 * @param n instances
 * @param meanDiff mean of d
 * @param sdDiff sample std of d (divisor n − 1)
 * @param ciLow lower bound of the {@code 1 − alpha} bootstrap CI of mean(d)
 * @param ciHigh upper bound
 * @param wilcoxon the signed-rank test
 * @param cohenDz {@code mean(d)/sd(d)}
 * @param spearmanAcrossInstances Spearman(A, B) over instances
 */
public record PairedComparison(int n, double meanDiff, double sdDiff, double ciLow, double ciHigh,
                               WilcoxonSignedRank wilcoxon, double cohenDz, double spearmanAcrossInstances) {

    /**
     * Compares per-instance scores.
     *
     * @param a scores of method A
     * @param b scores of method B on the same instances, same order
     * @param resamples bootstrap resamples (spec default 10,000)
     * @param alpha 1 − confidence (spec default 0.05)
     * @param seed master seed of the BOOTSTRAP stream
     */
    public static PairedComparison of(double[] a, double[] b, int resamples, double alpha, long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired comparison needs the same instances: " + a.length + " vs "
                    + b.length + " scores");
        }
        int n = a.length;
        if (n < 2) {
            throw new IllegalArgumentException("paired comparison needs at least 2 instances, got " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("paired comparison: instance " + i + " has a non-finite score ("
                        + a[i] + ", " + b[i] + "); drop undefined instances from both methods first");
            }
            d[i] = a[i] - b[i];
        }
        double mean = Arrays.stream(d).average().orElseThrow();
        double ss = 0;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        SplittableRandom rng = new SplittableRandom(Seeds.fold(seed, Seeds.hash("BOOTSTRAP")));
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[rng.nextInt(n)];
            }
            means[r] = s / n;
        }
        double[] ci = percentileInterval(means, alpha);
        return new PairedComparison(n, mean, sd, ci[0], ci[1], WilcoxonSignedRank.test(d),
                sd == 0 ? Double.NaN : mean / sd, SpearmanCorrelation.rho(a, b, 3));
    }

    /** The {@code alpha/2} and {@code 1 − alpha/2} percentiles (linear interpolation between order statistics). */
    public static double[] percentileInterval(double[] values, double alpha) {
        double[] s = values.clone();
        Arrays.sort(s);
        return new double[] {quantile(s, alpha / 2), quantile(s, 1 - alpha / 2)};
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Paired bootstrap of the difference of two dataset-level log ratios (spec §11.2 last paragraph): the same
     * resampled instances for A and B, {@code ln(Σ src/Σ rand)} recomputed for each method.
     *
     * @return {@code {point difference, ciLow, ciHigh}}
     */
    public static double[] logRatioDifference(double[] srcA, double[] randA, double[] srcB, double[] randB,
                                              int resamples, double alpha, long seed) {
        int n = srcA.length;
        if (randA.length != n || srcB.length != n || randB.length != n) {
            throw new IllegalArgumentException("log-ratio comparison needs four arrays over the same instances");
        }
        double point = lr(srcA, randA, null) - lr(srcB, randB, null);
        SplittableRandom rng = new SplittableRandom(Seeds.fold(seed, Seeds.hash("BOOTSTRAP-LOGRATIO")));
        double[] diffs = new double[resamples];
        int[] idx = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(n);
            }
            diffs[r] = lr(srcA, randA, idx) - lr(srcB, randB, idx);
        }
        double[] ci = percentileInterval(diffs, alpha);
        return new double[] {point, ci[0], ci[1]};
    }

    private static double lr(double[] src, double[] rand, int[] idx) {
        double s = 0;
        double r = 0;
        for (int i = 0; i < src.length; i++) {
            int j = idx == null ? i : idx[i];
            s += src[j];
            r += rand[j];
        }
        return Math.log(s / r);
    }

    /** Holm step-down adjusted p-values (same order as the input). */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adj = new double[m];
        double running = 0;
        for (int r = 0; r < m; r++) {
            double v = Math.min(1, (m - r) * p[order[r]]);
            running = Math.max(running, v);
            adj[order[r]] = running;
        }
        return adj;
    }
}
