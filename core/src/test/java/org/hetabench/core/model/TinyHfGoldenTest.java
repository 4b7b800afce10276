package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tiny GPT-J, Qwen2 and Phi-3 checkpoints in their real Hugging Face names and layouts against
 * the independent float64 logits in golden/tiny-hf: every position, float64 within 1e-9 and float32
 * within 1e-4 (absolute).
 */
class TinyHfGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"gptj", "qwen2", "phi3"})
    void logitsAtEveryPositionMatchGolden(String arch) {
        JsonNode golden = SharedFiles.json("golden/tiny-hf/" + arch + "/expected-logits.json");
        int[] ids = SharedFiles.ints(golden.get("ids"));
        JsonNode want = golden.get("logits_all_positions");
        for (Precision p : Precision.values()) {
            double tol = p == Precision.FLOAT64 ? 1e-9 : 1e-4;
            try (CausalLm m = ModelLoader.load(SharedFiles.file("golden/tiny-hf/" + arch), p)) {
                assertEquals(arch, m.config().family());
                double[][] got = m.forward(ForwardRequest.ofIds(ids).withCaptures(ForwardRequest.Capture.LOGITS_ALL))
                        .allLogits();
                assertEquals(ids.length, got.length);
                double worst = 0;
                for (int t = 0; t < ids.length; t++) {
                    worst = Math.max(worst, SharedFiles.maxAbs(got[t], SharedFiles.doubles(want.get(t))));
                }
                System.out.printf("tiny-hf %s %s: max |logit - golden| = %.3g%n", arch, p, worst);
                assertTrue(worst < tol, arch + " " + p + " max abs error " + worst);
                assertTrue(m.tokenizer().isEmpty(), "no tokenizer.json -> no tokenizer");
            }
        }
    }
}
