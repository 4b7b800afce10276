package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Attention rollout on hand-made matrices (methods.md §6.6). */
class RolloutTest {
    private static final double[][] A1 = {{1, 0, 0}, {0.5, 0.5, 0}, {0.2, 0.3, 0.5}};
    private static final double[][] A2 = {{1, 0, 0}, {0.9, 0.1, 0}, {0.6, 0.2, 0.2}};

    @Test
    void oneLayerIsTheLastRowOfHalfAttentionPlusHalfIdentity() {
        assertArrayEquals(new double[] {0.1, 0.15, 0.75}, Rollout.row(List.<double[][]>of(A1), 2, 0.5), 1e-15);
    }

    @Test
    void twoLayersByHand() {
        // Ahat2 row 2 = [0.3, 0.1, 0.6]; times Ahat1 (rows [1,0,0], [.25,.75,0], [.1,.15,.75])
        // = [0.3 + 0.025 + 0.06, 0.075 + 0.09, 0.45] = [0.385, 0.165, 0.45]
        assertArrayEquals(new double[] {0.385, 0.165, 0.45}, Rollout.row(List.<double[][]>of(A1, A2), 2, 0.5), 1e-15);
    }

    @Test
    void rowRecursionEqualsMatrixProductAndSumsToOne() {
        List<double[][]> layers = List.<double[][]>of(A1, A2, A1);
        double[][] r = Rollout.matrix(layers, 0.5);
        for (int q = 0; q < 3; q++) {
            double[] row = Rollout.row(layers, q, 0.5);
            assertArrayEquals(r[q], row, 1e-15);
            assertEquals(1.0, row[0] + row[1] + row[2], 1e-15);
        }
        // without the residual term (TDD repository variant) the rollout is the plain product A1·A2·A1 row
        double[] plain = Rollout.row(List.<double[][]>of(A1, A2), 2, 0);
        double[] want = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 3; j++) {
                want[j] += A2[2][k] * A1[k][j];
            }
        }
        assertArrayEquals(want, plain, 1e-15);
    }

    @Test
    void headAverage() {
        double[][][] heads = {A1, A2};
        assertEquals((0.2 + 0.6) / 2, Rollout.headAverage(heads)[2][0], 1e-15);
    }
}
