package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same weights in two layouts give the same logits. */
class CrossLayoutTest {

    @Test
    void stories260KAsHfLlamaMatchesLlama2cFile(@TempDir Path tmp) {
        TestCheckpoints.stories260KAsHfLlama(tmp);
        int[] ids = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
        try (CausalLm hf = ModelLoader.load(tmp, Precision.FLOAT64);
             CausalLm c = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64)) {
            assertTrue(hf.config().rope().style() == ModelConfig.RopeStyle.HALF);
            double err = HfArchitecturesTest.maxAbs(HfArchitecturesTest.allLogits(hf, ids),
                    HfArchitecturesTest.allLogits(c, ids));
            System.out.printf("stories260K HF layout vs llama2.c file (float64): %.3g%n", err);
            assertTrue(err < 1e-9, "max abs " + err);
        }
    }

    @Test
    void phi3FusedAndUnfusedAgree(@TempDir Path tmp) {
        TestCheckpoints.tinyPhi3Unfused(tmp);
        int[] ids = {5, 99, 12, 0, 64, 64, 3, 100, 41};
        try (CausalLm unfused = ModelLoader.load(tmp, Precision.FLOAT64);
             CausalLm fused = ModelLoader.load(SharedFiles.file("golden/tiny-hf/phi3"), Precision.FLOAT64)) {
            double err = HfArchitecturesTest.maxAbs(HfArchitecturesTest.allLogits(unfused, ids),
                    HfArchitecturesTest.allLogits(fused, ids));
            System.out.printf("phi3 fused vs unfused (float64): %.3g%n", err);
            assertTrue(err < 1e-12, "max abs " + err);
        }
    }
}
