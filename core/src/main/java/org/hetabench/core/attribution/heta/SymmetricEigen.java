package org.hetabench.core.attribution.heta;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, and the
 * Moore–Penrose pseudo-inverse built from it. Used for the r × r core {@code ΩᵀY} of the Nyström
 * approximation (r is small: 64 by default), where Jacobi's accuracy on small eigenvalues matters
 * more than speed.
 */
public final class SymmetricEigen {
    private final double[] values;
    private final double[][] vectors;

    /**
     * Decomposes {@code a} (only its symmetric part {@code (a + aᵀ)/2} is used).
     *
     * @param a a square matrix, not modified
     */
    public SymmetricEigen(double[][] a) {
        int n = a.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + a[i].length
                        + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += s[i][i] * s[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += s[i][j] * s[i][j];
                }
            }
            if (off <= 1e-32 * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = s[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (s[q][q] - s[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double skp = s[k][p];
                        double skq = s[k][q];
                        s[k][p] = c * skp - sn * skq;
                        s[k][q] = sn * skp + c * skq;
                    }
                    for (int k = 0; k < n; k++) {
                        double spk = s[p][k];
                        double sqk = s[q][k];
                        s[p][k] = c * spk - sn * sqk;
                        s[q][k] = sn * spk + c * sqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = s[i][i];
        }
        vectors = v;
    }

    /** Eigenvalues (unordered). */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvectors as columns: {@code vectors()[row][k]} belongs to {@code values()[k]}. */
    public double[][] vectors() {
        double[][] o = new double[vectors.length][];
        for (int i = 0; i < o.length; i++) {
            o[i] = vectors[i].clone();
        }
        return o;
    }

    /** Number of eigenvalues with {@code |λ| > relativeTolerance · max|λ|}. */
    public int rank(double relativeTolerance) {
        double cut = relativeTolerance * maxAbs();
        int r = 0;
        for (double l : values) {
            if (Math.abs(l) > cut) {
                r++;
            }
        }
        return r;
    }

    private double maxAbs() {
        double m = 0;
        for (double l : values) {
            m = Math.max(m, Math.abs(l));
        }
        return m;
    }

    /** {@code V diag(1/λ) Vᵀ} over the eigenvalues with {@code |λ| > relativeTolerance · max|λ|}. */
    public double[][] pseudoInverse(double relativeTolerance) {
        int n = values.length;
        double cut = relativeTolerance * maxAbs();
        double[][] p = new double[n][n];
        for (int k = 0; k < n; k++) {
            if (!(Math.abs(values[k]) > cut)) {
                continue;
            }
            double inv = 1 / values[k];
            for (int i = 0; i < n; i++) {
                double vik = vectors[i][k] * inv;
                if (vik == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    p[i][j] += vik * vectors[j][k];
                }
            }
        }
        return p;
    }
}
