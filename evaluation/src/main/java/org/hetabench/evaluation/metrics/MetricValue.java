package org.hetabench.evaluation.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric's result on one instance (or one step).
 *
 * @param value the per-instance value (NaN when undefined; {@code notes} then says why)
 * @param baseline the random-baseline counterpart for log-ratio metrics, NaN otherwise
 * @param components named secondary numbers (e.g. per-bin values, the fitted scale, counts)
 * @param notes facts a report must show (undefined reasons, degenerate attributions, variants)
 */
public record MetricValue(double value, double baseline, Map<String, Double> components, Map<String, String> notes) {

    public MetricValue {
        components = new LinkedHashMap<>(components);
        notes = new LinkedHashMap<>(notes);
    }

    public static MetricValue of(double value) {
        return new MetricValue(value, Double.NaN, Map.of(), Map.of());
    }

    /** An undefined value with the reason. */
    public static MetricValue undefined(String reason) {
        return new MetricValue(Double.NaN, Double.NaN, Map.of(), Map.of("undefined", reason));
    }

    public boolean defined() {
        return !Double.isNaN(value);
    }

    /**
     * The per-prompt mean over the steps of a sequence-level run (spec §2.6, §11.1): value, baseline and
     * every component are averaged over the steps where they are defined.
     */
    public static MetricValue meanOfSteps(List<MetricValue> steps) {
        if (steps.isEmpty()) {
            return undefined("no steps");
        }
        Map<String, double[]> comp = new LinkedHashMap<>();
        double[] v = new double[2];
        double[] b = new double[2];
        for (MetricValue s : steps) {
            add(v, s.value);
            add(b, s.baseline);
            s.components.forEach((k, x) -> add(comp.computeIfAbsent(k, kk -> new double[2]), x));
        }
        Map<String, Double> c = new LinkedHashMap<>();
        comp.forEach((k, acc) -> c.put(k, mean(acc)));
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("steps", Integer.toString(steps.size()));
        notes.put("stepsUndefined", Long.toString(steps.stream().filter(s -> !s.defined()).count()));
        return new MetricValue(mean(v), mean(b), c, notes);
    }

    private static void add(double[] acc, double x) {
        if (!Double.isNaN(x)) {
            acc[0] += x;
            acc[1]++;
        }
    }

    private static double mean(double[] acc) {
        return acc[1] == 0 ? Double.NaN : acc[0] / acc[1];
    }
}
