package org.hetabench.jobs.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.core.util.Suggestions;
import org.hetabench.jobs.store.RunStore;

/**
 * The {@code tables} job: reads a run's attribution rows, aggregates them over seeds and writes
 * {@code <output>/<run id>/tables/<name>.{md,csv,html}}. The paper table comes from {@code --table}, else
 * from the suite recorded for the run ({@code run.json} or the runs table); runs of suites without a paper
 * table get generic tables.
 */
public final class TablesJob {
    private TablesJob() {}

    /** What was written. */
    public record Result(String suite, Optional<PaperTable> paper, List<String> files, int numbers) {}

    public static Result run(SparkSession spark, String output, String runId, String table, Path confDir,
                             SeedFormat format) {
        RunStore files = new RunStore(spark, output);
        var attributions = files.attributions(runId);
        String suite = files.suite(runId);
        String name = table != null ? table : suite;
        if (table != null && PaperTable.forSuite(confDir, table).isEmpty()) {
            List<String> known = PaperTable.names(confDir);
            throw new IllegalArgumentException("No paper table '" + table + "' (no " + confDir.resolve("paper")
                    .resolve(table + ".yaml") + ")" + Suggestions.didYouMean(table, known) + " Known: "
                    + String.join(", ", known));
        }
        Optional<PaperTable> paper = PaperTable.forSuite(confDir, name);
        if (paper.isPresent() && paper.get().kind().equals("decoding-grid-delta")) {
            // Δ% numbers belong next to grid.md (the grid job), not next to per-run metric values.
            paper = Optional.empty();
        }
        List<SeedAggregates.Number> numbers = SeedAggregates.of(attributions);
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("Run '" + runId + "' under " + output + " has no metric values (no metrics"
                    + " configured, or every row failed); nothing to tabulate");
        }
        Map<String, Long> failures = new java.util.TreeMap<>();
        for (Row r : attributions.where(functions.col("failure_class").isNotNull()).groupBy("method", "failure_class")
                .count().collectAsList()) {
            failures.put(r.getString(0) + ": " + r.getString(1), r.getLong(2));
        }
        PaperTables t = new PaperTables(runId, suite, name, numbers, paper, format, failures);
        String base = files.human(runId, "tables/" + t.baseName());
        files.writeText(base + ".md", t.markdown());
        files.writeText(base + ".csv", t.csv());
        files.writeText(base + ".html", t.html());
        return new Result(suite, paper, List.of(base + ".md", base + ".csv", base + ".html"), numbers.size());
    }
}
