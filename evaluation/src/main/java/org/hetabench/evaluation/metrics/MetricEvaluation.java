package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hetabench.core.model.CausalLm;

/**
 * The simple entry point for the CLI ({@code attribute --metrics a,b}): metric values of one attribution.
 *
 * <p>Metrics that need extra inputs fail with a message saying which:
 * <ul>
 *   <li>{@code dsa} — evidence segments ({@link EvidenceAnnotation});</li>
 *   <li>{@code f1}, {@code span-f1} — gold important tokens ({@link GoldAnnotation});</li>
 *   <li>{@code active-passive} — the passive pair ({@link AlignedPair});</li>
 *   <li>{@code sensitivity} — a re-attribution function on noisy embeddings ({@link Reattributor}).</li>
 * </ul>
 * All others need only (model, context, target, scores, seed). Use the overload with a builder hook to add
 * extras.
 *
 * <p>Keys of the returned map: the metric name → its per-instance value. For log-ratio metrics (Soft-NS/NC,
 * ReAGent variant) the value is the single-instance {@code ln(source / random)}, and {@code <name>.source},
 * {@code <name>.random} hold the two per-step numbers.
 */
public final class MetricEvaluation {
    private MetricEvaluation() {}

    /** Metric values with the spec's default configuration and no extra inputs. */
    public static Map<String, Double> evaluate(CausalLm model, int[] context, int target, double[] scores,
                                               List<String> metricNames, long seed) {
        return evaluate(model, "cli", context, target, scores, metricNames, seed, MetricConfig.defaults(),
                UnaryOperator.identity());
    }

    /**
     * Metric values with a configuration and extra inputs.
     *
     * @param extras adds optional inputs to the context builder (evidence, gold, pair, re-attribution)
     * @throws IllegalArgumentException for unknown metric names, missing extra inputs or bad input (the
     *     message names the instance and the metric)
     */
    public static Map<String, Double> evaluate(CausalLm model, String instanceId, int[] context, int target,
                                               double[] scores, List<String> metricNames, long seed,
                                               MetricConfig config,
                                               UnaryOperator<MetricContext.Builder> extras) {
        List<Metric> metrics = MetricRegistry.create(metricNames, config);
        MetricContext ctx = extras.apply(MetricContext.builder(model, instanceId, context, target, scores).seed(seed))
                .build();
        List<String> missing = new ArrayList<>();
        for (Metric m : metrics) {
            for (Requirement r : m.requires()) {
                if (!ctx.has(r)) {
                    missing.add("'" + m.info().name() + "' needs " + r.description());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MetricException(instanceId, null, "some metrics need inputs that were not supplied: "
                    + String.join("; ", missing) + ". Drop these metrics or run them through a dataset suite that "
                    + "provides the annotations");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            put(out, m.info(), m.compute(ctx));
        }
        return out;
    }

    /**
     * Adds one metric's per-instance value under the keys described above: the value itself, or for a
     * log-ratio metric the single-instance log ratio plus its {@code .source} and {@code .random} parts.
     */
    public static void put(Map<String, Double> out, MetricInfo info, MetricValue v) {
        String n = info.name();
        if (info.aggregation() == MetricInfo.Aggregation.LOG_RATIO_OF_SUMS) {
            out.put(n, v.components().getOrDefault("logRatio", Double.NaN));
            out.put(n + ".source", v.value());
            out.put(n + ".random", v.baseline());
        } else {
            out.put(n, v.value());
        }
    }
}
