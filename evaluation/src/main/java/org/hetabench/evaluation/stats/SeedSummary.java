package org.hetabench.evaluation.stats;

import java.util.Locale;

/**
 * Mean ± sample standard deviation of one dataset-level number over master seeds (spec §11.3), with min
 * and max (three values give only a rough std).
 *
 * @param n number of seeds
 * @param mean mean over seeds
 * @param std sample standard deviation (divisor n − 1; NaN for one seed)
 * @param min smallest value
 * @param max largest value
 */
public record SeedSummary(int n, double mean, double std, double min, double max) {

    public static SeedSummary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a seed summary needs at least one value");
        }
        double m = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m += v / values.length;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        double sd = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : Double.NaN;
        return new SeedSummary(values.length, m, sd, lo, hi);
    }

    /** E.g. {@code "1.69 ± 0.06 (3 seeds)"}. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ± " + f + " (%d seed%s)", mean, std, n, n == 1 ? "" : "s");
    }

    /** Mean and std only, e.g. {@code "1.69 ± 0.06"}. */
    public String formatShort(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ± " + f, mean, std);
    }
}
