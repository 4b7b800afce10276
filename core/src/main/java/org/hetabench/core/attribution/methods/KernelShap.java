package org.hetabench.core.attribution.methods;

/**
 * Kernel-SHAP as a constrained weighted least-squares problem (Lundberg &amp; Lee 2017; methods.md
 * Appendix C): fits {@code v(S) ≈ φ_0 + Σ_{i∈S} φ_i} with the efficiency constraint
 * {@code φ_0 + Σ φ_i = v_full} and, when known, {@code φ_0 = v_empty}, by eliminating one unknown and
 * solving the ridge-stabilised normal equations with a Cholesky factorisation.
 */
public final class KernelShap {
    private KernelShap() {}

    /** The Shapley kernel weight {@code (p−1) / (C(p, s) · s · (p−s))} for {@code 0 < s < p}. */
    public static double kernel(int s, int p) {
        if (s <= 0 || s >= p) {
            throw new IllegalArgumentException("the Shapley kernel is defined for 0 < s < p; got s=" + s + ", p=" + p);
        }
        return Math.exp(Math.log(p - 1) - logChoose(p, s) - Math.log(s) - Math.log(p - s));
    }

    static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    /**
     * Solves the constrained WLS.
     *
     * @param z coalitions, one row per sample ({@code z[r][i]} true when player i is present)
     * @param v sampled values
     * @param w sample weights (≥ 0)
     * @param vEmpty the value of the empty coalition, or NaN if unknown (the intercept is then free)
     * @param vFull the value of the grand coalition
     * @param p number of players
     * @return {@code φ_1..φ_p} (index 0..p−1); the intercept is {@code vEmpty} or {@code vFull − Σφ}
     */
    public static double[] solve(boolean[][] z, double[] v, double[] w, double vEmpty, double vFull, int p) {
        if (p == 0) {
            return new double[0];
        }
        boolean known = !Double.isNaN(vEmpty);
        if (known && p == 1) {
            return new double[] {vFull - vEmpty};
        }
        int q = known ? p - 1 : p;
        double delta = known ? vFull - vEmpty : 0;
        double[][] a = new double[q][q];
        double[] b = new double[q];
        double[] row = new double[q];
        for (int r = 0; r < z.length; r++) {
            double u;
            if (known) {
                double last = z[r][p - 1] ? 1 : 0;
                for (int i = 0; i < q; i++) {
                    row[i] = (z[r][i] ? 1 : 0) - last;
                }
                u = v[r] - vEmpty - last * delta;
            } else {
                for (int i = 0; i < q; i++) {
                    row[i] = (z[r][i] ? 1 : 0) - 1;
                }
                u = v[r] - vFull;
            }
            double wr = w[r];
            if (wr == 0) {
                continue;
            }
            for (int i = 0; i < q; i++) {
                if (row[i] == 0) {
                    continue;
                }
                double wi = wr * row[i];
                b[i] += wi * u;
                for (int j = 0; j <= i; j++) {
                    a[i][j] += wi * row[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < q; i++) {
            trace += a[i][i];
        }
        double lambda = trace > 0 ? 1e-8 * trace / q : 1e-12;
        for (int i = 0; i < q; i++) {
            a[i][i] += lambda;
            for (int j = i + 1; j < q; j++) {
                a[i][j] = a[j][i];
            }
        }
        double[] phiQ = cholesky(a, b);
        double[] phi = new double[p];
        System.arraycopy(phiQ, 0, phi, 0, q);
        if (known) {
            double s = 0;
            for (int i = 0; i < q; i++) {
                s += phiQ[i];
            }
            phi[p - 1] = delta - s;
        }
        return phi;
    }

    /** Solves the symmetric positive-definite system {@code a x = b}. */
    static double[] cholesky(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("Kernel-SHAP normal equations are not positive definite "
                                + "(pivot " + s + " at " + i + "); too few distinct coalitions were sampled");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
