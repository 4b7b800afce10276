package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hetabench.jobs.analysis.CompareThresholds;
import org.hetabench.jobs.analysis.RunComparison;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.config.SuiteDefaults;
import org.hetabench.jobs.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare --baseline A --candidate B}: paired regression check; exit code {@value #REGRESSION} on a
 * regression beyond the thresholds ({@link CompareThresholds} holds the defaults), 0 otherwise.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a candidate run with a baseline run (paired per row); exit 3 on a regression beyond the thresholds.")
public final class CompareCommand implements Callable<Integer> {
    /** Exit code of a regression. */
    public static final int REGRESSION = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "RUN_A", description = "Baseline run id.")
    String baseline;

    @Option(names = "--candidate", required = true, paramLabel = "RUN_B", description = "Candidate run id.")
    String candidate;

    @Option(names = "--output", paramLabel = "R", description = "Output root holding both runs (default: ${DEFAULT-VALUE}).")
    String output = SuiteDefaults.OUTPUT;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "YAML mapping name: threshold (absolute, or relative with %%); key 'default' sets every metric's.")
    Path thresholds;

    @Option(names = "--max-drop", paramLabel = "NAME=X",
            description = "Allowed worsening, repeatable: a metric (soft-nc=0.1, dsa=5%%), passes-per-item, seconds-per-item,"
                    + " new-failures or default. Defaults: metrics " + CompareThresholds.DEFAULT_METRIC_PERCENT + "%%, passes-per-item "
                    + CompareThresholds.DEFAULT_PASSES_PERCENT + "%%, new-failures " + CompareThresholds.DEFAULT_FAILURES
                    + ", seconds-per-item not checked.")
    List<String> maxDrop = new ArrayList<>();

    @Option(names = "--report", paramLabel = "PATH.md",
            description = "Where to write the Markdown summary (default: <output>/<candidate>/compare-<baseline>.md).")
    String report;

    @Override
    public Integer call() {
        CompareThresholds t = CompareThresholds.of(thresholds, maxDrop);
        PrintWriter out = spec.commandLine().getOut();
        RunStore files = new RunStore(SparkSessions.create("heta-bench compare", Map.of()), output);
        RunComparison.Result r = RunComparison.compare(files, baseline, candidate, t);
        String path = report != null ? report : files.human(candidate, "compare-" + baseline + ".md");
        files.writeText(path, RunComparison.markdown(r));
        long unpaired = r.coverage().stream().mapToLong(c -> c.onlyBaseline() + c.onlyCandidate()).sum();
        out.printf("compare %s (candidate) vs %s (baseline): %s; %d unpaired rows; %d new failures; summary: %s%n",
                candidate, baseline, r.regression() ? "REGRESSION" : "no regression", unpaired, r.newFailureKeys().size(), path);
        r.metrics().stream().filter(RunComparison.MetricDelta::regression).forEach(d -> out.printf(
                "  regression: %s %s: baseline %.4g, candidate %.4g (allowed worsening %.4g)%n", d.method(), d.metric(),
                d.baselineMean(), d.candidateMean(), d.allowed()));
        r.throughput().stream().filter(RunComparison.Throughput::regression).forEach(x -> out.printf(
                "  regression: %s %s: baseline %.4g, candidate %.4g%n", x.method(), x.quantity(), x.baseline(), x.candidate()));
        out.flush();
        return r.regression() ? REGRESSION : 0;
    }
}
