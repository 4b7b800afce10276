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
}
