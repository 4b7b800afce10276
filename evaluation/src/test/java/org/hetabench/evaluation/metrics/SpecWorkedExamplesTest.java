package org.hetabench.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.evaluation.stats.SpearmanCorrelation;
import org.junit.jupiter.api.Test;

/** Every worked numeric example of spec metrics.md (§1.7, 2.13, 3.3, 3.4, 4.6, 5.2, 5.3, 6.1, 6.2, 7.3, 8.3, 9, 10). */
class SpecWorkedExamplesTest {
    static final double TOL = 1e-6;

    static final double[] Q = {0.70, 0.20, 0.05, 0.05};
    static final double[] P0 = {0.25, 0.25, 0.25, 0.25};
    static final double[] PS = {0.60, 0.25, 0.10, 0.05};
    static final double[] PC = {0.30, 0.40, 0.20, 0.10};

    @Test
    void spearmanTestVector17() {
        double[] a = {0.3, 0.3, 0.2, 0.2};
        double[] b = {0.5, 0.1, 0.4, 0.0};
        assertArrayEquals(new double[] {3.5, 3.5, 1.5, 1.5}, SpearmanCorrelation.ranks(a), 0);
        assertArrayEquals(new double[] {4, 2, 3, 1}, SpearmanCorrelation.ranks(b), 0);
        assertEquals(0.447214, SpearmanCorrelation.rho(a, b), TOL);
        assertTrue(Double.isNaN(SpearmanCorrelation.rho(new double[] {1, 2}, new double[] {2, 1})), "n < minN");
        assertTrue(Double.isNaN(SpearmanCorrelation.rho(new double[] {1, 1, 1}, new double[] {1, 2, 3})), "constant");
    }

    @Test
    void test2ADistancesAndNormalisation() {
        double d0 = Divergence.HSQ.between(P0, Q);
        double ds = Divergence.HSQ.between(PS, Q);
        double dc = Divergence.HSQ.between(PC, Q);
        assertEquals(0.190150, d0, TOL);
        assertEquals(0.010760, ds, TOL);
        assertEquals(0.124718, dc, TOL);
        assertEquals(0.943413, SoftErasure.reagentNs(d0, ds), TOL);
        assertEquals(0.655893, SoftErasure.reagentNc(d0, dc, false), TOL);
        assertEquals(1.414214, Divergence.HSQ.between(new double[] {1, 0}, new double[] {0, 1}), TOL);
        assertEquals(0, Divergence.HSQ.between(PS, PS), 0);
        assertEquals(0, SoftErasure.reagentNs(d0, d0 + 0.05), 0, "Ds > D0 gives 0");
        assertTrue(Double.isNaN(SoftErasure.reagentNs(0, 0.1)), "D0 = 0 is undefined");
        assertEquals(1, SoftErasure.reagentNc(0.1, 0.3, true), 0, "clipNc");
        assertEquals(3, SoftErasure.reagentNc(0.1, 0.3, false), 1e-12, "R1 does not clip");
    }

    @Test
    void test2BZhaoAletras() {
        double[] r = SoftErasure.zhaoAletras(Q[0], P0[0], PS[0], PC[0]);
        // S0 = 1 - (0.70 - 0.25) = 0.55, softS = 0.90, softC = 0.40
        assertEquals(0.777778, r[0], TOL);
        assertEquals(0.888889, r[1], TOL);
    }

