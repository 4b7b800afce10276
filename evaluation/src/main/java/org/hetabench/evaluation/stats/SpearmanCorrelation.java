package org.hetabench.evaluation.stats;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Spearman's ρ as spec §1.7 defines it: ascending ranks with average ranks for ties, then the Pearson
 * correlation of the rank vectors; NaN when {@code n < minN} or either rank vector is constant.
 */
public final class SpearmanCorrelation {
    private static final NaturalRanking RANKING = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private SpearmanCorrelation() {}

    /** Average ranks (1-based, ascending). */
    public static double[] ranks(double[] x) {
        return RANKING.rank(x);
    }

    /** ρ, or NaN if undefined. */
    public static double rho(double[] a, double[] b, int minN) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Spearman needs equal lengths, got " + a.length + " and " + b.length);
        }
        if (a.length < Math.max(2, minN)) {
            return Double.NaN;
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        if (constant(ra) || constant(rb)) {
            return Double.NaN;
        }
        return new PearsonsCorrelation().correlation(ra, rb);
    }

    /** ρ with the spec default {@code minN = 3}. */
    public static double rho(double[] a, double[] b) {
        return rho(a, b, 3);
    }

    private static boolean constant(double[] r) {
        for (double x : r) {
            if (x != r[0]) {
                return false;
            }
        }
        return true;
    }
}
