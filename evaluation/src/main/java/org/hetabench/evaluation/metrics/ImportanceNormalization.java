package org.hetabench.evaluation.metrics;

/**
 * The named normalisation step of spec §1.4 that turns raw attribution scores into importances.
 * Degenerate inputs (zero denominator) give the uniform vector {@code 1/n} and are flagged.
 */
public enum ImportanceNormalization {
    /** {@code |A_i| / Σ_j |A_j|} (default; what ReAGent effectively evaluates). */
    SUM_TO_ONE_ABS,
    /** {@code softmax(A)}. */
    SOFTMAX,
    /** {@code (A_i − min A) / (max A − min A)} (Zhao &amp; Aletras options 2/4/5). */
    MINMAX,
    /** {@code 1 / (1 + exp(−A_i))} (Zhao &amp; Aletras option 1). */
    SIGMOID,
    /** Identity. */
    NONE;

    /**
     * Normalised importances.
     *
     * @param values the importances
     * @param degenerate true when the uniform fallback was used
     */
    public record Result(double[] values, boolean degenerate) {}

    /** Applies the normalisation to {@code a} (not modified). */
    public Result apply(double[] a) {
        int n = a.length;
        double[] o = new double[n];
        switch (this) {
            case SUM_TO_ONE_ABS: {
                double s = 0;
                for (double x : a) {
                    s += Math.abs(x);
                }
                if (!(s > 0)) {
                    return uniform(n);
                }
                for (int i = 0; i < n; i++) {
                    o[i] = Math.abs(a[i]) / s;
                }
                return new Result(o, false);
            }
            case SOFTMAX:
                return new Result(Softmax.of(a), false);
            case MINMAX: {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double x : a) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                if (!(hi > lo)) {
                    return uniform(n);
                }
                for (int i = 0; i < n; i++) {
                    o[i] = (a[i] - lo) / (hi - lo);
                }
                return new Result(o, false);
            }
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    o[i] = 1 / (1 + Math.exp(-a[i]));
                }
                return new Result(o, false);
            case NONE:
                return new Result(a.clone(), false);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Normalises only the positions where {@code include} is true; the others get 0. Used when protected
     * positions (BOS) are kept out of the budget.
     */
    public Result apply(double[] a, boolean[] include) {
        int m = 0;
        for (boolean b : include) {
            m += b ? 1 : 0;
        }
        double[] sub = new double[m];
        for (int i = 0, j = 0; i < a.length; i++) {
            if (include[i]) {
                sub[j++] = a[i];
            }
        }
        Result r = apply(sub);
        double[] o = new double[a.length];
        for (int i = 0, j = 0; i < a.length; i++) {
            if (include[i]) {
                o[i] = r.values[j++];
            }
        }
        return new Result(o, r.degenerate);
    }

    private static Result uniform(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, n == 0 ? 0 : 1.0 / n);
        return new Result(o, true);
    }
}
