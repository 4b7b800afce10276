package org.hetabench.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact, RNG-independent properties of spec §15 on the toy model, plus batching and the mask budget. */
class ToyModelPropertiesTest {
    static final int[] IDS = {0, 1, 2, 3, 4, 1};
    static final int J = 2;

    static double[] oneHot(int n, int j) {
        double[] a = new double[n];
        a[j] = 1;
        return a;
    }

    static double[] onlyJ() {
        double[] w = new double[IDS.length];
        w[J] = 1.3;
        return w;
    }

    static MetricContext ctx(ToyModel m, double[] scores, long seed) {
        int y = Softmax.argmax(m.logits(m.embed(IDS)));
        return MetricContext.builder(m, "toy-" + seed, IDS, y, scores).seed(seed).build();
    }

    @Test
    void t1IgnoredTokenGivesSoftNcZero() {
        double[] w = {0.8, -0.6, 0, 1.1, 0.4, 0.9};
        for (long seed = 0; seed < 5; seed++) {
            MetricContext c = ctx(new ToyModel(w), oneHot(6, J), seed);
            assertEquals(0, new SoftErasure(SoftErasure.Kind.NC, MetricConfig.defaults()).compute(c).value(), 1e-15);
        }
    }

    @Test
    void t2OnlyTokenUsedGivesSoftNsAndNcOne() {
        for (long seed = 0; seed < 5; seed++) {
            ToyModel m = new ToyModel(onlyJ());
            MetricContext c = ctx(m, oneHot(6, J), seed);
            MetricValue ns = new SoftErasure(SoftErasure.Kind.NS, MetricConfig.defaults()).compute(c);
            MetricValue nc = new SoftErasure(SoftErasure.Kind.NC, MetricConfig.defaults()).compute(c);
            assertEquals(1, ns.value(), 1e-12);
            assertEquals(1, nc.value(), 1e-12);
            // Soft-NS and Soft-NC share one batched call of 1 + 4K rows, plus the clean pass
            assertEquals(2, m.calls);
            assertEquals(1 + 1 + 4, m.rows);
        }
    }

    @Test
    void t2HetaAndZhaoAletrasVariants() {
        ToyModel m = new ToyModel(onlyJ());
        MetricContext c = ctx(m, oneHot(6, J), 0);
        MetricConfig heta = MetricConfig.of(Map.of("soft.variant", "HETA_REPO_KL"));
        assertEquals(0, new SoftErasure(SoftErasure.Kind.NS, heta).compute(c).value(), 1e-12,
                "keeping the only used token loses nothing");
        assertTrue(new SoftErasure(SoftErasure.Kind.NC, heta).compute(c).value() > 0.01);
        MetricConfig za = MetricConfig.of(Map.of("soft.variant", "ZHAO_ALETRAS_TARGET_PROB"));
        MetricValue ns = new SoftErasure(SoftErasure.Kind.NS, za).compute(c);
        MetricValue nc = new SoftErasure(SoftErasure.Kind.NC, za).compute(c);
        assertEquals(1, ns.value(), 1e-12);
        assertEquals(1, nc.value(), 1e-12);
    }

    @Test
    void t3AopcZeroEmbedEqualsFullMinusEmpty() {
        ToyModel m = new ToyModel(onlyJ());
        double[] a = {0.1, 0.2, 0.9, 0.05, 0.3, 0.0};
        MetricContext c = ctx(m, a, 0);
        MetricConfig cfg = MetricConfig.of(Map.of("aopc.removal", "ZERO_EMBED", "aopc.bins", "0.2,0.5,1.0"));
        double q = Softmax.of(m.logits(m.embed(IDS)))[c.target()];
        double p0 = Softmax.of(m.logits(new double[6][4]))[c.target()];
        assertEquals(q - p0, new Aopc(Aopc.Kind.COMPREHENSIVENESS, cfg).compute(c).value(), 1e-12);
        // sufficiency keeps j in every bin, so the output never changes
        assertEquals(0, new Aopc(Aopc.Kind.SUFFICIENCY, cfg).compute(c).value(), 1e-12);
    }

    @Test
    void t4AndT5ZeroEmbedPatching() {
        double[] w = {0.8, 0, 0, 1.1, 0, 0.9};
        ToyModel m = new ToyModel(w);
        MetricConfig cfg = MetricConfig.of(Map.of("patch.source", "ZERO_EMBED", "misattribution.k", "3"));
        // attribution ranking the ignored tokens 1, 2, 4 first
        MetricContext c = ctx(m, new double[] {0.1, 0.9, 0.8, 0.2, 0.7, 0.0}, 0);
        double[] delta = InterventionEffects.of(c, "ZERO_EMBED", 4).delta(new int[] {0, 1, 2, 3, 4, 5});
        assertEquals(0, delta[1], 0);
        assertEquals(0, delta[2], 0);
        assertEquals(0, delta[4], 0);
        assertEquals(1, new Intervention(Intervention.Kind.MISATTRIBUTION_RATE, cfg).compute(c).value(), 0);
        // T-5: attribution = Δ itself
        MetricContext c2 = ctx(m, delta, 1);
        assertEquals(1, new Intervention(Intervention.Kind.PATCH_CORR, cfg).compute(c2).value(), 1e-12);
    }

