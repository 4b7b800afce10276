package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input to HETA fails early with a message that names the problem and the fix. */
class HetaBadInputTest {
    static CausalLm model;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    static int[] longContext(int n) {
        int[] ids = new int[n];
        Arrays.fill(ids, 300);
        ids[0] = 1;
        return ids;
    }

    @Test
    void emptyContextAndTargetOutsideVocabulary() {
        String empty = message(() -> AttributionRequest.of(model, "e1", new int[0], 5, Map.of(), 1));
        assertTrue(empty.contains("'e1'") && empty.contains("empty"), empty);
        String vocab = message(() -> AttributionRequest.of(model, "e2", new int[] {1, 5}, 512, Map.of(), 1));
        assertTrue(vocab.contains("'e2'") && vocab.contains("512") && vocab.contains("vocabulary"), vocab);
    }

    @Test
    void contextLongerThanTheModelNeedsWindows() {
        int[] ids = longContext(model.config().maxPositions() + 1);
        AttributionRequest req = AttributionRequest.of(model, "long", ids, 268, Map.of(), 1);
        String m = message(() -> MethodRegistry.get("heta").attribute(req));
        assertTrue(m.contains("'long'") && m.contains("513") && m.contains("512") && m.contains("WIN-512"), m);
        String w = message(() -> MethodRegistry.get("heta").attribute(req.withParams(Map.of("heta.variant", "WIN-600"))));
        assertTrue(w.contains("WIN-600") && w.contains("512"), w);
        // with windows the same context runs (gate only, to stay fast)
        HetaResult r = Heta.compute(req, Heta.Params.parse(Map.of("heta.variant", "WIN-512",
                "heta.ablation", "transition-only")));
        assertEquals(513, r.scores().length);
        assertTrue(r.notes().get("windows").startsWith("2 window(s) [0,512) [256,513)"), r.notes().toString());
    }

    @Test
    void parameterErrorsNameTheKeyAndTheChoices() {
        String unknown = message(() -> Heta.Params.parse(Map.of("heta.hvp.sample", "3")));
        assertTrue(unknown.contains("heta.hvp.sample") && unknown.contains("hvp.samples"), unknown);
        String mask = message(() -> Heta.Params.parse(Map.of("heta.mask", "zeros")));
        assertTrue(mask.contains("heta.mask") && mask.contains("zero"), mask);
        String variant = message(() -> Heta.Params.parse(Map.of("heta.variant", "LR-x")));
        assertTrue(variant.contains("heta.variant=LR-x") && variant.contains("LS-k"), variant);
        String samples = message(() -> Heta.Params.parse(Map.of("heta.hvp.samples", "0")));
        assertTrue(samples.contains("heta.hvp.samples"), samples);
        String overlap = message(() -> Heta.Params.parse(Map.of("heta.window.overlap", "1")));
        assertTrue(overlap.contains("heta.window.overlap"), overlap);
        AttributionRequest req = AttributionRequest.of(model, "ls", new int[] {1, 300, 301}, 268, Map.of(), 1);
        String ls = message(() -> Heta.compute(req, Heta.Params.parse(Map.of("heta.variant", "LS-6"))));
        assertTrue(ls.contains("LS-6") && ls.contains("LS-1 .. LS-5"), ls);
        String layers = message(() -> Heta.compute(req, Heta.Params.parse(Map.of("heta.flow.layers", "0,7"))));
        assertTrue(layers.contains("heta.flow.layers") && layers.contains("7"), layers);
        String probes = message(() -> Heta.compute(req, Heta.Params.parse(Map.of("heta.hvp.samples", "2")),
                ProbeSource.fixed(new double[3][4][64])));
        assertTrue(probes.contains("heta.hvp.samples=4"), probes);
    }
}
