package org.hetabench.jobs.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Normalisation and colours, against values worked out by hand. */
class ScoreScaleTest {
    @Test
    void nonNegativeRowsUseWhiteToRedNormalisedByTheirMaximum() {
        ScoreScale s = ScoreScale.of(new double[] {0, 1, 4, Double.NaN}, "NONNEG");
        assertFalse(s.diverging());
        assertEquals(4, s.maxAbs());
        assertEquals(0.25, s.normalise(1));
        assertEquals("#ffffff", s.colour(s.normalise(0)));
        assertEquals("#b2182b", s.colour(s.normalise(4)));
        // 255 + (178 − 255)·0.25 = 235.75 → 236 (ec); 255 − 231·0.25 = 197.25 → 197 (c5); 255 − 212·0.25 = 202 (ca).
        assertEquals("#ecc5ca", s.colour(0.25));
        assertEquals(ScoreScale.MISSING, s.colour(s.normalise(Double.NaN)));
    }

    @Test
    void aNegativeScoreMakesTheRowDivergingWhateverItsLabel() {
        ScoreScale s = ScoreScale.of(new double[] {-2, 1}, "NONNEG");
        assertTrue(s.diverging());
        assertEquals("#2166ac", s.colour(s.normalise(-2)));
        assertEquals(-1.0, s.normalise(-2));
    }

    @Test
    void anAllZeroRowIsWhiteNotNaN() {
        ScoreScale s = ScoreScale.of(new double[] {0, 0, 0}, "SIGNED");
        assertEquals(0.0, s.normalise(0));
        assertEquals("#ffffff", s.colour(s.normalise(0)));
    }

    @Test
    void outOfRangeValuesAreClamped() {
        ScoreScale s = new ScoreScale(true, 1);
        assertEquals("#b2182b", s.colour(3));
        assertEquals("#2166ac", s.colour(-3));
    }

    /** 37.0 at the last position and 199 values spread over [0, 1]. */
    private static double[] dominated() {
        double[] s = new double[200];
        for (int i = 0; i < 199; i++) {
            s[i] = (i % 100) / 99.0;
        }
        s[199] = 37.0;
        return s;
    }

    private static double visibleShare(ScoreScale scale, double[] scores) {
        int visible = 0;
        for (double v : scores) {
            String c = scale.colour(scale.normalise(v));
            int r = Integer.parseInt(c.substring(1, 3), 16);
            int g = Integer.parseInt(c.substring(3, 5), 16);
            int b = Integer.parseInt(c.substring(5, 7), 16);
            if (Math.min(r, Math.min(g, b)) <= 0.9 * 255) {
                visible++;
            }
        }
        return visible / (double) scores.length;
    }

    @Test
    void theRobustScaleColoursAQuarterOfTokensWhenOneDominatesAndMaxDoesNot() {
        double[] s = dominated();
        ScoreScale robust = ScoreScale.of(s, "NONNEG", ScoreScale.Rule.defaults());
        ScoreScale max = ScoreScale.of(s, "NONNEG", ScoreScale.Rule.max());
        assertEquals(37.0, max.maxAbs());
        assertTrue(robust.maxAbs() <= 1.0, "p98 ignores the outlier: " + robust.maxAbs());
        assertTrue(robust.clipped(37.0));
        assertFalse(robust.clipped(0.5));
        assertFalse(max.clipped(37.0));
        assertTrue(visibleShare(robust, s) >= 0.25, "robust share " + visibleShare(robust, s));
        assertTrue(visibleShare(max, s) < 0.25, "max share " + visibleShare(max, s));
    }

    @Test
    void excludingTheLastPositionLeavesTheTargetOutOfTheScale() {
        double[] s = {0.5, 1, 2, 37};
        ScoreScale max = ScoreScale.of(s, "NONNEG", ScoreScale.Rule.parse("max", "bos,last"));
        assertEquals(2.0, max.maxAbs());
        assertTrue(max.clipped(37));
        assertTrue(max.basis().contains("excluding BOS and last position"));
    }

    @Test
    void signedRowsStaySymmetricAroundZero() {
        ScoreScale s = ScoreScale.of(new double[] {-4, 1, 2}, "SIGNED", ScoreScale.Rule.defaults());
        assertTrue(s.diverging());
        assertEquals(-s.normalise(1), s.normalise(-1));
        assertEquals("#ffffff", s.colour(s.normalise(0)));
    }

    @Test
    void robustDefaultDrawsTheSquareRootOfTheNormalisedScore() {
        // 0.25 of the scale: linear intensity 0.25 (#ecc5ca); square root 0.5: 255 + (178 - 255) / 2 = 216.5 -> 217 (d9),
        // 255 - 231 / 2 = 139.5 -> 140 (8c), 255 - 212 / 2 = 149 (95)
        assertEquals("#d98c95", new ScoreScale(false, 4, "x", 0.5).colour(0.25));
        assertEquals("#ecc5ca", new ScoreScale(false, 4, "x", 1).colour(0.25));
        assertEquals(0.5, ScoreScale.Rule.parse("robust", "").gamma());
        assertEquals(0.5, ScoreScale.Rule.defaults().gamma());
        assertEquals(1.0, ScoreScale.Rule.parse("linear", "").gamma());
        assertEquals(1.0, ScoreScale.Rule.parse("max", "").gamma());
        assertTrue(ScoreScale.Rule.defaults().describe().contains("√(|score| / scale)"));
        String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScoreScale.Rule.parse("robst", "")).getMessage();
        assertTrue(m.contains("did you mean 'robust'"), m);
    }
}
