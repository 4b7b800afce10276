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
import org.hetabench.evaluation.metrics.Metric;
import org.hetabench.evaluation.metrics.MetricEvaluation;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.hetabench.evaluation.metrics.MetricRunner;

/**
 * Metrics of a suite on one attributed target, with the instance's annotations as extra inputs:
 * evidence segments for DSA (distractor ∪ support paragraph, support, evidence words) and gold tokens for
 * F1. All of a target's metrics share one {@link MetricContext} through {@link MetricRunner}, so the clean
 * forward pass and the shared soft-erasure step run once per target, not once per metric; one metric's
 * failure (recorded with its message) does not hide the others.
 */
public final class SuiteMetricEvaluator implements MetricEvaluator {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<String, Double> evaluate(AttributionRequest request, AttributionResult result, BenchInstance instance,
                                        List<String> metrics, Map<String, String> metricParams,
                                        Map<String, String> failures) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Metric> created;
        MetricContext ctx;
        try {
            created = MetricRegistry.create(metrics, MetricConfig.of(metricParams));
            ctx = extras(MetricContext.builder(request.model(), instance.instanceId(), request.context(), request.target(),
                    result.scores()).seed(request.runSeed()), instance, result.method(), request.length()).build();
        } catch (RuntimeException e) {
            for (String name : metrics) {
                failures.put(name, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            return out;
        }
        List<MetricRunner.Outcome> outcomes = new MetricRunner(created, false).run(ctx);
        for (int i = 0; i < outcomes.size(); i++) {
            MetricRunner.Outcome o = outcomes.get(i);
            if (o.failed()) {
                failures.put(o.metric(), o.failureClass() + ": " + o.failureMessage());
            } else {
                MetricEvaluation.put(out, created.get(i).info(), o.value());
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
