package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code list}: registered methods with capabilities (and, with {@code --model}, whether each is usable and
 * why not), metrics with direction and aggregation, datasets, and model presets.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List methods (with --model: usable or why not), metrics, datasets and model presets.")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "PATH", description = "Check usability on this model.")
    Path model;

    private static String fmt(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format("%.3g", v);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CausalLm m = model == null ? null : ModelLoader.load(model, Precision.FLOAT32);
        try {
            out.println("Methods" + (m == null ? "" : " (usability on " + m.name() + ")") + ":");
            out.printf("  %-24s %-7s %-46s %s%n", "name", "scores", "capabilities", m == null ? "reference" : "usable");
            for (AttributionMethod a : MethodRegistry.all()) {
                String caps = new TreeSet<>(a.info().capabilities().stream().map(Enum::name).map(String::toLowerCase)
                        .collect(Collectors.toList())).toString();
                String last = m == null ? a.info().reference()
                        : a.unusableReason(m).map(r -> "no: " + r).orElse("yes");
                out.printf("  %-24s %-7s %-46s %s%n", a.info().name(), a.info().scoreType(), caps, last);
            }
        } finally {
            if (m != null) {
                m.close();
            }
        }
        out.println();
        out.println("Metrics:");
        out.printf("  %-22s %-8s %-14s %-20s %s%n", "name", "better", "range", "aggregation", "unit");
        for (String name : org.hetabench.evaluation.metrics.MetricRegistry.names()) {
            var info = org.hetabench.evaluation.metrics.MetricRegistry
                    .create(name, org.hetabench.evaluation.metrics.MetricConfig.defaults()).info();
            out.printf("  %-22s %-8s %-14s %-20s %s%n", name, info.higherIsBetter() ? "higher" : "lower",
                    "[" + fmt(info.minValue()) + ", " + fmt(info.maxValue()) + "]", info.aggregation(), info.unit());
        }
        out.println();
        out.println("Datasets (suite names; `datasets` shows files, checksums and counts):");
        org.hetabench.jobs.bench.ManifestInstanceSource.ALIASES.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> out.printf("  %-16s -> %s%n", e.getKey(), e.getValue()));
        for (var d : org.hetabench.evaluation.data.Dataset.values()) {
            out.printf("  %s%n", d.datasetName());
        }
        out.println();
        out.println("Model presets (conf/models):");
        var loader = new org.hetabench.jobs.config.ConfigLoader(org.hetabench.jobs.config.ConfigLoader.defaultConfDir());
        for (String p : loader.presetNames()) {
            out.printf("  %s%n", p);
        }
        out.println("Architectures: llama2c (.bin), " + String.join(", ", org.hetabench.core.model.HfModelLoader.SUPPORTED)
                + " (Hugging Face directories)");
        out.flush();
        return 0;
    }
}
