package org.hetabench.jobs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.Precision;
import org.hetabench.jobs.analysis.DecodingGridJob;
import org.hetabench.jobs.analysis.PaperTable;
import org.hetabench.jobs.bench.InstanceSource;
import org.hetabench.jobs.bench.ManifestInstanceSource;
import org.hetabench.jobs.bench.ModelHolder;
import org.hetabench.jobs.bench.ResolvedRun;
import org.hetabench.jobs.bench.RunPlanner;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.bench.SuiteMetricEvaluator;
import org.hetabench.jobs.config.ConfigLoader;
import org.hetabench.jobs.config.SuiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grid SUITE}: the decoding-grid Δ% of metrics.md §7 over the suite's models, datasets, methods,
 * metrics and seeds. The axes default to the paper's grid; {@code --temperature} etc. replace an axis
 * (e.g. a small grid for a smoke run); {@code --set metricParams.grid.targets=SEQUENCE} and the other
 * {@code grid.*} metric keys choose the protocol variant.
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Decoding-grid sensitivity (Δ%%, metrics.md §7): rerun a suite under every decoding setting, write grid.md.")
public final class GridCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: <suite>-grid-<timestamp>); reuse one to resume.")
    String runId;

    @Option(names = "--temperature", split = ",", paramLabel = "T", description = "Temperatures (default 0.2,0.5,0.9).")
    List<Double> temperatures;

    @Option(names = "--top-p", split = ",", paramLabel = "P", description = "Top-p values (default 0.8,0.9,0.95).")
    List<Double> topPs;

    @Option(names = "--top-k", split = ",", paramLabel = "K", description = "Top-k values (default 20,50,100).")
    List<Integer> topKs;

    @Option(names = "--repetition-penalty", split = ",", paramLabel = "R", description = "Repetition penalties (default 1.0,1.2).")
    List<Double> penalties;

    @Override
    public Integer call() {
        Map<String, String> hashes = new java.util.LinkedHashMap<>();
        SuiteConfig cfg = ResolvedRun.withLocatedModels(suite.load(), hashes);
        DecodingGridJob.Axes paper = DecodingGridJob.Axes.paper();
        DecodingGridJob.Axes axes = new DecodingGridJob.Axes(temperatures != null ? temperatures : paper.temperatures(),
                topPs != null ? topPs : paper.topPs(), topKs != null ? topKs : paper.topKs(),
                penalties != null ? penalties : paper.penalties());
        DecodingGridJob.Options opt = DecodingGridJob.Options.of(axes, cfg.metricParams());
        InstanceSource source = new ManifestInstanceSource();
        String id = runId != null ? runId
                : cfg.name() + "-grid-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        PrintWriter out = spec.commandLine().getOut();
        // The driver validates the parameters and reads each model's tokenizer and context size without
        // loading weights, before Spark starts.
        DecodingGridJob.Plan plan = DecodingGridJob.plan(cfg, id, opt, source, ResolvedRun::modelInfo);
        var spark = SparkSessions.create("heta-bench grid " + cfg.name(), cfg.spark());
        out.printf("grid %s: %d settings + greedy, %d work items%n", id, plan.settings().size() - 1, plan.items().size());
        out.flush();
        Path confDir = suite.confDir != null ? suite.confDir : ConfigLoader.defaultConfDir();
        var paperTable = PaperTable.forSuite(confDir, cfg.name()).filter(p -> p.kind().equals("decoding-grid-delta"));
        List<DecodingGridJob.Delta> deltas = DecodingGridJob.run(spark, cfg, id, plan, opt,
                BenchCommand.provenance(spark, cfg, id, hashes), new SuiteMetricEvaluator(),
                new PrintStream(System.out, true), paperTable);
        out.printf("%d Δ%% numbers; %s/%s/grid.md%n", deltas.size(), cfg.output(), id);
        out.flush();
        return 0;
    }
}
