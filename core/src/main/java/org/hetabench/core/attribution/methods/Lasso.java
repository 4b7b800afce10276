package org.hetabench.core.attribution.methods;

/**
 * LASSO by cyclic coordinate descent with scikit-learn's conventions (methods.md Appendix B):
 * columns standardised with the population formula ({@code StandardScaler}), intercept by centring,
 * objective {@code (1/2R)||y − b − Xs w||² + alpha·||w||₁}, stopping on scikit-learn's duality gap with
 * tolerance {@code tol · ||yc||²}. This is the surrogate ContextCite (Cohen-Wang et al., NeurIPS 2024)
 * fits on its ablation masks.
 */
public final class Lasso {
    private final double alpha;
    private final int maxIter;
    private final double tol;

    /** The solution in the original (unstandardised) units. */
    public record Fit(double[] coef, double intercept, int sweeps, double dualityGap, boolean converged) {}

    public Lasso(double alpha, int maxIter, double tol) {
        if (!(alpha >= 0) || maxIter < 1 || !(tol > 0)) {
            throw new IllegalArgumentException("Lasso needs alpha >= 0, maxIter >= 1, tol > 0; got alpha=" + alpha
                    + ", maxIter=" + maxIter + ", tol=" + tol);
        }
        this.alpha = alpha;
        this.maxIter = maxIter;
        this.tol = tol;
    }

    /** scikit-learn's defaults: {@code alpha = 0.01} (ContextCite), 1000 sweeps, {@code tol = 1e-4}. */
    public static Lasso contextCiteDefault() {
        return new Lasso(0.01, 1000, 1e-4);
    }

    /** Fits {@code y ≈ b + X w}; {@code x} is R x k. */
    public Fit fit(double[][] x, double[] y) {
        int r = x.length;
        if (r == 0 || y.length != r) {
            throw new IllegalArgumentException("Lasso needs R >= 1 rows and one response per row; got " + r
                    + " rows and " + y.length + " responses");
        }
        int k = x[0].length;
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (double[] row : x) {
                s += row[j];
            }
            mean[j] = s / r;
            double v = 0;
            for (double[] row : x) {
                v += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            std[j] = Math.sqrt(v / r);
            if (std[j] == 0) {
                std[j] = 1;
            }
        }
        // column-major standardised design for cache-friendly column sweeps
        double[][] xs = new double[k][r];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < r; i++) {
                xs[j][i] = (x[i][j] - mean[j]) / std[j];
            }
        }
        double ybar = 0;
        for (double v : y) {
            ybar += v;
        }
        ybar /= r;
        double[] yc = new double[r];
        for (int i = 0; i < r; i++) {
            yc[i] = y[i] - ybar;
        }
        double a = alpha * r;
        double[] w = new double[k];
        double[] res = yc.clone();
        double[] colNorm2 = new double[k];
        for (int j = 0; j < k; j++) {
            colNorm2[j] = dot(xs[j], xs[j]);
        }
        double gapTol = tol * dot(yc, yc);
        int sweeps = 0;
        double gap = Double.NaN;
        boolean converged = false;
        for (int it = 0; it < maxIter; it++) {
            sweeps = it + 1;
            double wMax = 0;
            double dwMax = 0;
            for (int j = 0; j < k; j++) {
                if (colNorm2[j] == 0) {
                    continue;
                }
                double old = w[j];
                if (old != 0) {
                    axpy(old, xs[j], res);
                }
                double rho = dot(xs[j], res);
                w[j] = Math.signum(rho) * Math.max(Math.abs(rho) - a, 0) / colNorm2[j];
                if (w[j] != 0) {
                    axpy(-w[j], xs[j], res);
                }
                dwMax = Math.max(dwMax, Math.abs(w[j] - old));
                wMax = Math.max(wMax, Math.abs(w[j]));
            }
            if (wMax == 0 || dwMax / wMax < tol || it == maxIter - 1) {
                double dualNorm = 0;
                for (int j = 0; j < k; j++) {
                    dualNorm = Math.max(dualNorm, Math.abs(dot(xs[j], res)));
                }
                double r2 = dot(res, res);
                double c;
                if (dualNorm > a) {
                    c = a / dualNorm;
                    gap = 0.5 * (r2 + r2 * c * c);
                } else {
                    c = 1;
                    gap = r2;
                }
                double l1 = 0;
                for (double v : w) {
                    l1 += Math.abs(v);
                }
                gap += a * l1 - c * dot(res, yc);
                if (gap < gapTol) {
                    converged = true;
                    break;
                }
            }
        }
        double[] coef = new double[k];
        double intercept = ybar;
        for (int j = 0; j < k; j++) {
            coef[j] = w[j] / std[j];
            intercept -= coef[j] * mean[j];
        }
        return new Fit(coef, intercept, sweeps, gap, converged);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
        }
    }
}
