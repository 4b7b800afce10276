package org.hetabench.jobs.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.evaluation.metrics.EvidenceAnnotation;
import org.hetabench.evaluation.metrics.GoldAnnotation;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricContext;
import org.hetabench.evaluation.metrics.MetricEvaluation;

/**
 * Metrics of a suite on one attributed target, with the instance's annotations as extra inputs:
 * evidence segments for DSA (distractor ∪ support paragraph, support, evidence words) and gold tokens for
 * F1. Each metric is evaluated on its own so that one metric's failure (recorded with its message) does
 * not hide the others.
 */
public final class SuiteMetricEvaluator implements MetricEvaluator {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Double> evaluate(AttributionRequest request, AttributionResult result, BenchInstance instance,
                                        List<String> metrics, Map<String, String> metricParams,
                                        Map<String, String> failures) {
        Map<String, Double> out = new LinkedHashMap<>();
        MetricConfig config = MetricConfig.of(metricParams);
        int t = request.length();
        for (String name : metrics) {
            try {
                out.putAll(MetricEvaluation.evaluate(request.model(), instance.instanceId(), request.context(),
                        request.target(), result.scores(), List.of(name), request.runSeed(), config,
                        b -> extras(b, instance, result.method(), t)));
            } catch (RuntimeException e) {
                failures.put(name, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static MetricContext.Builder extras(MetricContext.Builder b, BenchInstance inst, String method, int length) {
        b.methodId(method);
        int[] evidence = within(inst.evidence(), length);
        if (evidence.length > 0) {
            b.gold(GoldAnnotation.ofPositions(evidence));
            int[] distractor = within(inst.segments().getOrDefault("distractor", new int[0]), length);
            int[] support = within(inst.segments().getOrDefault("support", new int[0]), length);
            if (support.length > 0) {
                TreeSet<Integer> p = new TreeSet<>();
                for (int i : distractor) {
                    p.add(i);
                }
                for (int i : support) {
                    p.add(i);
                }
                b.evidence(new EvidenceAnnotation(p.stream().mapToInt(Integer::intValue).toArray(), distractor, support,
                        evidence));
            }
        }
        return b;
    }

    private static int[] within(int[] idx, int length) {
        return java.util.Arrays.stream(idx).filter(i -> i >= 0 && i < length).toArray();
    }
}
