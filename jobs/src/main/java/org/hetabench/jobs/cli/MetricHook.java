package org.hetabench.jobs.cli;

import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.model.CausalLm;
import org.hetabench.evaluation.metrics.MetricEvaluation;

/**
 * Evaluates metrics for {@code attribute --metrics}. Metrics that need annotations (DSA, F1, ...) fail with
 * a message naming what is missing; run them through a dataset suite instead.
 */
final class MetricHook {
    private MetricHook() {}

    static Map<String, Double> evaluate(CausalLm model, AttributionRequest req, AttributionResult res, List<String> names) {
        return MetricEvaluation.evaluate(model, req.context(), req.target(), res.scores(), names, req.runSeed());
    }
}
