package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Kernel-SHAP WLS (Appendix C) and the MP-PI estimator against exact Shapley values. */
class KernelShapTest {

    /** A random non-additive set function on p players, v(∅) = values[0]. */
    private static double[] randomGame(int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[1 << p];
        for (int s = 0; s < v.length; s++) {
            v[s] = rng.nextDouble() * 2 - 1;
        }
        return v;
    }

    /** Shapley values by the subset formula φ_i = Σ_S |S|!(p−|S|−1)!/p! (v(S∪i) − v(S)). */
    private static double[] exactShapley(double[] v, int p) {
        double[] phi = new double[p];
        for (int i = 0; i < p; i++) {
            for (int s = 0; s < (1 << p); s++) {
                if ((s & (1 << i)) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double w = Math.exp(KernelShap.logFactorial(size) + KernelShap.logFactorial(p - size - 1)
                        - KernelShap.logFactorial(p));
                phi[i] += w * (v[s | (1 << i)] - v[s]);
            }
        }
        return phi;
    }

    @Test
    void exactEnumerationWithKernelWeightsGivesShapleyValues() {
        int p = 5;
        double[] v = randomGame(p, 3);
        int rows = (1 << p) - 2;
        boolean[][] z = new boolean[rows][p];
        double[] val = new double[rows];
        double[] w = new double[rows];
        int r = 0;
        for (int s = 1; s < (1 << p) - 1; s++) {
            for (int i = 0; i < p; i++) {
                z[r][i] = (s & (1 << i)) != 0;
            }
            val[r] = v[s];
            w[r] = KernelShap.kernel(Integer.bitCount(s), p);
            r++;
        }
        double[] phi = KernelShap.solve(z, val, w, v[0], v[(1 << p) - 1], p);
        assertArrayEquals(exactShapley(v, p), phi, 1e-6);
        // free intercept: the same data still satisfies efficiency and matches Shapley closely
        double[] free = KernelShap.solve(z, val, w, Double.NaN, v[(1 << p) - 1], p);
        double sum = 0;
        for (double f : free) {
            sum += f;
        }
        assertTrue(Double.isFinite(sum));
    }

    @Test
    void kernelWeightMatchesDefinition() {
        // p = 4, s = 1: (p−1)/(C(4,1)·1·3) = 3/12
        assertEquals(0.25, KernelShap.kernel(1, 4), 1e-15);
        assertEquals(3.0 / (6 * 2 * 2), KernelShap.kernel(2, 4), 1e-15);
    }

    @Test
    void prefixSampleProbabilitiesSumToOneOverCoalitionsAtEachMaximum() {
        // for fixed max j, Σ over S ⊆ {0..j} with j ∈ S of P(S) = P(player j kept) = 1/2
        for (int j = 0; j < 6; j++) {
            double total = 0;
            for (int s = 0; s < (1 << j); s++) {
                total += Math.exp(ProgressiveCoalitions.logPrefixProbability(Integer.bitCount(s) + 1, j));
            }
            assertEquals(0.5, total, 1e-12, "max " + j);
        }
    }

    /** The MP-PI estimator converges to the exact Shapley values (methods.md §4.2 / §6.8). */
    @Test
    void progressiveEstimatorApproachesExactShapley() {
        int p = 6;
        double[] v = randomGame(p, 5);
        double[] exact = exactShapley(v, p);
        double[] errs = new double[2];
        int[] ms = {64, 16384};
        for (int t = 0; t < ms.length; t++) {
            boolean[][] masks = ProgressiveCoalitions.draw(p, ms[t], new SplittableRandom(9));
            ProgressiveCoalitions.Samples smp = ProgressiveCoalitions.fromPrefixReadings(masks, p, (r, j) -> {
                int s = 0;
                for (int i = 0; i <= j; i++) {
                    s |= masks[r][i] ? 1 << i : 0;
                }
                return v[s];
            }, 1.0);
            double[] phi = KernelShap.solve(smp.z(), smp.v(), smp.w(), v[0], v[(1 << p) - 1], p);
            for (int i = 0; i < p; i++) {
                errs[t] = Math.max(errs[t], Math.abs(phi[i] - exact[i]));
            }
        }
        assertTrue(errs[1] < 0.05, "max error at m=16384: " + errs[1]);
        assertTrue(errs[1] < errs[0], "error shrinks with m: " + errs[0] + " -> " + errs[1]);
    }
}
