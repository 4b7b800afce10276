package org.hetabench.evaluation.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-sided Wilcoxon signed-rank test as spec §11.2 prescribes: zero differences dropped; average ranks of
 * |d| for ties; the exact null distribution for {@code n ≤ 25} without ties, otherwise the normal
 * approximation with tie correction (no continuity correction). (commons-math3's test neither drops zeros nor
 * corrects for ties, hence this class.)
 *
 * @param n non-zero differences used
 * @param wPlus sum of ranks of positive differences
 * @param wMinus sum of ranks of negative differences
 * @param p two-sided p-value
 * @param exact whether the exact distribution was used
 * @param rankBiserial matched-pairs rank-biserial {@code (W+ − W−)/(W+ + W−)}
 */
public record WilcoxonSignedRank(int n, double wPlus, double wMinus, double p, boolean exact, double rankBiserial) {

    /** Largest n for the exact distribution. */
    public static final int EXACT_MAX_N = 25;

    public static WilcoxonSignedRank test(double[] d) {
        int n = 0;
        for (double x : d) {
            n += x != 0 ? 1 : 0;
        }
        if (n == 0) {
            return new WilcoxonSignedRank(0, 0, 0, Double.NaN, false, Double.NaN);
        }
        double[] abs = new double[n];
        double[] sign = new double[n];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (d[i] != 0) {
                abs[j] = Math.abs(d[i]);
                sign[j++] = Math.signum(d[i]);
            }
        }
        double[] r = SpearmanCorrelation.ranks(abs);
        double wp = 0;
        double wm = 0;
        for (int i = 0; i < n; i++) {
            if (sign[i] > 0) {
                wp += r[i];
            } else {
                wm += r[i];
            }
        }
        boolean ties = java.util.Arrays.stream(abs).distinct().count() < n;
        double rrb = (wp - wm) / (wp + wm);
        if (n <= EXACT_MAX_N && !ties) {
            // count sign assignments by their W+ (ranks 1..n are integers without ties)
            int maxW = n * (n + 1) / 2;
            double[] count = new double[maxW + 1];
            count[0] = 1;
            for (int k = 1; k <= n; k++) {
                for (int w = maxW; w >= k; w--) {
                    count[w] += count[w - k];
                }
            }
            double total = Math.pow(2, n);
            int wmin = (int) Math.round(Math.min(wp, wm));
            double tail = 0;
            for (int w = 0; w <= wmin; w++) {
                tail += count[w];
            }
            return new WilcoxonSignedRank(n, wp, wm, Math.min(1, 2 * tail / total), true, rrb);
        }
        double mean = n * (n + 1) / 4.0;
        double var = n * (n + 1) * (2.0 * n + 1) / 24.0;
        double[] sorted = abs.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double tt = j - i + 1;
            var -= (tt * tt * tt - tt) / 48.0;
            i = j + 1;
        }
        double p;
        if (var <= 0) {
            p = 1;
        } else {
            double z = (wp - mean) / Math.sqrt(var);
            p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));
        }
        return new WilcoxonSignedRank(n, wp, wm, Math.min(1, p), false, rrb);
    }
}
