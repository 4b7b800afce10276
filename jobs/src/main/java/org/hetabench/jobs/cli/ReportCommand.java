package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.report.RunReport;
import org.hetabench.jobs.report.plot.PlotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code report RUN_ID}: (re)builds the human report of a run under {@code R/RUN_ID/}: index.html,
 * heatmaps/ and plots/, from the run's Parquet tables read through a local Spark session.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Build the run's index page, heatmaps and plots under OUTPUT/RUN_ID/ from its Parquet tables.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (the run_id=ID partition of the tables).")
    String runId;

    @Option(names = "--output", paramLabel = "R", defaultValue = "./runs",
            description = "Output root the bench job wrote to (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--heatmaps-per-dataset", paramLabel = "N", defaultValue = "5",
            description = "Instances per dataset that get heatmaps (default: ${DEFAULT-VALUE}; 0 = none).")
    int heatmapsPerDataset;

    @Option(names = "--sample-seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the heatmap sample (default: ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Option(names = "--scale", paramLabel = "RULE", defaultValue = "robust",
            description = "Heatmap colour scale per row: robust (clip at the 98th percentile of |score|, clipped tokens"
                    + " outlined, colour intensity the square root of |score| / scale), linear (the same clip, linear"
                    + " intensity) or max (divide by the largest |score|, linear) (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--scale-exclude", paramLabel = "bos,last", defaultValue = "",
            description = "Positions left out of the scale computation: bos, last (the target position), or both.")
    String scaleExclude;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunReport.Options options = new RunReport.Options(heatmapsPerDataset, sampleSeed, 800, 500,
                org.hetabench.jobs.report.html.ScoreScale.Rule.parse(scale, scaleExclude));
        RunReport.localRoot(output);
        SparkSession spark = SparkSessions.create("heta-bench report " + runId, Map.of("master", "local[1]"));
        try {
            RunReport.Outcome o = RunReport.build(spark, output, runId, options);
            long drawn = o.plots().stream().filter(p -> !p.skipped()).count();
            out.printf("report of run %s: %s%n", runId, o.index().toAbsolutePath());
            out.printf("  heatmaps: %d pages, %d all-methods views; plots: %d drawn, %d skipped; provenance %s%n",
                    o.heatmapPages(), o.comparisonPages(), drawn, o.plots().size() - drawn,
                    o.provenanceAvailable() ? "found" : "unavailable");
            for (PlotFile p : o.plots()) {
                if (p.skipped()) {
                    out.printf("  skipped %s: %s%n", p.title(), p.note());
                }
            }
        } finally {
            spark.stop();
        }
        out.flush();
        return 0;
    }
}
