package org.hetabench.core.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link AttributionMethod#validate} over the whole registry, without a model: a misspelt key gets a
 * "did you mean" naming the real key, a bad value names the key, and defaults pass. The table below is
 * written by hand from methods.md; a registered method missing from it fails the test.
 */
class ParameterValidationTest {
    /** method -> {misspelt key, the key it should suggest, a bad key=value (null: the method has no parameters)}. */
    static final Map<String, String[]> CASES = new TreeMap<>();

    static {
        CASES.put("attention-rollout", new String[] {"residul", "residual", "residual=1.5"});
        CASES.put("causal-tracing", new String[] {"sampels", "samples", "samples=0"});
        CASES.put("context-cite", new String[] {"ablatons", "ablations", "keep-probability=1.5"});
        CASES.put("faml", new String[] {"stpes", "steps", "steps=0"});
        CASES.put("gradient-norm", new String[] {"functonal", "functional", "functional=bogus"});
        CASES.put("heta", new String[] {"hvp.sampels", "hvp.samples", "hvp.samples=0"});
        CASES.put("input-x-gradient", new String[] {"reducton", "reduction", "reduction=bogus"});
        CASES.put("integrated-gradients", new String[] {"stpes", "steps", "steps=0"});
        CASES.put("last-layer-attention", new String[] {"layrs", "layers", "layers=bogus"});
        CASES.put("occlusion", new String[] {"operater", "operator", "operator=bogus"});
        CASES.put("pml", new String[] {"threshhold", "threshold", "calibration-sequences=0"});
        CASES.put("progressive-inference", new String[] {"sampels", "samples", "samples=0"});
        CASES.put("random", new String[] {"seed", null, null});
        CASES.put("reagent", new String[] {"top-kk", "top-k", "ratio=1.5"});
        CASES.put("sea-cot", new String[] {"temprature", "temperature", "samples=0"});
        CASES.put("tdd-backward", new String[] {"contrst", "contrast", "contrast=bogus"});
        CASES.put("tdd-bidirectional", new String[] {"contrst", "contrast", "contrast=bogus"});
        CASES.put("tdd-forward", new String[] {"contrst", "contrast", "contrast=bogus"});
        CASES.put("uniform", new String[] {"seed", null, null});
    }

    static Iterable<String> methods() {
        return MethodRegistry.names();
    }

    @Test
    void everyRegisteredMethodHasACase() {
        assertEquals(CASES.keySet(), new java.util.TreeSet<>(MethodRegistry.names()));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void typoGetsDidYouMeanAndBadValueNamesTheKey(String name) {
        AttributionMethod m = MethodRegistry.get(name);
        String[] c = CASES.get(name);
        m.validate(Map.of());
        String typo = name + "." + c[0];
        String msg = assertThrows(IllegalArgumentException.class, () -> m.validate(Map.of(typo, "1"))).getMessage();
        assertTrue(msg.contains("'" + typo + "'"), msg);
        if (c[1] != null) {
            assertTrue(msg.contains("did you mean '" + c[1] + "'"), msg);
        }
        if (c[2] != null) {
            String key = name + "." + c[2].substring(0, c[2].indexOf('='));
            String value = c[2].substring(c[2].indexOf('=') + 1);
            String bad = assertThrows(IllegalArgumentException.class, () -> m.validate(Map.of(key, value)),
                    key + "=" + value).getMessage();
            assertTrue(bad.contains(key.substring(name.length() + 1)), bad);
        }
    }
}
