package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Jacobi eigen-decomposition and pseudo-inverse against matrices with known spectra. */
class SymmetricEigenTest {

    /** Q diag(l) Qᵀ with Q a random orthogonal matrix (Gram–Schmidt of a Gaussian matrix). */
    static double[][] withSpectrum(double[] l, long seed) {
        int n = l.length;
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble() - 0.5;
            }
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][j];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int i = 0; i < n; i++) {
                q[i][k] = v[i] / Math.sqrt(norm);
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * l[k] * q[j][k];
                }
            }
        }
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    @Test
    void recoversAnIndefiniteSpectrum() {
        double[] l = {5, -3, 2, 0.5, -0.25, 1e-3, 7, -11};
        SymmetricEigen e = new SymmetricEigen(withSpectrum(l, 1));
        double[] got = e.values();
        Arrays.sort(got);
        double[] want = l.clone();
        Arrays.sort(want);
        for (int i = 0; i < l.length; i++) {
            assertEquals(want[i], got[i], 1e-12);
        }
    }

    @Test
    void pseudoInverseOfASingularMatrixSatisfiesPenroseAndDropsTheNullSpace() {
        double[] l = {4, -2, 1, 0, 0, 3};
        double[][] a = withSpectrum(l, 2);
        SymmetricEigen e = new SymmetricEigen(a);
        assertEquals(4, e.rank(1e-10));
        double[][] p = e.pseudoInverse(1e-10);
        double[][] apa = mul(mul(a, p), a);
        double[][] pap = mul(mul(p, a), p);
        for (int i = 0; i < l.length; i++) {
            for (int j = 0; j < l.length; j++) {
                assertEquals(a[i][j], apa[i][j], 1e-12);
                assertEquals(p[i][j], pap[i][j], 1e-12);
            }
        }
        // the inverse eigenvalues: trace(P) = 1/4 - 1/2 + 1 + 1/3
        double trace = 0;
        for (int i = 0; i < l.length; i++) {
            trace += p[i][i];
        }
        assertEquals(0.25 - 0.5 + 1 + 1.0 / 3, trace, 1e-12);
    }
}