    @Test
    void test2CMaskOrientationWithInjectedUniforms() {
        double[][] e = {{1.0, -2.0, 0.5}, {0.3, 0.3, -1.0}};
        double[] u = {0.10, 0.85, 0.79, 0.15, 0.25, 0.05};
        DrawSource.Injected src = DrawSource.injected().with(DrawRole.MASK_SUFF, u).with(DrawRole.MASK_COMP, u);
        double[][] suff = Perturbation.softKeep(e, new double[] {0.8, 0.2}, null, src.stream("m", DrawRole.MASK_SUFF, 0));
        assertArrayEquals(new double[] {1.0, 0, 0.5}, suff[0], 0);
        assertArrayEquals(new double[] {0.3, 0, -1.0}, suff[1], 0);
        double[][] comp = Perturbation.softKeep(e, new double[] {0.2, 0.8}, null, src.stream("m", DrawRole.MASK_COMP, 0));
        assertArrayEquals(new double[] {1.0, 0, 0}, comp[0], 0);
        assertArrayEquals(new double[] {0.3, 0.3, -1.0}, comp[1], 0);
        DrawSource.Injected zeros = DrawSource.injected().with(DrawRole.MASK_SUFF, new double[6]);
        double[][] none = Perturbation.softKeep(e, new double[] {0, 0}, null, zeros.stream("m", DrawRole.MASK_SUFF, 0));
        assertArrayEquals(new double[3], none[0], 0, "keep = 0: nothing survives, even for u = 0");
        DrawSource.Injected high = DrawSource.injected().with(DrawRole.MASK_SUFF, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999);
        double[][] all = Perturbation.softKeep(e, new double[] {1, 1}, null, high.stream("m", DrawRole.MASK_SUFF, 0));
        assertArrayEquals(e[0], all[0], 0, "keep = 1: everything survives");
        assertArrayEquals(e[1], all[1], 0);
    }

    @Test
    void test2DRandomBaseline() {
        assertArrayEquals(new double[] {0.186324, 0.307196, 0.506480}, Softmax.of(new double[] {0.0, 0.5, 1.0}), TOL);
    }

    @Test
    void test2EAggregation() {
        MetricInfo ns = new SoftErasure(SoftErasure.Kind.NS, MetricConfig.defaults()).info();
        double[][] rows = {{0.000, 0.004, 0.000, 0.019}, {0.255, 0.017, 0.000, 0.007}, {0.000, 0.006, 0.004, 0.017},
            {0.008, 0.008, 0.000, 0.006}, {0.027, 0.005, 0.000, 0.005}};
        List<MetricValue> nsSteps = new ArrayList<>();
        List<MetricValue> ncSteps = new ArrayList<>();
        for (double[] r : rows) {
            nsSteps.add(new MetricValue(r[0], r[2], Map.of(), Map.of()));
            ncSteps.add(new MetricValue(r[1], r[3], Map.of(), Map.of()));
        }
        assertEquals(4.283587, DatasetAggregate.of(ns, nsSteps, 0).value(), TOL);
        assertEquals(-0.300105, DatasetAggregate.of(ns, ncSteps, 0).value(), TOL);
        // dataset level: per-prompt means mS = [0.05, 0.10], mR = [0.01, 0.02] -> ln 5
        List<MetricValue> prompts = List.of(
                MetricValue.meanOfSteps(List.of(new MetricValue(0.04, 0.005, Map.of(), Map.of()),
                        new MetricValue(0.06, 0.015, Map.of(), Map.of()))),
                new MetricValue(0.10, 0.02, Map.of(), Map.of()));
        assertEquals(Math.log(5), DatasetAggregate.of(ns, prompts, 0).value(), 1e-12);
        assertEquals(1.609438, DatasetAggregate.of(ns, prompts, 0).value(), TOL);
    }

    @Test
    void test3AAopc() {
        double[] comp = {0.45, 0.20, 0.15};
        double[] suff = {0.10, 0.30, 0.50};
        assertEquals(1, Aopc.binSize(0.1, 10, Aopc.Rounding.FLOOR_MIN1));
        assertEquals(2, Aopc.binSize(0.2, 10, Aopc.Rounding.FLOOR_MIN1));
        assertEquals(3, Aopc.binSize(0.3, 10, Aopc.Rounding.FLOOR_MIN1));
        assertEquals(0.333333, Aopc.fromProbabilities(0.60, comp, Aopc.Scale.PROB, false), TOL);
        assertEquals(0.300000, Aopc.fromProbabilities(0.60, suff, Aopc.Scale.PROB, false), TOL);
        assertEquals(0.924196, Aopc.fromProbabilities(0.60, comp, Aopc.Scale.LOGPROB, false), TOL);
        assertEquals(0.25, Aopc.fromProbabilities(0.60, comp, Aopc.Scale.PROB, true), TOL, "zero bin: n_B + 1 points");
        assertEquals(1, Aopc.binSize(0.1, 7, Aopc.Rounding.FLOOR_MIN1));
        assertEquals(0, Aopc.binSize(0.1, 7, Aopc.Rounding.FLOOR_SKIP0), "skipped");
        assertEquals(1, Aopc.binSize(0.1, 7, Aopc.Rounding.CEIL));
    }

