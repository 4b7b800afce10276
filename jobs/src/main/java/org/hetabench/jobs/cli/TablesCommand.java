package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hetabench.jobs.analysis.SeedFormat;
import org.hetabench.jobs.analysis.TablesJob;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.config.ConfigLoader;
import org.hetabench.jobs.config.SuiteDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tables RUN_ID}: the paper's tables from a run's Parquet files, as Markdown, CSV and HTML. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Render a run's tables (mean ± std over seeds, next to the paper's numbers) into <output>/<run>/tables/.")
public final class TablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId;

    @Option(names = "--output", paramLabel = "R", description = "Output root of the run (default: ${DEFAULT-VALUE}).")
    String output = SuiteDefaults.OUTPUT;

    @Option(names = "--seeds-agg", paramLabel = "HOW", description = "mean-std (default) or mean-min-max.")
    String seedsAgg = "mean-std";

    @Option(names = "--table", paramLabel = "NAME",
            description = "Paper table to compare with (conf/paper/NAME.yaml); default: the run's suite.")
    String table;

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "The conf/ directory (default: <checkout>/conf).")
    Path confDir;

    @Override
    public Integer call() {
        SeedFormat format = SeedFormat.of(seedsAgg);
        PrintWriter out = spec.commandLine().getOut();
        var spark = SparkSessions.create("heta-bench tables", Map.of());
        TablesJob.Result r = TablesJob.run(spark, output, runId, table,
                confDir != null ? confDir : ConfigLoader.defaultConfDir(), format);
        out.printf("tables of run %s (suite %s, %s): %d numbers%n", runId, r.suite() == null ? "unknown" : r.suite(),
                r.paper().map(p -> "paper Table " + p.table()).orElse("no paper table"), r.numbers());
        r.files().forEach(f -> out.println("  " + f));
        out.flush();
        return 0;
    }
}
