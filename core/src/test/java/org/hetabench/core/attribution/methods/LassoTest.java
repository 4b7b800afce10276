package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Appendix-B coordinate descent against closed forms and the LASSO optimality conditions. */
class LassoTest {

    /**
     * On a full 2^k factorial 0/1 design the standardised columns are orthogonal (±1, mean 0), so the
     * LASSO solution is soft thresholding: {@code w_j = S(Xs_jᵀ yc, αR) / R} in standardised units,
     * and {@code coef_j = 2 w_j} (std 1/2).
     */
    @Test
    void orthogonalDesignGivesSoftThresholding() {
        int k = 3;
        int r = 8;
        double[][] x = new double[r][k];
        double[] y = new double[r];
        double[] beta = {1.0, 0.02, -0.5};
        double[] noise = {0.03, -0.01, 0.02, 0.0, -0.02, 0.01, 0.015, -0.005};
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = (i >> j) & 1;
            }
            y[i] = 0.3 + noise[i];
            for (int j = 0; j < k; j++) {
                y[i] += beta[j] * x[i][j];
            }
        }
        double alpha = 0.05;
        Lasso.Fit fit = new Lasso(alpha, 1000, 1e-10).fit(x, y);
        double ybar = 0;
        for (double v : y) {
            ybar += v / r;
        }
        for (int j = 0; j < k; j++) {
            double rho = 0;
            for (int i = 0; i < r; i++) {
                rho += (2 * x[i][j] - 1) * (y[i] - ybar);
            }
            double w = Math.signum(rho) * Math.max(Math.abs(rho) - alpha * r, 0) / r;
            assertEquals(2 * w, fit.coef()[j], 1e-12, "coefficient " + j);
        }
        assertEquals(0.0, fit.coef()[1], 0.0, "small effect thresholded to exactly 0");
        double b = ybar;
        for (int j = 0; j < k; j++) {
            b -= fit.coef()[j] * 0.5;
        }
        assertEquals(b, fit.intercept(), 1e-12);
    }

    @Test
    void recoversPlantedSparseSupportAndMeetsOptimalityConditions() {
        SplittableRandom rng = new SplittableRandom(11);
        int r = 256;
        int k = 60;
        double[][] x = new double[r][k];
        double[] y = new double[r];
        int[] support = {3, 17, 42};
        double[] val = {1.5, -1.0, 0.8};
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = rng.nextBoolean() ? 1 : 0;
            }
            y[i] = 0.2 + 0.05 * rng.nextGaussian();
            for (int s = 0; s < support.length; s++) {
                y[i] += val[s] * x[i][support[s]];
            }
        }
        double alpha = 0.01;
        Lasso.Fit fit = new Lasso(alpha, 1000, 1e-4).fit(x, y);
        assertTrue(fit.converged(), "duality gap below tolerance");
        for (int j = 0; j < k; j++) {
            boolean planted = j == 3 || j == 17 || j == 42;
            if (planted) {
                assertTrue(Math.abs(fit.coef()[j]) > 0.5, "planted coefficient " + j + " = " + fit.coef()[j]);
            } else {
                assertTrue(Math.abs(fit.coef()[j]) < 0.05, "spurious coefficient " + j + " = " + fit.coef()[j]);
            }
        }
        assertEquals(1.5, fit.coef()[3], 0.1);
        assertEquals(-1.0, fit.coef()[17], 0.1);
        // KKT in standardised units: Xs_jᵀ res = a·sign(w_j) on the support, |Xs_jᵀ res| ≤ a elsewhere
        double a = alpha * r;
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int j = 0; j < k; j++) {
            for (double[] row : x) {
                mean[j] += row[j] / r;
            }
            for (double[] row : x) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / r;
            }
            std[j] = Math.sqrt(std[j]);
        }
        double[] res = new double[r];
        for (int i = 0; i < r; i++) {
            res[i] = y[i] - fit.intercept();
            for (int j = 0; j < k; j++) {
                res[i] -= fit.coef()[j] * x[i][j];
            }
        }
        for (int j = 0; j < k; j++) {
            double g = 0;
            for (int i = 0; i < r; i++) {
                g += (x[i][j] - mean[j]) / std[j] * res[i];
            }
            if (fit.coef()[j] != 0) {
                assertEquals(a * Math.signum(fit.coef()[j]), g, 0.01 * a, "active KKT " + j);
            } else {
                assertTrue(Math.abs(g) <= 1.01 * a, "inactive KKT " + j);
            }
        }
    }

    @Test
    void constantColumnGetsZeroWeight() {
        double[][] x = {{1, 0}, {1, 1}, {1, 0}, {1, 1}};
        double[] y = {0, 1, 0, 1};
        Lasso.Fit fit = new Lasso(0.01, 1000, 1e-8).fit(x, y);
        assertEquals(0.0, fit.coef()[0], 0.0);
        // soft threshold: rho = Σ (±1)(y − ½) = 2, a = 0.04, w = 1.96/4 = 0.49, coef = 0.98
        assertEquals(0.98, fit.coef()[1], 1e-12);
        assertEquals(0.01, fit.intercept(), 1e-12);
    }
}
