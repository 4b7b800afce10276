package org.hetabench.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Bad input names the instance; the runner records failures per (instance, metric) and goes on. */
class BadInputTest {
    static final int[] IDS = {0, 1, 2, 3};
    final ToyModel model = new ToyModel(0.5, 0.7, -0.4, 0.9);

    @Test
    void mismatchedLengthNamesTheInstance() {
        MetricException e = assertThrows(MetricException.class,
                () -> MetricContext.builder(model, "story-17", IDS, 1, new double[] {0.1, 0.2, 0.3}).build());
        assertTrue(e.getMessage().contains("story-17"), e.getMessage());
        assertTrue(e.getMessage().contains("3 scores") && e.getMessage().contains("4 tokens"), e.getMessage());
        assertEquals("story-17", e.instanceId());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void nanAttributionNamesInstanceAndPosition() {
        MetricException e = assertThrows(MetricException.class,
                () -> MetricContext.builder(model, "q-3", IDS, 1, new double[] {0.1, Double.NaN, 0.3, 0.2}).build());
        assertTrue(e.getMessage().contains("q-3") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void targetAndContextOutsideVocabulary() {
        assertTrue(assertThrows(MetricException.class, () -> MetricContext.builder(model, "v-1", IDS, 9,
                new double[4]).build()).getMessage().contains("v-1"));
        assertTrue(assertThrows(MetricException.class, () -> MetricContext.builder(model, "v-2", new int[0], 1,
                new double[0]).build()).getMessage().contains("empty"));
    }

    @Test
    void emptyEvidenceSetForDsa() {
        EvidenceAnnotation ev = new EvidenceAnnotation(new int[] {0, 1, 2, 3}, new int[] {0, 1}, new int[] {2, 3},
                new int[0]);
        MetricContext c = MetricContext.builder(model, "dsa-42", IDS, 1, new double[] {0.1, 0.2, 0.3, 0.4})
                .evidence(ev).build();
        MetricException e = assertThrows(MetricException.class, () -> new Dsa(MetricConfig.defaults()).compute(c));
        assertTrue(e.getMessage().contains("dsa-42") && e.getMessage().contains("evidence set is empty"),
                e.getMessage());
        assertEquals("dsa", e.metric());
    }

    @Test
    void missingExtraInputsAreNamed() {
        MetricContext c = MetricContext.builder(model, "x-1", IDS, 1, new double[] {0.1, 0.2, 0.3, 0.4}).build();
        for (String name : List.of("dsa", "f1", "span-f1", "sensitivity", "active-passive")) {
            Metric m = MetricRegistry.create(name, MetricConfig.defaults());
            MetricException e = assertThrows(MetricException.class, () -> m.compute(c), name);
            assertTrue(e.getMessage().contains("x-1") && e.getMessage().contains("not supplied"), e.getMessage());
        }
        MetricException e = assertThrows(MetricException.class, () -> MetricEvaluation.evaluate(model, IDS, 1,
                new double[] {0.1, 0.2, 0.3, 0.4}, List.of("aopc-comp", "dsa", "sensitivity"), 0));
        assertTrue(e.getMessage().contains("'dsa' needs evidence") && e.getMessage().contains("'sensitivity' needs"),
                e.getMessage());
    }

    @Test
    void annotationPositionsOutsideTheContext() {
        MetricException e = assertThrows(MetricException.class, () -> MetricContext.builder(model, "g-9", IDS, 1,
                new double[4]).gold(GoldAnnotation.ofPositions(1, 7)).build());
        assertTrue(e.getMessage().contains("g-9") && e.getMessage().contains("position 7"), e.getMessage());
    }

    @Test
    void runnerRecordsFailuresAndContinues() {
        MetricRunner runner = new MetricRunner(MetricRegistry.create(List.of("aopc-comp", "dsa", "soft-nc"),
                MetricConfig.defaults()), false);
        Map<String, Supplier<MetricContext>> inst = new LinkedHashMap<>();
        inst.put("good", () -> MetricContext.builder(model, "good", IDS, 1, new double[] {0.1, 0.5, 0.3, 0.2})
                .evidence(new EvidenceAnnotation(new int[] {0, 1, 2, 3}, new int[] {0, 1}, new int[] {2, 3},
                        new int[] {2})).build());
        inst.put("nan", () -> MetricContext.builder(model, "nan", IDS, 1, new double[] {0.1, Double.NaN, 0.3, 0.2})
                .build());
        inst.put("no-evidence", () -> MetricContext.builder(model, "no-evidence", IDS, 1,
                new double[] {0.4, 0.1, 0.3, 0.2}).build());
        List<MetricRunner.Outcome> out = runner.runAll(inst);
        assertEquals(9, out.size());
        for (MetricRunner.Outcome o : out) {
            if (o.instanceId().equals("good")) {
                assertFalse(o.failed(), o.toString());
            }
            if (o.instanceId().equals("nan")) {
                assertEquals("MetricException", o.failureClass());
                assertTrue(o.failureMessage().contains("'nan'"));
                assertNull(o.value());
            }
        }
        MetricRunner.Outcome dsa = out.stream().filter(o -> o.instanceId().equals("no-evidence")
                && o.metric().equals("dsa")).findFirst().orElseThrow();
        assertTrue(dsa.failed() && dsa.failureMessage().contains("no-evidence"));
        MetricRunner.Outcome aopc = out.stream().filter(o -> o.instanceId().equals("no-evidence")
                && o.metric().equals("aopc-comp")).findFirst().orElseThrow();
        assertFalse(aopc.failed(), "the other metrics of that instance still run");
        Map<String, DatasetAggregate> agg = runner.aggregate(out);
        assertEquals(2, agg.get("aopc-comp").used());
        assertEquals(1, agg.get("aopc-comp").excluded());
        assertEquals(1, agg.get("dsa").used());
        assertEquals(2, agg.get("dsa").excluded());
        assertThrows(MetricException.class, () -> new MetricRunner(runner.metrics(), true).runAll(inst));
    }

    @Test
    void unknownNamesAndKeysSuggestTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricRegistry.create("sofT-nss", MetricConfig.defaults()));
        assertTrue(e.getMessage().contains("did you mean 'soft-ns'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricConfig.of(Map.of("aopc.bin", "0.1")));
        assertTrue(e.getMessage().contains("did you mean 'aopc.bins'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricConfig.of(Map.of("soft.variant", "REAGENT")));
        assertTrue(e.getMessage().contains("soft.variant") && e.getMessage().contains("REAGENT_HSQ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricConfig.of(Map.of("patch.source", "RESIDUAL(2)")));
        assertTrue(e.getMessage().contains("RESIDUAL_LAYER(l)"), e.getMessage());
        assertEquals("RESIDUAL_LAYER(2)", MetricConfig.of(Map.of("patch.source", "residual_layer(2)"))
                .choice("patch.source"));
        e = assertThrows(IllegalArgumentException.class, () -> MetricConfig.of(Map.of("aopc.bins", "0.1,x")));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void everyRegisteredMetricDeclaresConsistentMetadata() {
        for (String n : MetricRegistry.names()) {
            MetricInfo i = MetricRegistry.create(n, MetricConfig.defaults()).info();
            assertEquals(n, i.name());
            assertTrue(i.minValue() <= i.bestValue() && i.bestValue() <= i.maxValue(), n);
            if (!n.equals("aopc-suff")) { // spec §3.2: AOPC-suff is best at 0, not at its minimum -1
                assertEquals(i.higherIsBetter() ? i.maxValue() : i.minValue(), i.bestValue(), 0, n);
            } else {
                assertEquals(0, i.bestValue(), 0);
            }
            assertFalse(i.config().isEmpty(), n + " reports the configuration it read");
            for (String k : i.config().keySet()) {
                assertTrue(MetricConfig.keys().contains(k), k);
            }
        }
    }

    @Test
    void cliApiReturnsLogRatioPartsAndValues() {
        Map<String, Double> v = MetricEvaluation.evaluate(model, "cli-1", IDS, 1, new double[] {0.1, 0.5, 0.3, 0.2},
                List.of("soft-ns", "aopc-comp"), 0, MetricConfig.defaults(), UnaryOperator.identity());
        assertTrue(v.containsKey("soft-ns.source") && v.containsKey("soft-ns.random") && v.containsKey("aopc-comp"));
        double lr = v.get("soft-ns");
        double expect = DatasetAggregate.logRatio(v.get("soft-ns.source"), v.get("soft-ns.random"), 0);
        assertEquals(expect, lr, 0);
    }
}
