package org.hetabench.evaluation.metrics;

import java.util.List;
import java.util.Map;

/**
 * Metadata every metric declares (spec §16), so that no report ever guesses a direction.
 *
 * @param name registry name (lower-kebab-case)
 * @param shortName column header
 * @param family FAITHFULNESS (§2–3, §10), PLAUSIBILITY (§4–5), ROBUSTNESS (§6–7), CAUSAL (§8), DIAGNOSTIC (§9)
 * @param direction higher or lower is better
 * @param minValue smallest possible value (may be -infinity)
 * @param maxValue largest possible value (may be +infinity)
 * @param bestValue the ideal value
 * @param aggregation how per-instance values become the dataset number
 * @param unit unit of the reported number
 * @param provenance where the definition comes from
 * @param section the spec section
 * @param config the values of every configuration key the metric read
 */
public record MetricInfo(String name, String shortName, Family family, Direction direction, double minValue,
                         double maxValue, double bestValue, Aggregation aggregation, String unit, Provenance provenance,
                         String section, Map<String, String> config) {

    /** The metric families of spec §16. */
    public enum Family { FAITHFULNESS, PLAUSIBILITY, ROBUSTNESS, CAUSAL, DIAGNOSTIC }

    /** Which way is better. */
    public enum Direction {
        HIGHER_IS_BETTER, LOWER_IS_BETTER;

        public boolean higherIsBetter() {
            return this == HIGHER_IS_BETTER;
        }
    }

    /** How per-instance values are combined into the dataset-level number (spec §1.8, §2.6, §5.2). */
    public enum Aggregation {
        /** Unweighted mean over instances of the value; NaN excluded and counted. */
        MEAN,
        /** {@code ln(Σ value / Σ baseline)} over instances (ReAGent's {@code metric_*}, §2.5–2.6). */
        LOG_RATIO_OF_SUMS,
        /** Mean of 0/1 values: a fraction of instances. */
        FRACTION,
        /** F1 of pooled counts (components {@code tp}, {@code predicted}, {@code gold}): ERASER micro (§5.2). */
        POOLED_F1
    }

    /** Provenance tags of spec §0.1. */
    public enum Provenance { CODE, PAPER, SPEC }

    public MetricInfo {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("metric name must be lower-kebab-case: " + name);
        }
        config = Map.copyOf(config);
    }

    public boolean higherIsBetter() {
        return direction.higherIsBetter();
    }

    /** Keys of the configuration this metric read, sorted. */
    public List<String> configKeys() {
        return config.keySet().stream().sorted().toList();
    }
}
