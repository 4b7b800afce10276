package org.hetabench.jobs.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hetabench.core.util.Suggestions;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.hetabench.jobs.config.ConfigException;

/**
 * The numbers one table of the HETA paper prints, from {@code conf/paper/<suite>.yaml} (transcribed from
 * the paper; see each file's header). An entry is matched to a measured number by model, dataset, method
 * and metric; an entry with a {@code variant} only matches an attribution reporting that variant, an entry
 * with a {@code cell} only that grid cell, and dataset {@code "*"} (a figure the paper does not split by
 * dataset) matches every dataset, and model {@code "*"} (a figure averaged over the paper's models) matches
 * every model. Paper numbers are claims to compare against, not ground truth (metrics.md §11.4).
 *
 * @param table the paper's table number
 * @param suite the suite this table belongs to
 * @param kind {@code metric} (dataset-level metric values) or {@code decoding-grid-delta} (Δ% in percent)
 * @param source the file
 * @param entries the printed numbers
 */
public record PaperTable(String table, String suite, String kind, Path source, List<Entry> entries) {

    /** One printed number. */
    public record Entry(String model, String dataset, String method, String metric, String variant, String cell,
                        double value) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> ENTRY_KEYS = Set.of("model", "dataset", "method", "metric", "variant", "paperLabel", "cell",
            "value");

    /** The paper table for {@code suite} under {@code confDir/paper}, if there is one. */
    public static Optional<PaperTable> forSuite(Path confDir, String suite) {
        if (suite == null) {
            return Optional.empty();
        }
        Path f = confDir.resolve("paper").resolve(suite + ".yaml");
        return Files.isRegularFile(f) ? Optional.of(load(f)) : Optional.empty();
    }

    /** Names of the paper tables under {@code confDir/paper}. */
    public static List<String> names(Path confDir) {
        try (var s = Files.list(confDir.resolve("paper"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads and checks one file (unknown keys and unknown metric names are errors naming the entry). */
    public static PaperTable load(Path file) {
        JsonNode n;
        try {
            n = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("Cannot parse " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        String kind = n.path("kind").asText("metric");
        if (!kind.equals("metric") && !kind.equals("decoding-grid-delta")) {
            throw new ConfigException(file + ": kind must be 'metric' or 'decoding-grid-delta', got '" + kind + "'");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> metrics = new HashSet<>(MetricRegistry.names());
        JsonNode es = n.path("entries");
        for (int i = 0; i < es.size(); i++) {
            JsonNode e = es.get(i);
            String where = file + " (entries[" + i + "])";
            e.fieldNames().forEachRemaining(k -> {
                if (!ENTRY_KEYS.contains(k)) {
                    throw new ConfigException("Unknown key '" + k + "' in " + where + Suggestions.didYouMean(k, ENTRY_KEYS)
                            + " Known: " + String.join(", ", new java.util.TreeSet<>(ENTRY_KEYS)));
                }
            });
            for (String req : List.of("model", "dataset", "method", "metric", "value")) {
                if (!e.hasNonNull(req)) {
                    throw new ConfigException("Missing key '" + req + "' in " + file + " (entries[" + i + "])");
                }
            }
            String metric = e.get("metric").asText();
            if (!metrics.contains(metric)) {
                throw new ConfigException("Unknown metric '" + metric + "' in " + file + " (entries[" + i + "])"
                        + Suggestions.didYouMean(metric, metrics) + " Known: " + String.join(", ", MetricRegistry.names()));
            }
            entries.add(new Entry(e.get("model").asText(), e.get("dataset").asText(), e.get("method").asText(), metric,
                    e.hasNonNull("variant") ? e.get("variant").asText() : null,
                    e.hasNonNull("cell") ? e.get("cell").asText() : null, e.get("value").asDouble()));
        }
        return new PaperTable(n.path("table").asText("?"), n.path("suite").asText(""), kind, file, List.copyOf(entries));
    }

    /** The paper's number for a measured (model, dataset, method, cell, variant, metric), if printed. */
    public Optional<Double> lookup(String model, String dataset, String method, String cell, String variant,
                                   String metric) {
        for (Entry e : entries) {
            if ((e.model.equals("*") || e.model.equals(model)) && e.method.equals(method) && e.metric.equals(metric)
                    && (e.dataset.equals("*") || e.dataset.equals(dataset))
                    && (e.cell == null || e.cell.equals(cell))
                    && (e.variant == null || e.variant.equals(variant))) {
                return Optional.of(e.value);
            }
        }
        return Optional.empty();
    }

    /** Method names in the order the paper lists them. */
    public List<String> methodOrder() {
        return entries.stream().map(Entry::method).distinct().toList();
    }
}
