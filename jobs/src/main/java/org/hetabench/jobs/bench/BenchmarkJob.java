package org.hetabench.jobs.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.ResultRow;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;

/**
 * The {@code bench} job: plans work items on the driver, shards them across executors (one model
 * replica per JVM and GPU, loaded lazily), and appends results chunk by chunk so that a rerun of the
 * same run id skips every item already written, whatever the executor count was (spark.md §5).
 */
public final class BenchmarkJob {

    /**
     * What a run did. {@code phaseSeconds}: wall time of the resume check, of running the items and writing
     * their rows, and of the metrics-table rebuild (their sum is about {@code seconds}).
     */
    public record Outcome(String runId, String output, long items, long skipped, long rows, long failures,
                          double seconds, Map<String, Long> quarantined, Map<String, Double> phaseSeconds) {

        /** Whether this invocation wrote target rows and every one of them is a failure row. */
        public boolean allFailed() {
            return rows > 0 && failures == rows;
        }

        /** The phases as {@code name 1.2 s, ...} with {@code decimals} digits after the point. */
        public String phaseText(int decimals) {
            java.util.StringJoiner j = new java.util.StringJoiner(", ");
            phaseSeconds.forEach((k, v) -> j.add(String.format(java.util.Locale.ROOT, "%s %." + decimals + "f s", k, v)));
            return j.toString();
        }
    }

    private final SuiteConfig cfg;
    private final MetricEvaluator evaluator;
    private final PrintStream progress;

    public BenchmarkJob(SuiteConfig cfg, MetricEvaluator evaluator, PrintStream progress) {
        this.cfg = cfg;
        this.evaluator = evaluator;
        this.progress = progress;
    }

