package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.jobs.bench.ManifestInstanceSource;
import org.hetabench.jobs.bench.ModelLocator;
import org.hetabench.jobs.bench.RunPlanner;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: a dry run. Checks the suite, that every model and manifest resolves (files present,
 * sha256 verified), that each model's config and tokenizer read, that the methods can run on the models
 * as far as the config tells, that the datasets load, and that the output location is writable; no
 * weights are loaded onto a device. Exit 0 if everything holds, 2 otherwise.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Dry run: check a suite, its models, manifests, datasets, methods and output location without loading weights.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SuiteOptions suite;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();
        SuiteConfig cfg = suite.load();
        out.printf("suite %s: config ok (sha256 %s), %d models, %d datasets, %d methods, %d metrics, %d grid cells, seeds %s%n",
                cfg.name(), cfg.hash().substring(0, 12), cfg.models().size(), cfg.datasets().size(), cfg.methods().size(),
                cfg.metrics().size(), cfg.grid().size(), cfg.seeds());
        // Exactly what bench's planner would refuse: parameter keys and values, metric configuration.
        problems.addAll(RunPlanner.problems(cfg));
        for (ModelPreset m : cfg.models()) {
            try {
                ModelLocator.Located l = ModelLocator.locate(m);
                ModelLoader.Inspection ins = ModelLoader.inspect(l.path());
                out.printf("model %s: %s at %s (%s, %d layers, d=%d, context %d, tokenizer %s)%n", m.name(), ins.format(),
                        l.path(), ins.config().family(), ins.config().numLayers(), ins.config().hiddenSize(),
                        ins.config().maxPositions(), ins.tokenizer().isPresent() ? "yes" : "NO");
                for (String name : cfg.methods()) {
                    AttributionMethod a = MethodRegistry.get(name);
                    if (a.info().capabilities().contains(Capability.TOKENIZER) && ins.tokenizer().isEmpty()) {
                        problems.add("method " + name + " needs a tokenizer, and model " + m.name() + " has none");
                    }
                }
                if (ins.tokenizer().isPresent()) {
                    for (DatasetSpec d : cfg.datasets()) {
                        var batch = new ManifestInstanceSource().instances(d, ins.tokenizer().get(), ins.config().maxPositions(), 0L);
                        out.printf("  dataset %s: %d instances%s%n", d.name(), batch.instances().size(),
                                batch.quarantined().isEmpty() ? "" : ", quarantined " + batch.quarantined());
                        if (batch.instances().isEmpty()) {
                            problems.add("dataset " + d.name() + " yields no usable instance for model " + m.name());
                        }
                    }
                }
            } catch (RuntimeException e) {
                problems.add("model " + m.name() + ": " + e.getMessage());
            }
        }
        problems.addAll(checkOutput(cfg.output()));
        if (problems.isEmpty()) {
            out.println("validate: OK");
            out.flush();
            return 0;
        }
        problems.forEach(p -> out.println("problem: " + p));
        out.println("validate: " + problems.size() + " problem(s)");
        out.flush();
        return 2;
    }

    private static List<String> checkOutput(String output) {
        if (output.contains("://") && !output.startsWith("file:")) {
            // s3a:// and hdfs:// are checked by Hadoop at the start of the run; credentials come from the provider chain.
            return List.of();
        }
        try {
            Path p = Path.of(output.replaceFirst("^file:", ""));
            Files.createDirectories(p);
            Path probe = Files.createTempFile(p, ".validate", ".tmp");
            Files.delete(probe);
            return List.of();
        } catch (Exception e) {
            return List.of("output " + output + " is not writable: " + e.getMessage());
        }
    }
}
