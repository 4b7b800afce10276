package org.hetabench.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.hetabench.jobs.config.ConfigException;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;

/**
 * Expands a suite into work items on the driver: models × datasets (sampled instances) × methods ×
 * the method's grid cells × seeds. Only tokenizers are loaded here, never weights. Every (model,
 * method, cell) parameter set and the metric configuration are validated first, so a typo stops the
 * run on the driver instead of turning every item into a failure row.
 */
public final class RunPlanner {

    /** Tokenizer and context limit of a model, read without loading weights. */
    public record ModelInfo(Tokenizer tokenizer, int maxContext) {}

    /** The planned items and what was quarantined while building instances. */
    public record Plan(List<WorkItem> items, Map<String, Long> quarantined, Map<String, Integer> instancesPerDataset) {}

    private final InstanceSource source;
    private final Function<ModelPreset, ModelInfo> models;

    public RunPlanner(InstanceSource source, Function<ModelPreset, ModelInfo> models) {
        this.source = source;
        this.models = models;
    }

    /**
     * Parameters of one work item, in the documented order: the model preset's keys for this method,
     * then the suite's fixed parameters (base.yaml, suite file, {@code --set}), then the grid cell.
     */
    public static Map<String, String> paramsFor(SuiteConfig cfg, ModelPreset model, String method,
                                                Map<String, String> cell) {
        Map<String, String> out = new TreeMap<>();
        model.params().forEach((k, v) -> {
            if (k.startsWith(method + ".")) {
                out.put(k, v);
            }
        });
        out.putAll(cfg.paramsFor(method, cell));
        return out;
    }

    /**
     * Every parameter problem of the suite, one line each, found without loading a model: each
     * (model, method, cell) set through {@code AttributionMethod.validate}, the metric configuration
     * through {@link MetricConfig} and the metric factories. Empty when the suite is clean.
     */
    public static List<String> problems(SuiteConfig cfg) {
        Set<String> out = new LinkedHashSet<>();
        for (String method : cfg.methods()) {
            for (Map<String, String> cell : cfg.cellsFor(method)) {
                for (ModelPreset model : cfg.models()) {
                    try {
                        MethodRegistry.get(method).validate(paramsFor(cfg, model, method, cell));
                    } catch (IllegalArgumentException e) {
                        String where = cell.isEmpty() ? "" : " (grid cell " + SuiteConfig.cellLabel(cell) + ")";
                        String from = model.params().keySet().stream().anyMatch(k -> k.startsWith(method + "."))
                                ? " with the params of model preset " + model.name() : "";
                        out.add("method " + method + where + from + ": " + e.getMessage());
                    }
                }
            }
        }
        try {
            MetricRegistry.create(cfg.metrics(), MetricConfig.of(cfg.metricParams()));
        } catch (IllegalArgumentException e) {
            out.add("metricParams: " + e.getMessage());
        }
        return List.copyOf(out);
    }

    /** @throws ConfigException listing every {@link #problems} on one line */
    public static void requireValid(SuiteConfig cfg) {
        List<String> problems = problems(cfg);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.size() + " parameter problem(s) in suite " + cfg.name()
                    + ", nothing was run (check with 'validate'): " + String.join(" | ", problems));
        }
    }

    /** @throws ConfigException listing every {@link #problems}, before anything is planned */
    public Plan plan(SuiteConfig cfg, String runId) {
        requireValid(cfg);
        List<WorkItem> items = new ArrayList<>();
        Map<String, Long> quarantined = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ModelPreset model : cfg.models()) {
            ModelInfo info = models.apply(model);
            for (DatasetSpec ds : cfg.datasets()) {
                // Instances do not depend on the run seed: the same sample is evaluated under every seed.
                InstanceSource.Batch batch = source.instances(ds, info.tokenizer(), info.maxContext(), 0L);
                counts.put(model.name() + "/" + ds.name(), batch.instances().size());
                batch.quarantined().forEach((reason, n) -> quarantined.merge(ds.name() + ": " + reason, n, Long::sum));
                for (BenchInstance inst : batch.instances()) {
                    for (String method : cfg.methods()) {
                        for (Map<String, String> cell : cfg.cellsFor(method)) {
                            for (long seed : cfg.seeds()) {
                                items.add(new WorkItem(runId, model, inst, method, SuiteConfig.cellLabel(cell),
                                        paramsFor(cfg, model, method, cell), seed));
                            }
                        }
                    }
                }
            }
        }
        return new Plan(items, quarantined, counts);
    }
}
