package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.junit.jupiter.api.Test;

/**
 * Methods on {@link PresenceModel}, whose prediction depends only on whether one key token is present:
 * the key's position must come out on top (methods.md §6.9), with exact values where they are known.
 */
class HandMadeModelTest {
    private static final int KEY = 7;
    private static final int Y = 3;
    private static final int[] CONTEXT = {1, 5, 9, KEY, 11, 12, 13, 14};
    private final PresenceModel model = new PresenceModel(KEY, Y);

    private AttributionRequest request(Map<String, String> params) {
        boolean[] prot = new boolean[CONTEXT.length];
        prot[0] = true;
        return new AttributionRequest(model, "planted", CONTEXT, Y, CONTEXT.length, prot, params, 3);
    }

    private static int argmax(double[] s) {
        return Logits.argmax(s);
    }

    @Test
    void reagentRanksTheKeyFirstAndAllProbesConverge() {
        AttributionResult r = new ReAgent().attribute(request(Map.of("sampler", "uniform", "max-steps", "300")));
        assertEquals(3, argmax(r.scores()), java.util.Arrays.toString(r.scores()));
        assertEquals("16", r.notes().get("converged-probes"));
    }

    @Test
    void reagentWithTheLmPredictiveSamplerAlsoFindsTheKey() {
        AttributionResult r = new ReAgent().attribute(request(Map.of("max-steps", "300")));
        assertEquals(3, argmax(r.scores()), java.util.Arrays.toString(r.scores()));
        assertTrue(r.notes().get("sampler").startsWith("lm-predictive"));
    }

    /**
     * Deleting the key changes the logit-probability by exactly {@code LP(present) − LP(absent)}; the
     * response is then linear in the key's mask, so the LASSO weight is that difference shrunk by the
     * soft threshold {@code α·m/(m·std²)} in original units, and every other weight is 0.
     */
    @Test
    void contextCiteGivesTheKeyTheOnlyNonZeroWeight() {
        AttributionResult r = new ContextCite().attribute(request(Map.of("ablations", "64")));
        double[] s = r.scores();
        for (int i = 0; i < s.length; i++) {
            if (i != 3) {
                assertEquals(0.0, s[i], 1e-12, "position " + i);
            }
        }
        double[] zIn = new double[PresenceModel.VOCAB];
        double[] zOut = new double[PresenceModel.VOCAB];
        for (int v = 0; v < zIn.length; v++) {
            zIn[v] = v == Y ? 4 : 0.01 * v;
            zOut[v] = v == Y ? -4 : 0.01 * v;
        }
        org.hetabench.core.model.Objective lp = new org.hetabench.core.model.Objective(
                org.hetabench.core.model.Objective.Kind.LOGITPROB, Y, -1);
        double diff = lp.evaluate(zIn) - lp.evaluate(zOut);
        assertTrue(s[3] > 0.9 * diff && s[3] <= diff, s[3] + " vs the exact effect " + diff);
    }

    @Test
    void occlusionIsExactAndReplacingATokenByItselfGivesZero() {
        AttributionResult r = new Occlusion().attribute(request(Map.of("replacement", "2", "functional", "logit")));
        double[] want = new double[CONTEXT.length];
        want[3] = 8; // logit 4 with the key, −4 without
        assertArrayEquals(want, r.scores(), 0.0);
        AttributionResult self = new Occlusion().attribute(request(Map.of("replacement", String.valueOf(KEY))));
        assertArrayEquals(new double[CONTEXT.length], self.scores(), 0.0);
    }

    @Test
    void tddBackwardCreditsTheKeyWithTheWholeJump() {
        AttributionResult r = new TddBackward().attribute(request(Map.of("contrast", "logprob")));
        // suffixes [BOS, x_k..]: the value jumps when the key enters, nowhere else
        for (int i = 1; i < CONTEXT.length; i++) {
            if (i != 3) {
                assertEquals(0.0, r.scores()[i], 1e-12, "position " + i);
            }
        }
        double[] zIn = new double[PresenceModel.VOCAB];
        double[] zOut = new double[PresenceModel.VOCAB];
        for (int v = 0; v < zIn.length; v++) {
            zIn[v] = v == Y ? 4 : 0.01 * v;
            zOut[v] = v == Y ? -4 : 0.01 * v;
        }
        assertEquals(Logits.logProb(zIn, Y) - Logits.logProb(zOut, Y), r.scores()[3], 1e-12);
        assertEquals(Logits.logProb(zOut, Y), r.scores()[0], 1e-12, "BOS holds the raw value of [BOS]");
    }
}