    @Test
    void t6ReconstructionWithSingletonEffects() {
        double[] w = {0.8, -0.6, 0.5, 1.1, 0.4, 0.9};
        ToyModel m = new ToyModel(w);
        int y = Softmax.argmax(m.logits(m.embed(IDS)));
        double g = Softmax.logProb(m.logits(m.embed(IDS)), y);
        double[] single = new double[6];
        for (int i = 0; i < 6; i++) {
            single[i] = g - Softmax.logProb(m.logits(Perturbation.zeroRows(m.embed(IDS), Perturbation.mask(6, i))), y);
        }
        MetricContext c = MetricContext.builder(m, "t6", IDS, y, single).build();
        MetricConfig singletons = MetricConfig.of(Map.of("recon.fractions", "0.1"));
        MetricValue v = new ReconstructionError(singletons).compute(c);
        assertEquals(0, v.components().get("lRaw"), 1e-12, "every subset is a singleton");
        assertEquals(9, v.components().get("subsets"), 0);
        MetricValue big = new ReconstructionError(MetricConfig.of(Map.of("recon.fractions", "0.5"))).compute(c);
        assertTrue(big.components().get("lRaw") > 1e-4, "tanh makes the toy non-additive on larger subsets");
    }

    @Test
    void sumToOneKeepVectorKeepsOneTokenOfElementsOnAverage() {
        int t = 8;
        int d = 16;
        double[][] e = new double[t][d];
        for (double[] row : e) {
            java.util.Arrays.fill(row, 1);
        }
        double[] a = ImportanceNormalization.SUM_TO_ONE_ABS.apply(new double[] {3, 1, 0.5, 2, 0.1, 0.7, 1.2, 0.4})
                .values();
        DrawSource src = DrawSource.seeded(7, "budget", 0);
        int masks = 1000;
        double[] kept = new double[masks];
        for (int k = 0; k < masks; k++) {
            double[][] o = Perturbation.softKeep(e, a, null, src.stream("m", DrawRole.MASK_SUFF, k));
            for (double[] row : o) {
                for (double x : row) {
                    kept[k] += x;
                }
            }
            kept[k] /= t * d;
        }
        double mean = java.util.Arrays.stream(kept).average().orElseThrow();
        double var = java.util.Arrays.stream(kept).map(x -> (x - mean) * (x - mean)).sum() / (masks - 1);
        assertEquals(1.0 / t, mean, 3 * Math.sqrt(var / masks));
    }

    @Test
    void seededDrawsAreDeterministicAndRoleSpecific() {
        DrawSource s = DrawSource.seeded(1, "x", 3);
        assertEquals(s.stream("m", DrawRole.MASK_SUFF, 0).uniform(), s.stream("m", DrawRole.MASK_SUFF, 0).uniform());
        assertTrue(s.stream("m", DrawRole.MASK_SUFF, 0).uniform() != s.stream("m", DrawRole.MASK_COMP, 0).uniform());
        assertTrue(s.stream("m", DrawRole.MASK_SUFF, 0).uniform() != s.stream("m", DrawRole.MASK_SUFF, 1).uniform());
    }

    @Test
    void sharedRandomBaselineIsIdenticalAcrossMethods() {
        ToyModel m = new ToyModel(new double[] {0.8, -0.6, 0.5, 1.1, 0.4, 0.9});
        int y = Softmax.argmax(m.logits(m.embed(IDS)));
        MetricValue a = new SoftErasure(SoftErasure.Kind.NC, MetricConfig.defaults()).compute(
                MetricContext.builder(m, "i", IDS, y, oneHot(6, 0)).methodId("ig").build());
        MetricValue b = new SoftErasure(SoftErasure.Kind.NC, MetricConfig.defaults()).compute(
                MetricContext.builder(m, "i", IDS, y, oneHot(6, 3)).methodId("heta").build());
        assertEquals(a.baseline(), b.baseline(), 0);
        MetricConfig own = MetricConfig.of(Map.of("soft.shareRandomBaselineAcrossMethods", "false"));
        MetricValue c = new SoftErasure(SoftErasure.Kind.NC, own).compute(
                MetricContext.builder(m, "i", IDS, y, oneHot(6, 3)).methodId("heta").build());
        assertTrue(c.baseline() != b.baseline());
    }
}
