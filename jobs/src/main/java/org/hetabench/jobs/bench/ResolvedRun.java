package org.hetabench.jobs.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;

/**
 * A run resolved on the driver, before any executor starts: the suite with every model located on local
 * storage (manifests resolved, sha256 verified), every parameter set and the metric configuration
 * validated ({@link RunPlanner#problems}), and the planned work items. {@code bench}, {@code grid} and
 * {@code overhead} build it the same way; {@code validate} runs the same checks.
 *
 * @param cfg the suite with local model paths
 * @param planned work items and quarantine counts
 * @param weightHashes sha256 of each model's weights, by preset name
 */
public record ResolvedRun(SuiteConfig cfg, RunPlanner.Plan planned, Map<String, String> weightHashes) {
    public ResolvedRun {
        weightHashes = Collections.unmodifiableMap(new LinkedHashMap<>(weightHashes));
    }

    /** Locates the models, validates the parameters and plans the items of {@code cfg} as run {@code runId}. */
    public static ResolvedRun resolve(SuiteConfig cfg, String runId) {
        Map<String, String> hashes = new LinkedHashMap<>();
        SuiteConfig located = withLocatedModels(cfg, hashes);
        RunPlanner planner = new RunPlanner(new ManifestInstanceSource(), ResolvedRun::modelInfo);
        return new ResolvedRun(located, planner.plan(located, runId), hashes);
    }

    /** The suite with every model preset's path resolved to a local checkpoint (hashes collected per model). */
    public static SuiteConfig withLocatedModels(SuiteConfig cfg, Map<String, String> hashes) {
        List<ModelPreset> located = new ArrayList<>();
        for (ModelPreset m : cfg.models()) {
            ModelLocator.Located l = ModelLocator.locate(m);
            hashes.put(m.name(), l.sha256());
            located.add(new ModelPreset(m.name(), l.path().toString(), m.paperName(), m.precision(), m.maxBatch(), m.params()));
        }
        return cfg.withModels(located);
    }

    /** Tokenizer and context limit of a located model, read without loading weights. */
    public static RunPlanner.ModelInfo modelInfo(ModelPreset m) {
        ModelLoader.Inspection ins = ModelLoader.inspect(Path.of(m.path()));
        return new RunPlanner.ModelInfo(ins.tokenizer().orElse(null), ins.config().maxPositions());
    }
}
