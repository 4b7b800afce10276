package org.hetabench.jobs.cli;

import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.model.CausalLm;

/** Evaluates metrics for {@code attribute --metrics}; wired to the evaluation module's metric API. */
final class MetricHook {
    private MetricHook() {}

    static Map<String, Double> evaluate(CausalLm model, AttributionRequest req, AttributionResult res, List<String> names) {
        throw new UserErrorHandler.UserException("--metrics is not available in this build: the metrics module is not wired yet");
    }
}
