package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Residual patches and key masks on stories260K (float64). */
class PatchAndMaskTest {
    static CausalLm m;
    static final int[] IDS = {1, 403, 407, 261, 378, 432, 383, 286, 261};

    @BeforeAll
    static void load() {
        m = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    static ForwardRequest req() {
        return ForwardRequest.ofIds(IDS).withCaptures(ForwardRequest.Capture.LOGITS_ALL);
    }

    @Test
    void patchWithTheCapturedResidualChangesNothingAndAnotherValueOnlyLaterPositions() {
        ForwardResult base = m.forward(req().withCaptures(ForwardRequest.Capture.RESIDUALS));
        int layer = 2;
        int pos = 3;
        double[] same = base.residuals()[layer][pos].clone();
        ForwardResult patched = m.forward(req().withPatches(List.of(new ForwardRequest.Patch(layer, pos, same))));
        for (int t = 0; t < IDS.length; t++) {
            assertTrue(SharedFiles.maxAbs(patched.allLogits()[t], base.allLogits()[t]) <= 1e-12, "position " + t);
        }
        double[] other = same.clone();
        other[5] += 1.0;
        ForwardResult moved = m.forward(req().withPatches(List.of(new ForwardRequest.Patch(layer, pos, other))));
        for (int t = 0; t < IDS.length; t++) {
            double diff = SharedFiles.maxAbs(moved.allLogits()[t], base.allLogits()[t]);
            assertTrue(t < pos ? diff <= 1e-12 : diff > 1e-6, "position " + t + " diff " + diff);
        }
    }

    @Test
    void keyMaskZeroesMaskedKeysAndRenormalises() {
        int hidden = 2;
        boolean[][] mask = new boolean[IDS.length][IDS.length];
        for (boolean[] row : mask) {
            java.util.Arrays.fill(row, true);
            row[hidden] = false;
        }
        ForwardResult plain = m.forward(req().withCaptures(ForwardRequest.Capture.ATTENTION));
        ForwardResult masked = m.forward(req().withCaptures(ForwardRequest.Capture.ATTENTION).withKeyMask(mask));
        double[][][][] a = masked.attention();
        assertEquals(m.config().numLayers(), a.length);
        for (int l = 0; l < a.length; l++) {
            for (int h = 0; h < a[l].length; h++) {
                for (int q = 0; q < IDS.length; q++) {
                    double sum = 0;
                    for (int k = 0; k < IDS.length; k++) {
                        sum += a[l][h][q][k];
                        if (k > q || (k == hidden && q != hidden)) {
                            assertEquals(0.0, a[l][h][q][k], "layer " + l + " head " + h + " q " + q + " k " + k);
                        }
                    }
                    assertEquals(1.0, sum, 1e-12);
                    if (q == hidden) {
                        assertTrue(a[l][h][q][q] > 0, "the diagonal is always kept");
                    }
                    if (q > hidden) {
                        assertTrue(plain.attention()[l][h][q][hidden] > 0);
                    }
                }
            }
        }
        // the mask acts from layer 0, so logits at the hidden key's successors move, earlier ones do not
        for (int t = 0; t < IDS.length; t++) {
            double diff = SharedFiles.maxAbs(masked.allLogits()[t], plain.allLogits()[t]);
            assertTrue(t <= hidden ? diff <= 1e-12 : diff > 1e-9, "position " + t + " diff " + diff);
        }
        // and a masked row behaves the same inside a left-padded batch
        List<ForwardResult> batch = m.forward(List.of(ForwardRequest.ofIds(1, 403, 407, 261, 378, 432, 383, 286, 261,
                376, 298, 315), req().withKeyMask(mask)));
        for (int t = 0; t < IDS.length; t++) {
            assertTrue(SharedFiles.maxAbs(batch.get(1).allLogits()[t], masked.allLogits()[t]) <= 1e-12);
        }
    }
}
