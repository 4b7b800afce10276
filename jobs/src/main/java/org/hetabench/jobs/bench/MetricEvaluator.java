package org.hetabench.jobs.bench;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;

/** Evaluates the suite's metrics on one attributed target; failures per metric are recorded, not thrown. */
public interface MetricEvaluator extends Serializable {

    /**
     * @param request the attribution request
     * @param result its result
     * @param instance the instance (evidence for DSA etc.)
     * @param metrics metric names
     * @param metricParams metric configuration
     * @param failures receives metric name → failure message for metrics that could not be computed
     * @return metric name → value
     */
    Map<String, Double> evaluate(AttributionRequest request, AttributionResult result, BenchInstance instance,
                                 List<String> metrics, Map<String, String> metricParams, Map<String, String> failures);
}