    /** Runs (or resumes) {@code items} as run {@code runId}. */
    public Outcome run(SparkSession spark, String runId, List<WorkItem> items, Map<String, Long> quarantined) {
        long t0 = System.nanoTime();
        Map<String, Double> phases = new LinkedHashMap<>();
        String attributions = RunStore.table(cfg.output(), "attributions");
        Set<String> done = doneKeys(spark, attributions, runId);
        phases.put("resume check", (System.nanoTime() - t0) / 1e9);
        List<WorkItem> todo = new ArrayList<>();
        for (WorkItem w : items) {
            if (!done.contains(w.key())) {
                todo.add(w);
            }
        }
        long skipped = items.size() - todo.size();
        if (skipped > 0) {
            progress.printf("resume: %d of %d items already written for run %s; %d to go%n", skipped, items.size(), runId,
                    todo.size());
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int chunk = Math.max(1, Integer.parseInt(cfg.spark().getOrDefault("chunkSize", "64")));
        int partitions = Integer.parseInt(cfg.spark().getOrDefault("partitions", "0"));
        if (partitions <= 0) {
            partitions = Math.max(1, jsc.defaultParallelism());
        }
        ItemRunner runner = new ItemRunner(cfg.metrics(), cfg.metricParams(), evaluator, cfg.failFast());
        long rows = 0;
        long failures = 0;
        long finished = 0;
        long tItems = System.nanoTime();
        for (int i = 0; i < todo.size(); i += chunk) {
            List<WorkItem> part = todo.subList(i, Math.min(todo.size(), i + chunk));
            // Rows and failure rows are counted by the tasks of the write itself (accumulators of an action
            // count each successful task once), so a chunk is one Spark job, with nothing cached or re-read.
            LongAccumulator rowCount = jsc.sc().longAccumulator("rows");
            LongAccumulator failureCount = jsc.sc().longAccumulator("failure rows");
            JavaRDD<Row> out = jsc.parallelize(new ArrayList<>(part), Math.min(partitions, part.size()))
                    .mapPartitions(new PartitionRunner(runner, rowCount, failureCount));
            spark.createDataFrame(out, RunSchema.ATTRIBUTIONS)
                    .write().mode(SaveMode.Append).partitionBy("run_id").parquet(attributions);
            rows += rowCount.value();
            failures += failureCount.value();
            finished += part.size();
            double el = (System.nanoTime() - t0) / 1e9;
            double rate = finished / el;
            progress.printf("progress: %d/%d items (%.1f%%), %.2f items/s, ETA %s, %d failure rows%n", finished + skipped,
                    items.size(), 100.0 * (finished + skipped) / items.size(), rate,
                    eta((todo.size() - finished) / Math.max(rate, 1e-9)), failures);
        }
        phases.put("items + write", (System.nanoTime() - tItems) / 1e9);
        long tMetrics = System.nanoTime();
        writeMetricsTable(spark, runId);
        phases.put("metrics table", (System.nanoTime() - tMetrics) / 1e9);
        return new Outcome(runId, cfg.output(), items.size(), skipped, rows, failures, (System.nanoTime() - t0) / 1e9,
                quarantined, phases);
    }

    private static String eta(double s) {
        if (s < 60) {
            return String.format("%.0fs", s);
        }
        return String.format("%dm%02ds", (long) s / 60, (long) s % 60);
    }

    /** Item keys already written for {@code runId}. */
    static Set<String> doneKeys(SparkSession spark, String attributions, String runId) {
        Set<String> keys = new HashSet<>();
        if (!RunStore.exists(spark, attributions)) {
            return keys;
        }
        for (Row r : RunSchema.read(spark, attributions).where(functions.col("run_id").equalTo(runId))
                .select("item_key").distinct().collectAsList()) {
            keys.add(r.getString(0));
        }
        return keys;
    }


    /** Rebuilds the long-format metrics table of the run from its attribution rows. */
    void writeMetricsTable(SparkSession spark, String runId) {
        String attributions = RunStore.table(cfg.output(), "attributions");
        if (!RunStore.exists(spark, attributions)) {
            return;
        }
        Dataset<Row> a = RunSchema.read(spark, attributions).where(functions.col("run_id").equalTo(runId))
                .dropDuplicates(new String[] {"item_key", "target_position"});
        Dataset<Row> m = a.select(functions.col("model"), functions.col("dataset"), functions.col("instance_id"),
                        functions.col("target_position"), functions.col("method"), functions.col("cell"),
                        functions.col("seed"), functions.explode_outer(functions.col("metrics")).as(new String[] {"metric", "value"}),
                        functions.col("run_id"))
                .where(functions.col("metric").isNotNull())
                // Components such as soft-ns.source / soft-ns.random stay in the attribution rows' metrics map.
                .where(functions.not(functions.col("metric").rlike("\\.(source|random)$")));
        m.write().mode(SaveMode.Overwrite).partitionBy("run_id").parquet(RunStore.table(cfg.output(), "metrics"));
    }

    /** Runs the items of one partition on this executor's model replica. */
    static final class PartitionRunner implements FlatMapFunction<Iterator<WorkItem>, Row> {
        private static final long serialVersionUID = 1L;
        private final ItemRunner runner;
        private final LongAccumulator rows;
        private final LongAccumulator failures;

        PartitionRunner(ItemRunner runner, LongAccumulator rows, LongAccumulator failures) {
            this.runner = runner;
            this.rows = rows;
            this.failures = failures;
        }

        @Override
        public Iterator<Row> call(Iterator<WorkItem> items) {
            String gpu = null;
            TaskContext tc = TaskContext.get();
            if (tc != null) {
                Map<String, ResourceInformation> res = tc.resourcesJMap();
                if (res.containsKey("gpu") && res.get("gpu").addresses().length > 0) {
                    gpu = res.get("gpu").addresses()[0];
                }
            }
            List<Row> out = new ArrayList<>();
            while (items.hasNext()) {
                WorkItem w = items.next();
                for (ResultRow r : runner.run(w, ItemRunner.modelFor(w, gpu))) {
                    out.add(RunSchema.toRow(r));
                    rows.add(1);
                    if (r.failureClass() != null) {
                        failures.add(1);
                    }
                }
            }
            return out.iterator();
        }
    }
}
