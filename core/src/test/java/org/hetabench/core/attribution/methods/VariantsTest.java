package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.hetabench.core.testing.SharedFiles;

/** The non-default variants each method exposes: they run, keep BOS untouched and declare their type. */
class VariantsTest {
    static ProtectionCheckingModel model;
    static int[] context;
    static int target;

    @BeforeAll
    static void load() {
        model = new ProtectionCheckingModel(ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64));
        context = model.tokenizer().orElseThrow().encode("Tom had a dog. The dog liked to run. Tom", true).ids();
        target = Logits.argmax(model.lastLogits(context));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("input-x-gradient", Map.of("reduction", "l2"), ScoreType.NONNEG),
                Arguments.of("integrated-gradients", Map.of("baseline", "unk", "functional", "prob", "reduction", "l2",
                        "target-gap", "0"), ScoreType.NONNEG),
                Arguments.of("integrated-gradients", Map.of("rule", "equal", "steps", "101", "target-gap", "0"),
                        ScoreType.SIGNED),
                Arguments.of("integrated-gradients", Map.of("rule", "trapezoid", "steps", "20", "baseline", "pad",
                        "target-gap", "0"), ScoreType.SIGNED),
                Arguments.of("occlusion", Map.of("operator", "delete"), ScoreType.SIGNED),
                Arguments.of("occlusion", Map.of("operator", "embed-zero", "score", "kl"), ScoreType.NONNEG),
                Arguments.of("occlusion", Map.of("operator", "attn-mask", "functional", "prob", "absolute", "true"),
                        ScoreType.NONNEG),
                Arguments.of("context-cite", Map.of("sources", "sentence"), ScoreType.SIGNED),
                Arguments.of("context-cite", Map.of("masks", "reference", "ablations", "32"), ScoreType.SIGNED),
                Arguments.of("reagent", Map.of("sampler", "uniform", "max-steps", "100", "probes", "4"), ScoreType.DIST),
                Arguments.of("causal-tracing", Map.of("variant", "corrupt-token", "samples", "3"), ScoreType.SIGNED),
                Arguments.of("causal-tracing", Map.of("samples", "2", "layers", "0,2,5", "aggregate", "mean"),
                        ScoreType.SIGNED),
                Arguments.of("last-layer-attention", Map.of("layers", "all"), ScoreType.DIST),
                Arguments.of("attention-rollout", Map.of("residual", "0"), ScoreType.DIST),
                Arguments.of("tdd-backward", Map.of("contrast", "pair"), ScoreType.SIGNED),
                Arguments.of("tdd-forward", Map.of("contrast", "pair", "alternative", "5"), ScoreType.SIGNED),
                Arguments.of("progressive-inference", Map.of("functional", "logprob", "samples", "32",
                        "clip-quantile", "0.99"), ScoreType.SIGNED),
                Arguments.of("pml", Map.of("output", "raw", "calibration", "fallback"), ScoreType.SIGNED),
                Arguments.of("pml", Map.of("layer", "3", "threshold", "0.0", "center", "true"), ScoreType.NONNEG),
                Arguments.of("faml", Map.of("steps", "5", "select", "kl-top20", "reference", "zero"), ScoreType.NONNEG),
                Arguments.of("sea-cot", Map.of("samples", "2", "max-new", "6", "shots", "0", "output", "soft",
                        "premise", "reference"), ScoreType.NONNEG));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void variantRuns(String method, Map<String, String> params, ScoreType type) {
        model.violations.clear();
        AttributionResult r = MethodRegistry.get(method).attribute(AttributionRequest.of(model, "v", context, target,
                params, 5));
        assertEquals(context.length, r.scores().length);
        assertEquals(type, r.scoreType());
        if (type != ScoreType.SIGNED) {
            assertTrue(Arrays.stream(r.scores()).allMatch(v -> v >= 0), Arrays.toString(r.scores()));
        }
        assertTrue(model.violations.isEmpty(), method + " " + params + " perturbed BOS: " + model.violations);
    }

    /** Sentence sources: one LASSO weight per sentence, broadcast to its tokens. */
    @Test
    void sentenceSourcesShareOneWeightPerSentence() {
        AttributionResult r = MethodRegistry.get("context-cite").attribute(AttributionRequest.of(model, "s", context,
                target, Map.of("sources", "sentence"), 5));
        assertEquals("3", r.notes().get("sources"), r.notes().toString());
        int[] sent = TokenText.of(model.tokenizer().orElseThrow(), context).sentenceOfToken();
        for (int i = 2; i < context.length; i++) {
            if (sent[i] == sent[i - 1]) {
                assertEquals(r.scores()[i - 1], r.scores()[i], 0.0, "tokens " + (i - 1) + "," + i);
            }
        }
    }

    /**
     * With protected tokens at both ends MP-PI switches to one reading per pass at the final position
     * and still meets efficiency against the all-masked pass.
     */
    @Test
    void multiPassWithProtectedSuffixUsesFinalReadings() {
        boolean[] prot = new boolean[context.length];
        prot[0] = true;
        prot[context.length - 1] = true;
        AttributionResult r = new ProgressiveInference().attribute(new AttributionRequest(model, "f", context, target,
                context.length, prot, Map.of(), 5));
        assertTrue(r.notes().get("mode").startsWith("final-position"), r.notes().toString());
        double vFull = new Objective(Objective.Kind.PROB, target, -1).evaluate(model.lastLogits(context));
        assertEquals(vFull - Double.parseDouble(r.notes().get("v-empty")), Arrays.stream(r.scores()).sum(), 1e-9);
        assertEquals(0.0, r.scores()[context.length - 1], 0.0);
    }

    @Test
    void badParametersNameTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.get("context-cite")
                .attribute(AttributionRequest.of(model, "b", context, target, Map.of("keep-probability", "1.5"), 1)));
        assertTrue(e.getMessage().contains("keep-probability"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> MethodRegistry.get("occlusion")
                .attribute(AttributionRequest.of(model, "b", context, target, Map.of("operator", "deletee"), 1)));
        assertTrue(e2.getMessage().contains("did you mean 'delete'"), e2.getMessage());
    }
}
