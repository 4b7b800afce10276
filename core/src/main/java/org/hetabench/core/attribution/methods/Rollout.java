package org.hetabench.core.attribution.methods;

import java.util.List;

/**
 * Attention rollout (Abnar &amp; Zuidema, ACL 2020; methods.md §2.6): head-averaged attention with a
 * residual identity term, {@code Ahat_ℓ = (1−r)·Abar_ℓ + r·I}, multiplied through the layers
 * {@code R = Ahat_L ··· Ahat_1}. With {@code r = 0.5} this is the ReAGent / sequential-rationales
 * definition; {@code r = 0} is the TDD repository's variant.
 */
public final class Rollout {
    private Rollout() {}

    /** Mean over heads of {@code [H][n][n]}. */
    public static double[][] headAverage(double[][][] heads) {
        int n = heads[0].length;
        double[][] o = new double[n][n];
        for (double[][] h : heads) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    o[i][j] += h[i][j];
                }
            }
        }
        for (double[] row : o) {
            for (int j = 0; j < n; j++) {
                row[j] /= heads.length;
            }
        }
        return o;
    }

    /** {@code (1−r)·a + r·I}. */
    public static double[][] withResidual(double[][] a, double r) {
        int n = a.length;
        double[][] o = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                o[i][j] = (1 - r) * a[i][j] + (i == j ? r : 0);
            }
        }
        return o;
    }

    /**
     * Row {@code query} of the rollout of head-averaged layers (index 0 = first block), computed as
     * the row-vector recursion {@code v ← v·Ahat_ℓ} from the last layer down: O(L·n²).
     */
    public static double[] row(List<double[][]> layers, int query, double residual) {
        int n = layers.get(0).length;
        double[] v = new double[n];
        v[query] = 1;
        for (int l = layers.size() - 1; l >= 0; l--) {
            double[][] a = layers.get(l);
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                if (v[i] == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    next[j] += v[i] * ((1 - residual) * a[i][j] + (i == j ? residual : 0));
                }
            }
            v = next;
        }
        return v;
    }

    /** The full rollout matrix {@code Ahat_L ··· Ahat_1} (for tests and inspection; O(L·n³)). */
    public static double[][] matrix(List<double[][]> layers, double residual) {
        int n = layers.get(0).length;
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            r[i][i] = 1;
        }
        for (int l = layers.size() - 1; l >= 0; l--) {
            double[][] a = withResidual(layers.get(l), residual);
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    if (r[i][k] == 0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        next[i][j] += r[i][k] * a[k][j];
                    }
                }
            }
            r = next;
        }
        return r;
    }
}
