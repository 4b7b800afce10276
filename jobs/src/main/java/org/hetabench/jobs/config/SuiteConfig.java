package org.hetabench.jobs.config;

import java.util.List;
import java.util.Map;

/**
 * A fully resolved suite: code defaults &lt; conf/base.yaml &lt; conf/models/*.yaml &lt; suite file &lt;
 * {@code --set}. Immutable; {@link #hash()} identifies it in reports.
 *
 * @param name suite name
 * @param description one line
 * @param models resolved model presets
 * @param datasets dataset entries
 * @param methods method names
 * @param params flat method parameters ({@code method.key}); list values were expanded into {@link #grid}
 * @param grid the parameter grid: each cell maps {@code method.key} to one value
 * @param metrics metric names
 * @param metricParams metric configuration keys (metrics.md §13)
 * @param seeds run seeds
 * @param output output root (local path or {@code s3a://} URI)
 * @param spark Spark settings ({@code master}, {@code partitions}, {@code chunkSize}, plus {@code conf.*})
 * @param failFast abort on the first failing item instead of recording a failure row
 * @param resolvedYaml the resolved configuration as YAML (stored in the run table)
 * @param hash sha256 of {@code resolvedYaml}
 */
public record SuiteConfig(String name, String description, List<ModelPreset> models, List<DatasetSpec> datasets,
                          List<String> methods, Map<String, String> params, List<Map<String, String>> grid,
                          List<String> metrics, Map<String, String> metricParams, List<Long> seeds, String output,
                          Map<String, String> spark, boolean failFast, String resolvedYaml, String hash)
        implements java.io.Serializable {

    /** The same suite with other model presets (e.g. paths resolved to local checkpoints). */
    public SuiteConfig withModels(List<ModelPreset> newModels) {
        return new SuiteConfig(name, description, List.copyOf(newModels), datasets, methods, params, grid, metrics,
                metricParams, seeds, output, spark, failFast, resolvedYaml, hash);
    }

    /** The same suite writing under another output root. */
    public SuiteConfig withOutput(String newOutput) {
        return new SuiteConfig(name, description, models, datasets, methods, params, grid, metrics, metricParams, seeds,
                newOutput, spark, failFast, resolvedYaml, hash);
    }

    /** The same suite with other metrics. */
    public SuiteConfig withMetrics(List<String> newMetrics) {
        return new SuiteConfig(name, description, models, datasets, methods, params, grid, List.copyOf(newMetrics),
                metricParams, seeds, output, spark, failFast, resolvedYaml, hash);
    }

    /** Parameters of one method in one grid cell: fixed params, then the cell's values, for keys of that method. */
    public Map<String, String> paramsFor(String method, Map<String, String> cell) {
        Map<String, String> out = new java.util.TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith(method + ".")) {
                out.put(k, v);
            }
        });
        cell.forEach((k, v) -> {
            if (k.startsWith(method + ".")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The grid cells that concern {@code method} (deduplicated; a single empty cell if none). */
    public List<Map<String, String>> cellsFor(String method) {
        java.util.LinkedHashSet<Map<String, String>> cells = new java.util.LinkedHashSet<>();
        for (Map<String, String> cell : grid) {
            Map<String, String> mine = new java.util.TreeMap<>();
            cell.forEach((k, v) -> {
                if (k.startsWith(method + ".")) {
                    mine.put(k, v);
                }
            });
            cells.add(mine);
        }
        return List.copyOf(cells);
    }

    /** A stable label of a cell, e.g. {@code heta.hvp.samples=4,heta.variant=LR-64} or {@code default}. */
    public static String cellLabel(Map<String, String> cell) {
        if (cell.isEmpty()) {
            return "default";
        }
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(cell).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