    @Test
    void test3BCounterfactualAopc() {
        double[][] draws = {{0.50, 0.40, 0.48}, {0.30, 0.26, 0.34}, {0.22, 0.18, 0.20}};
        assertEquals(0.280000, CounterfactualAopc.fromDraws(0.60, draws, Aopc.Scale.PROB, false), TOL);
    }

    @Test
    void test4ADsa() {
        double[] a = {0.05, 0.02, 0.03, 0.00, 0.10, 0.05, 0.30, 0.20, 0.15, 0.10};
        int[] p = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] n = {0, 1, 2, 3, 4};
        int[] support = {5, 6, 7, 8, 9};
        int[] s = {6, 7, 8};
        double[] w = Dsa.weights(a, Dsa.NegativeHandling.ABS);
        Dsa.Result ev = Dsa.compute(w, p, n, s);
        assertEquals(0.450000, Dsa.scaled(ev, 10, 5, 3, Dsa.ReportScale.MASS), TOL);
        assertEquals(0.600000, Dsa.scaled(Dsa.compute(w, p, n, support), 10, 5, 5, Dsa.ReportScale.MASS), TOL);
        assertEquals(4.5, Dsa.scaled(ev, 10, 5, 3, Dsa.ReportScale.MASS_X10), TOL);
        assertEquals(45.0, Dsa.scaled(ev, 10, 5, 3, Dsa.ReportScale.PERCENT), TOL);
        assertEquals(1.766667, Dsa.scaled(ev, 10, 5, 3, Dsa.ReportScale.DENSITY_LIFT), TOL);
        // R3's own test (normalised over all 5 positions)
        int[] all5 = {0, 1, 2, 3, 4};
        Dsa.Result r3 = Dsa.compute(new double[] {0.1, 0.1, 0.3, 0.4, 0.1}, all5, new int[] {0, 1}, new int[] {2, 3});
        assertEquals(0.5, Dsa.scaled(r3, 5, 2, 2, Dsa.ReportScale.MASS), TOL);
        Dsa.Result zero = Dsa.compute(new double[5], all5, new int[] {0, 1}, new int[] {2, 3});
        assertTrue(zero.zeroSum());
        assertEquals(0, Dsa.scaled(zero, 5, 2, 2, Dsa.ReportScale.MASS), 0);
    }

    @Test
    void test5ATokenF1() {
        // top-3 by attribution {3, 7, 8}, gold {2, 3, 7}
        double[] a = new double[10];
        a[3] = 0.9;
        a[7] = 0.8;
        a[8] = 0.7;
        a[2] = 0.1;
        TokenF1.Counts c = TokenF1.counts(Ranking.topK(a, null, 3), new int[] {2, 3, 7});
        assertEquals(2, c.tp());
        assertEquals(0.666667, c.f1(), TOL);
        assertEquals(1.0, TokenF1.counts(Ranking.topK(new double[] {0, 0, 1, 1, 0}, null, 2), new int[] {2, 3}).f1(), TOL);
        assertEquals(0.0, TokenF1.counts(Ranking.topK(new double[] {1, 1, 0, 0, 0}, null, 2), new int[] {2, 3}).f1(), TOL);
        assertEquals(0.5, TokenF1.counts(Ranking.topK(new double[] {0, 1, 1, 0, 0}, null, 2), new int[] {1, 3}).f1(), TOL);
    }

    @Test
    void test5BSpanF1() {
        List<int[]> pred = GoldAnnotation.runs(new int[] {2, 3, 4, 8});
        assertEquals(2, pred.size());
        assertArrayEquals(new int[] {2, 5}, pred.get(0));
        assertArrayEquals(new int[] {8, 9}, pred.get(1));
        double[] s = SpanF1.score(pred, List.of(new int[] {2, 4}, new int[] {6, 9}), 0.5, SpanF1.Matching.ONE_TO_ONE,
                SpanF1.Mode.IOU);
        assertEquals(0.5, s[0], TOL);
        assertEquals(0.5, s[1], TOL);
        assertEquals(0.5, s[2], TOL);
        double[] t = SpanF1.score(pred, List.of(new int[] {2, 4}, new int[] {7, 9}), 0.5, SpanF1.Matching.ONE_TO_ONE,
                SpanF1.Mode.IOU);
        assertEquals(1.0, t[2], TOL, "IOU = 0.5 counts (>=)");
        assertEquals(2.0 / 3, SpanF1.iou(new int[] {2, 5}, new int[] {2, 4}), 1e-12);
        assertEquals(1.0 / 3, SpanF1.iou(new int[] {8, 9}, new int[] {6, 9}), 1e-12);
    }

    @Test
    void spanF1EraserCompatCountsAGoldSpanTwice() {
        // two predicted spans both hit gold [0,4): ERASER counts 2 TPs, one-to-one counts 1
        List<int[]> pred = List.of(new int[] {0, 2}, new int[] {2, 4});
        List<int[]> gold = List.of(new int[] {0, 4}, new int[] {10, 12});
        assertEquals(2, SpanF1.score(pred, gold, 0.5, SpanF1.Matching.ERASER_COMPAT, SpanF1.Mode.IOU)[3], 0);
        assertEquals(1, SpanF1.score(pred, gold, 0.5, SpanF1.Matching.ONE_TO_ONE, SpanF1.Mode.IOU)[3], 0);
        assertEquals(0, SpanF1.score(pred, gold, 0.5, SpanF1.Matching.ONE_TO_ONE, SpanF1.Mode.STRICT)[3], 0,
                "STRICT: no predicted span contains a whole gold span");
    }

    @Test
    void test6ASensitivity() {
        double[][] runs = {{0.5, 0.3, 0.2}, {0.6, 0.2, 0.2}, {0.4, 0.4, 0.2}};
        assertEquals(0.066667, Sensitivity.fromRuns(runs), TOL);
    }

    @Test
    void test6BActivePassive() {
        // aligned words (chef, cut, bread, knife), one token each
        double[] active = {0.40, 0.25, 0.20, 0.15};
        double[] passive = {0.35, 0.10, 0.30, 0.25};
        int[][] words = {{0}, {1}, {2}, {3}};
        assertEquals(0.400000, SpearmanCorrelation.rho(ActivePassiveRobustness.wordScores(active, words),
                ActivePassiveRobustness.wordScores(passive, words)), TOL);
    }

    @Test
    void test7ADecodingGrid() {
        double[] c = {0.48, 0.55, 0.40, 0.52};
        assertEquals(20.0, DecodingGridDelta.compute(0.50, c, DecodingGridDelta.Reference.GREEDY,
                DecodingGridDelta.Statistic.MAX_ABS_REL, 1e-6).deltaPercent(), TOL);
        DecodingGridDelta.Result gm = DecodingGridDelta.compute(0.50, c, DecodingGridDelta.Reference.GRID_MEAN,
                DecodingGridDelta.Statistic.MAX_ABS_REL, 1e-6);
        assertEquals(0.4875, gm.reference(), TOL);
        assertEquals(17.948718, gm.deltaPercent(), TOL);
        assertEquals(30.769231, DecodingGridDelta.compute(0.50, c, DecodingGridDelta.Reference.GREEDY,
                DecodingGridDelta.Statistic.RANGE, 1e-6).deltaPercent(), TOL);
        assertEquals(54, DecodingGridDelta.paperGrid(10).size());
    }

    @Test
    void decodingGridProtocolAveragesSeedsPerConfiguration() {
        List<org.hetabench.core.generation.DecodingConfig> grid = DecodingGridDelta.paperGrid(5).subList(0, 4);
        List<Long> seen = new ArrayList<>();
        // value = temperature + 0.01 * seed: seed mean adds 0.01; greedy reference 0.5 (+0.01 seed mean)
        DecodingGridDelta.Result r = DecodingGridDelta.evaluate(grid, new long[] {0, 1, 2}, (cfg, seed) -> {
            assertEquals(seed.longValue(), cfg.seed(), "the run's decoding seed is the master seed");
            seen.add(seed);
            return cfg.temperature() + (cfg.repetitionPenalty() > 1 ? 0.1 : 0) + 0.01 * seed;
        }, s -> 0.5 + 0.01 * s, DecodingGridDelta.Reference.GREEDY, DecodingGridDelta.Statistic.MAX_ABS_REL, 1e-6);
        assertEquals(12, seen.size());
        // configs: T=0.2 rep 1.0 / 1.2, top-k 20 / 50 -> means 0.21, 0.31, 0.21, 0.31; ref 0.51 -> max |.| = 0.30
        assertEquals(100 * 0.30 / 0.51, r.deltaPercent(), 1e-9);
        assertEquals(0.30, r.absoluteChange(), 1e-12);
    }

    @Test
    void aggregateReportsCountsReasonsAndMedian() {
        MetricInfo info = new Dsa(MetricConfig.defaults()).info();
        DatasetAggregate a = DatasetAggregate.of(info, List.of(MetricValue.of(0.2), MetricValue.of(0.6),
                MetricValue.undefined("no gold"), MetricValue.of(0.1)), 0);
        assertEquals(0.3, a.value(), 1e-12);
        assertEquals(3, a.used());
        assertEquals(1, a.excluded());
        assertEquals(1, a.exclusionReasons().get("no gold"));
        assertEquals(0.2, a.components().get("valueMedian"), 0);
        MetricInfo micro = new TokenF1(MetricConfig.of(Map.of("f1.average", "MICRO"))).info();
        DatasetAggregate m = DatasetAggregate.of(micro, List.of(
                new MetricValue(1, Double.NaN, Map.of("tp", 2.0, "predicted", 2.0, "gold", 2.0), Map.of()),
                new MetricValue(0, Double.NaN, Map.of("tp", 0.0, "predicted", 2.0, "gold", 4.0), Map.of())), 0);
        // pooled: tp 2, predicted 4, gold 6 -> P 0.5, R 1/3, F1 0.4
        assertEquals(0.4, m.value(), 1e-12);
    }

    @Test
    void test8AToDInterventions() {
        assertEquals(0.900000, Intervention.patchCorr(new double[] {0.40, 0.10, 0.30, 0.05, 0.15},
                new double[] {0.90, 0.20, 0.50, 0.00, 0.02}, false, 3), TOL);
        double[] a = {0.40, 0.10, 0.30, 0.05, 0.15};
        assertArrayEquals(new int[] {0, 2, 4, 1}, Ranking.topK(a, null, 4));
        assertEquals(0.25, Intervention.misattributionRate(a, new double[] {0.90, 0.20, 0.50, 0.00, 0.005}, 4, 0.01),
                TOL);
        assertEquals(2.4, Intervention.jointDelta(-0.5, new double[] {-2.6, -3.2}), TOL);
        assertTrue(Intervention.passesFlip(3, 4));
        assertTrue(Intervention.passesFlip(2, 4));
        assertFalse(Intervention.passesFlip(1, 4));
    }

    @Test
    void test9AWindowLeakage() {
        assertEquals(0.450000, WindowLeakage.absDeltaLogP(-1.20, -1.65), TOL);
        assertEquals(0.2, Divergence.TV.between(new double[] {0.5, 0.3, 0.2}, new double[] {0.7, 0.2, 0.1}), TOL);
        // HETA windows: W = 4, overlap 0.5 -> stride 2 over T = 9
        List<int[]> w = WindowLeakage.windows(9, 4, 0.5);
        assertEquals(4, w.size());
        assertArrayEquals(new int[] {6, 9}, w.get(3));
        assertEquals(0.25, WindowLeakage.attributionMass(new double[] {0.25, -0.25, 0.5}, 2), TOL);
    }

    @Test
    void test10Reconstruction() {
        ReconstructionError.Fit one = ReconstructionError.fit(new double[] {1.5}, new double[] {0.9 + 0.4});
        assertEquals(0.200000, one.lRaw(), TOL);
        assertEquals(0.133333, one.relativeRaw(), TOL);
        ReconstructionError.Fit f = ReconstructionError.fit(new double[] {1.5, 0.6, 2.0}, new double[] {1.3, 0.5, 1.2});
        assertEquals(1.375740, f.alpha(), TOL);
        assertEquals(0.241815, f.lFit(), TOL);
        assertEquals(0.366667, f.lRaw(), TOL);
        assertEquals(0, ReconstructionError.fit(new double[] {1, 2}, new double[] {0, 0}).alpha(), 0, "all S = 0");
    }
}
