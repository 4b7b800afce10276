package org.hetabench.evaluation.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec §11 worked examples (11-A, 11-B) and properties of the tests. */
class StatsWorkedExamplesTest {
    static final double TOL = 1e-6;

    @Test
    void test11APairedComparison() {
        double[] x = {0.42, 0.35, 0.50, 0.28, 0.61};
        double[] y = {0.30, 0.33, 0.41, 0.31, 0.45};
        PairedComparison c = PairedComparison.of(x, y, 10_000, 0.05, 0);
        assertEquals(0.072, c.meanDiff(), TOL);
        assertEquals(0.076616, c.sdDiff(), TOL);
        assertEquals(0.939752, c.cohenDz(), TOL);
        assertEquals(13, c.wilcoxon().wPlus(), 1e-12);
        assertEquals(2, c.wilcoxon().wMinus(), 1e-12);
        assertEquals(0.733333, c.wilcoxon().rankBiserial(), TOL);
        assertTrue(c.wilcoxon().exact());
        assertEquals(0.1875, c.wilcoxon().p(), 1e-12);
        assertEquals(0.700000, c.spearmanAcrossInstances(), TOL);
        // the bootstrap CI brackets the mean and lies within the range of d
        assertTrue(c.ciLow() < 0.072 && 0.072 < c.ciHigh());
        assertTrue(c.ciLow() >= -0.03 && c.ciHigh() <= 0.16);
        PairedComparison again = PairedComparison.of(x, y, 10_000, 0.05, 0);
        assertEquals(c.ciLow(), again.ciLow(), 0, "seeded bootstrap is deterministic");
    }

    @Test
    void test11BSeedSummary() {
        SeedSummary s = SeedSummary.of(1.70, 1.62, 1.74);
        assertEquals(1.686667, s.mean(), TOL);
        assertEquals(0.061101, s.std(), TOL);
        assertEquals("1.69 ± 0.06", s.formatShort(2));
        assertEquals("1.69 ± 0.06 (3 seeds)", s.format(2));
        assertEquals(1.62, s.min(), 0);
        assertEquals(1.74, s.max(), 0);
    }

    @Test
    void wilcoxonDropsZerosAndUsesNormalApproximationWithTies() {
        WilcoxonSignedRank w = WilcoxonSignedRank.test(new double[] {0, 1, -1, 2, 2, 3});
        assertEquals(5, w.n());
        assertFalse(w.exact(), "ties -> normal approximation");
        // ranks of |d| = [1,1,2,2,3] -> [1.5,1.5,3.5,3.5,5]; W+ = 1.5+3.5+3.5+5 = 13.5, W- = 1.5
        assertEquals(13.5, w.wPlus(), 1e-12);
        assertEquals(1.5, w.wMinus(), 1e-12);
        // var = 5*6*11/24 - (2*(8-2))/48 = 13.75 - 0.25 = 13.5; z = (13.5 - 7.5)/sqrt(13.5)
        double z = 6 / Math.sqrt(13.5);
        double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z));
        assertEquals(p, w.p(), 1e-12);
    }

    @Test
    void holmAdjustment() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, PairedComparison.holm(new double[] {0.01, 0.04, 0.03}),
                1e-12);
    }

    @Test
    void logRatioBootstrapOfIdenticalMethodsIsZero() {
        double[] s = {0.1, 0.2, 0.3, 0.05};
        double[] r = {0.01, 0.03, 0.02, 0.02};
        double[] d = PairedComparison.logRatioDifference(s, r, s, r, 500, 0.05, 1);
        assertArrayEquals(new double[] {0, 0, 0}, d, 0);
        double[] e = PairedComparison.logRatioDifference(s, r, new double[] {0.05, 0.1, 0.15, 0.025}, r, 500, 0.05, 1);
        assertEquals(Math.log(2), e[0], 1e-12);
        assertEquals(Math.log(2), e[1], 1e-9, "a constant factor 2 survives every resample");
    }
}
