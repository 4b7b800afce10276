package org.hetabench.jobs.bench;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;

/** The Markdown summary a run prints and stores: metric means per dataset and method, then cost per method. */
public final class RunSummary {
    private RunSummary() {}

    public static String markdown(SparkSession spark, String output, String runId, BenchmarkJob.Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Run ").append(runId).append("\n\n");
        sb.append(String.format("%d work items (%d resumed), %d target rows, %d failure rows, %.1f s%n%n", o.items(),
                o.skipped(), o.rows(), o.failures(), o.seconds()));
        if (o.phaseSeconds() != null && !o.phaseSeconds().isEmpty()) {
            sb.append("Phases: ").append(o.phaseText(1)).append("\n\n");
        }
        if (!o.quarantined().isEmpty()) {
            sb.append("Quarantined instances (not run):\n\n| dataset: reason | count |\n|---|---:|\n");
            o.quarantined().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            sb.append('\n');
        }
        String metricsPath = RunStore.table(output, "metrics");
        if (RunStore.hasRun(spark, metricsPath, runId)) {
            Dataset<Row> m = spark.read().parquet(metricsPath).where(functions.col("run_id").equalTo(runId))
                    .where(functions.not(functions.col("metric").contains(".")));
            List<Row> rows = m.groupBy("dataset", "method", "metric")
                    .agg(functions.mean("value").as("mean"), functions.stddev_samp("value").as("std"),
                            functions.count(functions.lit(1)).as("n"))
                    .orderBy("dataset", "metric", "method").collectAsList();
            sb.append("Metric means over targets (per-target values; dataset-level aggregation is done by `tables`):\n\n");
            sb.append("| dataset | metric | method | mean | std | n |\n|---|---|---|---:|---:|---:|\n");
            for (Row r : rows) {
                sb.append(String.format("| %s | %s | %s | %.4f | %s | %d |%n", r.getString(0), r.getString(2), r.getString(1),
                        r.getDouble(3), r.isNullAt(4) ? "—" : String.format("%.4f", r.getDouble(4)), r.getLong(5)));
            }
            sb.append('\n');
        }
        Dataset<Row> a = RunSchema.read(spark, RunStore.table(output, "attributions"))
                .where(functions.col("run_id").equalTo(runId));
        List<Row> cost = a.groupBy("method").agg(functions.count(functions.lit(1)).as("rows"),
                functions.sum(functions.when(functions.col("failure_class").isNotNull(), 1).otherwise(0)).as("failed"),
                functions.mean("seconds"), functions.mean("passes_forward"), functions.mean("passes_backward"),
                functions.mean("passes_hvp")).orderBy("method").collectAsList();
        sb.append("Cost per attributed target:\n\n| method | rows | failed | seconds | forward | backward | hvp |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : cost) {
            sb.append(String.format("| %s | %d | %d | %.3f | %.1f | %.1f | %.1f |%n", r.getString(0), r.getLong(1),
                    r.getLong(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)));
        }
        if (o.allFailed()) {
            sb.append("\n**Every target row of this run failed**: no metric was computed. The failures:\n");
        }
        List<Row> fails = a.where(functions.col("failure_class").isNotNull())
                .groupBy("method", "failure_class", "failure_message").count().orderBy(functions.desc("count")).limit(10)
                .collectAsList();
        if (!fails.isEmpty()) {
            sb.append("\nMost frequent failures:\n\n| method | class | message | count |\n|---|---|---|---:|\n");
            for (Row r : fails) {
                sb.append(String.format("| %s | %s | %s | %d |%n", r.getString(0), r.getString(1),
                        r.getString(2).replace('|', '/').replace('\n', ' '), r.getLong(3)));
            }
        }
        return sb.toString();
    }
}
