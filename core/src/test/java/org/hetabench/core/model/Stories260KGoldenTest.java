package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.generation.Generator;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** stories260K against the independent float64 reference in golden/stories260K-forward.json. */
class Stories260KGoldenTest {
    static CausalLm f64;
    static CausalLm f32;
    static JsonNode golden;

    @BeforeAll
    static void load() {
        golden = SharedFiles.json("golden/stories260K-forward.json");
        f64 = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64);
        f32 = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
    }

    @AfterAll
    static void close() {
        f64.close();
        f32.close();
    }

    @Test
    void tokenizerIdsMatchGoldenPrompts() {
        Tokenizer tok = f64.tokenizer().orElseThrow();
        for (JsonNode p : golden.get("prompts")) {
            assertArrayEquals(SharedFiles.ints(p.get("ids")), tok.encode(p.get("text").asText(), true).ids(),
                    p.get("text").asText());
        }
    }

    @Test
    void lastLogitsMatchInFloat64And32() {
        for (JsonNode p : golden.get("prompts")) {
            int[] ids = SharedFiles.ints(p.get("ids"));
            double[] want = SharedFiles.doubles(p.get("last_logits"));
            assertTrue(SharedFiles.maxAbs(f64.lastLogits(ids), want) < 1e-9, "float64 " + p.get("text"));
            assertTrue(SharedFiles.maxAbs(f32.lastLogits(ids), want) < 1e-4, "float32 " + p.get("text"));
            assertEquals(p.get("argmax").asInt(), argmax(f64.lastLogits(ids)));
        }
    }

    @Test
    void greedyFromBosReproducesReferenceIdsAndText() {
        int[] want = SharedFiles.ints(golden.get("greedy_from_bos_60"));
        int[] got = new Generator(f32).generate(new int[] {1}, DecodingConfig.greedy(want.length));
        assertArrayEquals(want, got);
        String text = f32.tokenizer().orElseThrow().decode(prepend(1, got));
        assertTrue(text.startsWith(
                "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."), text);
    }

    static int argmax(double[] z) {
        int b = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[b]) {
                b = i;
            }
        }
        return b;
    }

    static int[] prepend(int first, int[] rest) {
        int[] o = new int[rest.length + 1];
        o[0] = first;
        System.arraycopy(rest, 0, o, 1, rest.length);
        return o;
    }
}
