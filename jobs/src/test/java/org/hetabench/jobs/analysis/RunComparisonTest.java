package org.hetabench.jobs.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricInfo;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

/** The per-metric verdict of {@code compare}: spec numbers, directions and thresholds. */
class RunComparisonTest {
    static MetricInfo info(String metric) {
        return MetricRegistry.create(metric, MetricConfig.defaults()).info();
    }

    static List<double[]> pairs(double[] baseline, double[] candidate) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < baseline.length; i++) {
            p.add(new double[] {baseline[i], candidate[i]});
        }
        return p;
    }

    @Test
    void unitTest11AThroughTheComparison() {
        // metrics.md §11.2 unit test 11-A: d = x − y, mean 0.072, exact two-sided Wilcoxon p = 0.1875.
        double[] x = {0.42, 0.35, 0.50, 0.28, 0.61};
        double[] y = {0.30, 0.33, 0.41, 0.31, 0.45};
        var d = RunComparison.delta("m", "soft-nc", info("soft-nc"), pairs(y, x), 0, CompareThresholds.defaults());
        assertEquals(5, d.n());
        assertEquals(0.072, d.meanDiff(), 1e-12);
        assertEquals(0.1875, d.wilcoxonP(), 1e-12);
        assertTrue(d.ciLow() < 0.072 && 0.072 < d.ciHigh());
        assertFalse(d.regression(), "an improvement of a higher-is-better metric");
        // Read the other way round it is a drop of 0.072 against an allowance of 5% of mean(x) = 0.432; it is a
        // regression exactly when the bootstrap CI lies below zero.
        var back = RunComparison.delta("m", "soft-nc", info("soft-nc"), pairs(x, y), 0, CompareThresholds.defaults());
        assertEquals(0.072, back.worsening(), 1e-12);
        assertEquals(0.05 * 0.432, back.allowed(), 1e-12);
        assertEquals(back.ciHigh() < 0, back.regression());
    }

    @Test
    void theDirectionDecidesWhatIsWorse() {
        double[] base = {0.10, 0.20, 0.30, 0.40};
        double[] up = {0.20, 0.31, 0.42, 0.53};
        assertTrue(info("sensitivity").direction() == MetricInfo.Direction.LOWER_IS_BETTER);
        var lower = RunComparison.delta("m", "sensitivity", info("sensitivity"), pairs(base, up), 0,
                CompareThresholds.defaults());
        assertTrue(lower.regression(), "a rise of a lower-is-better metric");
        var higher = RunComparison.delta("m", "soft-nc", info("soft-nc"), pairs(base, up), 0, CompareThresholds.defaults());
        assertFalse(higher.regression());
        var lenient = RunComparison.delta("m", "sensitivity", info("sensitivity"), pairs(base, up), 0,
                CompareThresholds.of(null, List.of("sensitivity=0.2")));
        assertFalse(lenient.regression(), "an absolute allowance of 0.2 covers a mean rise of 0.115");
        var unknown = RunComparison.delta("m", "custom", null, pairs(base, up), 0, CompareThresholds.defaults());
        assertFalse(unknown.regression(), "no declared direction: reported, not judged");
    }

    @Test
    void thresholdsParse() {
        CompareThresholds t = CompareThresholds.of(null, List.of("dsa=10%", "default=0.5", "passes-per-item=0"));
        assertEquals(0.1 * 3, t.of("dsa").allowed(3), 1e-12);
        assertEquals(0.5, t.of("soft-ns").allowed(100), 0);
        assertEquals(0, t.of(CompareThresholds.PASSES).allowed(7), 0);
        assertTrue(Double.isInfinite(CompareThresholds.defaults().of(CompareThresholds.SECONDS).allowed(1)));
        assertThrows(IllegalArgumentException.class, () -> CompareThresholds.of(null, List.of("dsa=-1")));
        assertThrows(IllegalArgumentException.class, () -> CompareThresholds.of(null, List.of("dsa")));
    }
}
