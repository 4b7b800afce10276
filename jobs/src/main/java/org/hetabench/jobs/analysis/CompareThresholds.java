package org.hetabench.jobs.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much worse a candidate run may be than its baseline before {@code compare} fails. Every default lives
 * here. A threshold is either absolute (in the quantity's unit, e.g. {@code soft-nc=0.1}) or relative to the
 * baseline's value ({@code soft-nc=5%}); "worse" follows the metric's declared direction.
 *
 * <ul>
 *   <li>every metric: {@value #DEFAULT_METRIC} (relative), and only when the paired bootstrap CI of the
 *       mean difference lies entirely on the worse side of zero, so noise alone never fails a build;</li>
 *   <li>{@code passes-per-item} (forward + backward + HVP passes per work item, deterministic):
 *       {@value #DEFAULT_PASSES};</li>
 *   <li>{@code seconds-per-item}: not checked by default (wall time on shared machines is noise); set
 *       e.g. {@code seconds-per-item=50%} to check it;</li>
 *   <li>{@code new-failures} (rows that failed in the candidate but not in the baseline): {@value #DEFAULT_FAILURES}
 *       (absolute count).</li>
 * </ul>
 *
 * @param byName quantity → threshold
 * @param metricDefault threshold of metrics not named
 */
public record CompareThresholds(Map<String, Threshold> byName, Threshold metricDefault) {
    /** Default threshold of every metric, in percent (a constant, so that help texts can escape the sign). */
    public static final String DEFAULT_METRIC_PERCENT = "5";
    /** Default threshold of every metric. */
    public static final String DEFAULT_METRIC = DEFAULT_METRIC_PERCENT + "%";
    /** Default threshold of passes per item, in percent. */
    public static final String DEFAULT_PASSES_PERCENT = "10";
    /** Default threshold of passes per item. */
    public static final String DEFAULT_PASSES = DEFAULT_PASSES_PERCENT + "%";
    /** Default threshold of new failure rows. */
    public static final String DEFAULT_FAILURES = "0";
    /** Bootstrap resamples of the paired CI (metrics.md §11.2). */
    public static final int BOOTSTRAP_RESAMPLES = 10_000;
    /** 1 − confidence of the CI. */
    public static final double ALPHA = 0.05;
    /** Seed of the BOOTSTRAP stream. */
    public static final long BOOTSTRAP_SEED = 0;

    /** Throughput quantities that are not metrics. */
    public static final String PASSES = "passes-per-item";
    public static final String SECONDS = "seconds-per-item";
    public static final String FAILURES = "new-failures";

    /**
     * One threshold.
     *
     * @param value the allowed worsening
     * @param relative whether {@code value} is a fraction of the baseline value
     */
    public record Threshold(double value, boolean relative) {
        public static Threshold parse(String s, String where) {
            String t = s.trim();
            try {
                if (t.endsWith("%")) {
                    return new Threshold(check(Double.parseDouble(t.substring(0, t.length() - 1)) / 100, where, s), true);
                }
                return new Threshold(check(Double.parseDouble(t), where, s), false);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Threshold " + where + "=" + s + " is not a number: use e.g. 0.1 (absolute)"
                        + " or 5% (relative to the baseline)");
            }
        }

        private static double check(double v, String where, String s) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("Threshold " + where + "=" + s + " must be >= 0");
            }
            return v;
        }

        /** The allowed worsening for a baseline value. */
        public double allowed(double baseline) {
            return relative ? value * Math.abs(baseline) : value;
        }

        @Override
        public String toString() {
            return relative ? String.format(Locale.ROOT, "%s%%", SeedFormat.paper(value * 100)) : SeedFormat.paper(value);
        }
    }

    /** The defaults. */
    public static CompareThresholds defaults() {
        Map<String, Threshold> m = new LinkedHashMap<>();
        m.put(PASSES, Threshold.parse(DEFAULT_PASSES, PASSES));
        m.put(SECONDS, new Threshold(Double.POSITIVE_INFINITY, false));
        m.put(FAILURES, Threshold.parse(DEFAULT_FAILURES, FAILURES));
        return new CompareThresholds(Map.copyOf(m), Threshold.parse(DEFAULT_METRIC, "metric"));
    }

    /**
     * The defaults, then a YAML file ({@code name: threshold}; the key {@code default} sets every metric's), then
     * {@code --max-drop name=threshold} options.
     */
    public static CompareThresholds of(Path file, List<String> maxDrops) {
        Map<String, Threshold> m = new LinkedHashMap<>(defaults().byName());
        Threshold[] def = {defaults().metricDefault()};
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Thresholds file " + file + " does not exist");
            }
            JsonNode n;
            try {
                n = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot parse thresholds file " + file + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("Thresholds file " + file + " must be a mapping name: threshold");
            }
            n.fields().forEachRemaining(e -> put(m, def, e.getKey(), Threshold.parse(e.getValue().asText(),
                    e.getKey() + " in " + file)));
        }
        for (String d : maxDrops) {
            int eq = d.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--max-drop needs name=threshold (e.g. soft-nc=0.1 or dsa=5%), got '" + d + "'");
            }
            String k = d.substring(0, eq).trim();
            put(m, def, k, Threshold.parse(d.substring(eq + 1), "--max-drop " + k));
        }
        return new CompareThresholds(Map.copyOf(m), def[0]);
    }

    private static void put(Map<String, Threshold> m, Threshold[] def, String k, Threshold t) {
        java.util.List<String> known = new java.util.ArrayList<>(org.hetabench.evaluation.metrics.MetricRegistry.names());
        known.addAll(List.of(PASSES, SECONDS, FAILURES, "default"));
        if (!known.contains(k)) {
            throw new IllegalArgumentException("Unknown threshold name '" + k + "'"
                    + org.hetabench.core.util.Suggestions.didYouMean(k, known) + " Known: " + String.join(", ", known));
        }
        if (k.equals("default")) {
            def[0] = t;
        } else {
            m.put(k, t);
        }
    }

    /** The threshold of a metric or throughput quantity. */
    public Threshold of(String name) {
        return byName.getOrDefault(name, metricDefault);
    }
}
