package org.hetabench.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.junit.jupiter.api.Test;

/** Importance normalisation (§1.4), injected draws through whole metrics (§1.6), sequence steps (§1.3). */
class DrawsAndNormalizationTest {

    @Test
    void normalizations() {
        double[] a = {-2, 1, 1};
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, ImportanceNormalization.SUM_TO_ONE_ABS.apply(a).values(), 1e-15);
        assertArrayEquals(new double[] {0, 1, 1}, ImportanceNormalization.MINMAX.apply(a).values(), 1e-15);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(-1))},
                ImportanceNormalization.SIGMOID.apply(a).values(), 1e-15);
        double z = Math.exp(-2) + 2 * Math.E;
        assertArrayEquals(new double[] {Math.exp(-2) / z, Math.E / z, Math.E / z},
                ImportanceNormalization.SOFTMAX.apply(a).values(), 1e-15);
        assertArrayEquals(a, ImportanceNormalization.NONE.apply(a).values(), 0);
        ImportanceNormalization.Result zero = ImportanceNormalization.SUM_TO_ONE_ABS.apply(new double[4]);
        assertTrue(zero.degenerate());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, zero.values(), 0);
        assertTrue(ImportanceNormalization.MINMAX.apply(new double[] {3, 3}).degenerate());
        assertFalse(ImportanceNormalization.MINMAX.apply(a).degenerate());
        // protected positions are kept out of the budget
        ImportanceNormalization.Result p = ImportanceNormalization.SUM_TO_ONE_ABS.apply(new double[] {5, 1, 3},
                new boolean[] {false, true, true});
        assertArrayEquals(new double[] {0, 0.25, 0.75}, p.values(), 1e-15);
    }

    @Test
    void injectedNormalsReachTheReattributionExactly() {
        ToyModel m = new ToyModel(0.5, 0.7, -0.4);
        int[] ids = {0, 3, 1};
        double[] xi = new double[3 * 4 * 2];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = (i % 5) - 2.0;
        }
        List<double[][]> seen = new ArrayList<>();
        MetricContext c = MetricContext.builder(m, "inj", ids, 0, new double[] {1, 2, 3})
                .draws(DrawSource.injected().with(DrawRole.NOISE, xi))
                .reattributor(r -> {
                    seen.add(r.embeddings());
                    return new double[] {r.embeddings()[0][0], 1, 1};
                }).build();
        MetricValue v = new Sensitivity(MetricConfig.of(Map.of("sensitivity.N", "2", "sensitivity.sigma", "0.5",
                "sensitivity.normalize", "NONE"))).compute(c);
        double[][] e = m.embed(ids);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int h = 0; h < 4; h++) {
                    assertEquals(e[i][h] + 0.5 * xi[n * 12 + i * 4 + h], seen.get(n)[i][h], 1e-15);
                }
            }
        }
        // only token 0 varies: its two values differ by 0.5 * (xi[12] - xi[0]); std over 2 runs = |diff|/sqrt(2)
        double diff = 0.5 * (xi[12] - xi[0]);
        assertEquals(Math.abs(diff) / Math.sqrt(2) / 3, v.value(), 1e-15);
    }

    @Test
    void injectedUniformsDriveTheSoftMasks() {
        // T = 2, d = 4: with uniforms all 0.5 and a = [0.8, 0.2], sufficiency keeps row 0 and zeroes row 1
        ToyModel m = new ToyModel(0.9, 0.6);
        int[] ids = {1, 3};
        int y = 2;
        double[] u = new double[16];
        java.util.Arrays.fill(u, 0.5);
        MetricContext c = MetricContext.builder(m, "mask", ids, y, new double[] {0.8, 0.2})
                .draws(DrawSource.injected().with(DrawRole.RANDOM_IMPORTANCE, 0.3, 0.9)
                        .with(DrawRole.MASK_SUFF, java.util.Arrays.copyOf(u, 16))
                        .with(DrawRole.MASK_COMP, java.util.Arrays.copyOf(u, 16)))
                .build();
        MetricValue ns = new SoftErasure(SoftErasure.Kind.NS, MetricConfig.defaults()).compute(c);
        double[] q = Softmax.of(m.logits(m.embed(ids)));
        double[] p0 = Softmax.of(m.logits(new double[2][4]));
        double[][] keep0 = {m.embed(ids)[0], new double[4]};
        double[] ps = Softmax.of(m.logits(keep0));
        double d0 = 0;
        double ds = 0;
        for (int v = 0; v < 5; v++) {
            d0 += Math.pow(Math.sqrt(p0[v]) - Math.sqrt(q[v]), 2) / Math.sqrt(2);
            ds += Math.pow(Math.sqrt(ps[v]) - Math.sqrt(q[v]), 2) / Math.sqrt(2);
        }
        assertEquals(Math.max(0, d0 - ds) / d0, ns.value(), 1e-12);
        // random importance softmax([0.3, 0.9]) = [0.354, 0.646]: with u = 0.5 row 0 is zeroed, row 1 kept
        double[][] keep1 = {new double[4], m.embed(ids)[1]};
        double[] pr = Softmax.of(m.logits(keep1));
        double dr = 0;
        for (int v = 0; v < 5; v++) {
            dr += Math.pow(Math.sqrt(pr[v]) - Math.sqrt(q[v]), 2) / Math.sqrt(2);
        }
        assertEquals(Math.max(0, d0 - dr) / d0, ns.baseline(), 1e-12);
    }

    @Test
    void exhaustedInjectedDrawsAreReported() {
        DrawSource.Injected s = DrawSource.injected().with(DrawRole.NOISE, 0.1);
        Draws d = s.stream("m", DrawRole.NOISE, 0);
        d.normal();
        IllegalStateException e = assertThrows(IllegalStateException.class, d::normal);
        assertTrue(e.getMessage().contains("NOISE"));
    }

    @Test
    void sequenceStepsFollowTheStride() {
        List<SequenceSteps.Step> steps = SequenceSteps.fromGenerated(new int[] {1, 2, 3}, new int[] {4, 0, 2, 1, 3}, 2);
        assertEquals(3, steps.size());
        assertArrayEquals(new int[] {1, 2, 3}, steps.get(0).context());
        assertEquals(4, steps.get(0).target());
        assertArrayEquals(new int[] {1, 2, 3, 4, 0}, steps.get(1).context());
        assertEquals(2, steps.get(1).target());
        assertEquals(7, steps.get(2).position());
        ToyModel m = new ToyModel(0.5, 0.7, -0.4, 0.9, 0.2, 0.3, 0.1, 0.6);
        List<SequenceSteps.Step> g = SequenceSteps.greedy(m, new int[] {1, 2}, 4, 1);
        assertEquals(4, g.size());
        for (SequenceSteps.Step s : g) {
            assertEquals(Softmax.argmax(m.forward(ForwardRequest.ofIds(s.context())).lastLogits()), s.target());
        }
    }
}
