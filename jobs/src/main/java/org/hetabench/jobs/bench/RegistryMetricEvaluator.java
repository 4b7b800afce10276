package org.hetabench.jobs.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.evaluation.metrics.GoldAnnotation;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricContext;
import org.hetabench.evaluation.metrics.MetricRegistry;

/**
 * Evaluates per-target metrics through the evaluation module's {@link MetricRegistry}, one shared
 * {@link MetricContext} per target (so metrics reuse its clean forward pass). The instance's evidence
 * positions serve as the gold tokens of the plausibility metrics. A metric that fails (bad input, missing
 * annotation) is recorded in {@code failures} with its class and message, never dropped.
 */
public final class RegistryMetricEvaluator implements MetricEvaluator {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Double> evaluate(AttributionRequest request, AttributionResult result, BenchInstance instance,
                                        List<String> metrics, Map<String, String> metricParams,
                                        Map<String, String> failures) {
        Map<String, Double> out = new LinkedHashMap<>();
        MetricContext ctx;
        try {
            ctx = MetricContext.builder(request.model(), request.instanceId(), request.context(), request.target(),
                            result.scores()).seed(request.runSeed()).stepIndex(request.targetPosition())
                    .methodId(result.method()).gold(GoldAnnotation.ofPositions(instance.evidence().length == 0 ? new int[0]
                            : java.util.Arrays.stream(instance.evidence()).filter(i -> i < request.context().length).toArray()))
                    .build();
        } catch (RuntimeException e) {
            metrics.forEach(m -> failures.put(m, e.getClass().getSimpleName() + ": " + e.getMessage()));
            return out;
        }
        MetricConfig config = MetricConfig.of(metricParams);
        for (String name : metrics) {
            try {
                out.put(name, MetricRegistry.create(name, config).compute(ctx).value());
            } catch (RuntimeException e) {
                failures.put(name, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
