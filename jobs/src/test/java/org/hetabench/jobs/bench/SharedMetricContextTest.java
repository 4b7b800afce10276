package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricEvaluation;
import org.junit.jupiter.api.Test;

/**
 * The bench path evaluates a target's metrics on one shared context: the same values as evaluating each
 * metric on its own context (the pre-sharing path), with fewer forward passes.
 */
class SharedMetricContextTest {
    static final List<String> METRICS = List.of("soft-nc", "soft-ns", "aopc-comp", "aopc-suff");

    @Test
    void sharedContextGivesThePerMetricValuesWithFewerForwards() {
        try (CausalLm model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32)) {
            long shared = 0;
            long separate = 0;
            int targets = 0;
            for (BenchInstance inst : TestSuites.instances().subList(0, 4)) {
                AttributionRequest req = AttributionRequest.of(model, inst.instanceId(), inst.context(), inst.target(),
                        Map.of(), 7);
                AttributionResult res = MethodRegistry.get("input-x-gradient").attribute(req);
                PassCounter.Snapshot b0 = model.passes().snapshot();
                Map<String, String> failures = new LinkedHashMap<>();
                Map<String, Double> got = new SuiteMetricEvaluator().evaluate(req, res, inst, METRICS, Map.of(), failures);
                PassCounter.Snapshot b1 = model.passes().snapshot();
                assertTrue(failures.isEmpty(), failures.toString());
                Map<String, Double> want = new LinkedHashMap<>();
                for (String m : METRICS) {
                    want.putAll(MetricEvaluation.evaluate(model, inst.instanceId(), req.context(), req.target(),
                            res.scores(), List.of(m), req.runSeed(), MetricConfig.of(Map.of()),
                            bld -> bld.methodId(res.method())));
                }
                PassCounter.Snapshot b2 = model.passes().snapshot();
                assertEquals(want.keySet(), got.keySet());
                for (String k : want.keySet()) {
                    double w = want.get(k);
                    // NaN (e.g. a log ratio with an empty random baseline) must stay NaN.
                    assertEquals(w, got.get(k), Double.isNaN(w) ? 0 : 1e-12 * Math.max(1, Math.abs(w)), inst.instanceId() + " " + k);
                }
                shared += b1.minus(b0).forward();
                separate += b2.minus(b1).forward();
                targets++;
            }
            System.out.printf("forward passes per target for %s: %.1f shared, %.1f one context per metric%n", METRICS,
                    shared / (double) targets, separate / (double) targets);
            assertTrue(shared < separate, shared + " >= " + separate);
        }
    }
}
