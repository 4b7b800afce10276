package org.hetabench.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;

/**
 * Expands a suite into work items on the driver: models × datasets (sampled instances) × methods ×
 * the method's grid cells × seeds. Only tokenizers are loaded here, never weights.
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

    public Plan plan(SuiteConfig cfg, String runId) {
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
                                        cfg.paramsFor(method, cell), seed));
                            }
                        }
                    }
                }
            }
        }
        return new Plan(items, quarantined, counts);
    }
}
