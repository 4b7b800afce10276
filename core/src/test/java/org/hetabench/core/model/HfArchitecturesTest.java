package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPT-2 and Llama 3.1 loaders against plain-Java reference forwards ({@link ReferenceForward}) on
 * random checkpoints the test writes itself, plus the Llama 3.1 frequency scaling against values
 * computed by hand from the Hugging Face formula.
 */
class HfArchitecturesTest {

    static final int[] IDS = {3, 17, 0, 40, 22, 22, 9, 31, 5, 12, 38, 1, 26};

    static double maxAbs(double[][] a, double[][] b) {
        assertEquals(b.length, a.length);
        double m = 0;
        for (int t = 0; t < a.length; t++) {
            m = Math.max(m, SharedFiles.maxAbs(a[t], b[t]));
        }
        return m;
    }

    static double[][] allLogits(CausalLm m, int[] ids) {
        return m.forward(ForwardRequest.ofIds(ids).withCaptures(ForwardRequest.Capture.LOGITS_ALL)).allLogits();
    }

    @Test
    void gpt2MatchesPlainJavaReferenceWithAndWithoutPrefix(@TempDir Path tmp) {
        for (boolean prefix : new boolean[] {true, false}) {
            Path dir = tmp.resolve("gpt2-" + prefix);
            Map<String, float[]> w = TestCheckpoints.gpt2(dir, prefix, 11);
            double[][] want = ReferenceForward.gpt2(w, TestCheckpoints.G_LAYERS, TestCheckpoints.G_HEADS,
                    TestCheckpoints.G_D, TestCheckpoints.G_INNER, TestCheckpoints.G_VOCAB, IDS);
            for (Precision p : Precision.values()) {
                try (CausalLm m = ModelLoader.load(dir, p)) {
                    assertEquals(TestCheckpoints.G_POS, m.config().maxPositions());
                    double err = maxAbs(allLogits(m, IDS), want);
                    System.out.printf("gpt2 (prefix=%s) %s vs reference: %.3g%n", prefix, p, err);
                    assertTrue(err < (p == Precision.FLOAT64 ? 1e-10 : 1e-4), p + " " + err);
                }
            }
        }
    }

    /** inv_freq for theta 1e4, head_dim 16, factor 8, low 1, high 4, original context 64: by hand. */
    static final double[] LLAMA31_INV_FREQ = {
        1.0,                      // wavelength 6.28 < 16: kept
        0.24438459943539834,      // 19.87: smooth = (64/19.87 - 1)/3 = 0.7402; (1-s)*f/8 + s*f
        0.013042256043820465,     // 62.83: smooth = 0.00620
        0.003952847075210474,     // 198.7 > 64: f / 8
        0.00125,
        0.0003952847075210474,
        0.000125,
        3.952847075210474e-05};

    @Test
    void llama31ScaledFrequenciesAndLogitsMatchReference(@TempDir Path tmp) {
        Map<String, float[]> w = TestCheckpoints.llama31(tmp, 5);
        int[] ids = {3, 17, 0, 40, 22, 22, 9, 31, 5, 12, 38, 1, 26, 44, 46, 7, 8, 2, 19, 33};
        double[][] want = ReferenceForward.llama(w, TestCheckpoints.L_LAYERS, TestCheckpoints.L_HEADS,
                TestCheckpoints.L_KV, TestCheckpoints.L_HD, TestCheckpoints.L_D, TestCheckpoints.L_INNER,
                TestCheckpoints.L_VOCAB, TestCheckpoints.L_EPS, false, LLAMA31_INV_FREQ, ids);
        for (Precision p : Precision.values()) {
            try (CausalLm m = ModelLoader.load(tmp, p)) {
                ModelConfig c = m.config();
                assertEquals(new ModelConfig.Llama3Scaling(8, 1, 4, 64), c.rope().scaling());
                double[] inv = RotaryFrequencies.inverseFrequencies(c.rope());
                assertArrayEquals(LLAMA31_INV_FREQ, inv, 1e-15);
                double err = maxAbs(allLogits(m, ids), want);
                System.out.printf("llama3.1 %s vs reference: %.3g%n", p, err);
                assertTrue(err < (p == Precision.FLOAT64 ? 1e-10 : 1e-4), p + " " + err);
            }
        }
        // the scaling matters: without it the reference disagrees at late positions
        double[] unscaled = new double[8];
        for (int j = 0; j < 8; j++) {
            unscaled[j] = Math.pow(10000, -2.0 * j / 16);
        }
        double[][] plain = ReferenceForward.llama(w, TestCheckpoints.L_LAYERS, TestCheckpoints.L_HEADS,
                TestCheckpoints.L_KV, TestCheckpoints.L_HD, TestCheckpoints.L_D, TestCheckpoints.L_INNER,
                TestCheckpoints.L_VOCAB, TestCheckpoints.L_EPS, false, unscaled, ids);
        assertTrue(maxAbs(plain, want) > 1e-3);
    }
}
