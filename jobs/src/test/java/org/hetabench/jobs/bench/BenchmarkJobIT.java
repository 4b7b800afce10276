package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench job on local[2]: schema and row counts, resume after an injected failure, determinism. */
class BenchmarkJobIT {
    static final MetricEvaluator NO_METRICS = (req, res, inst, names, params, failures) -> {
        throw new AssertionError("no metrics configured");
    };
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    /** Rows one full run must produce: one per fixed-target instance, two for the generated one. */
    static long expectedRows(List<WorkItem> items) {
        return items.stream().mapToLong(w -> w.instance().target() >= 0 ? 1 : w.instance().generateSteps()).sum();
    }

    static Dataset<Row> rows(SparkSession s, SuiteConfig cfg, String runId) {
        return RunSchema.read(s, RunStore.table(cfg.output(), "attributions"))
                .where(functions.col("run_id").equalTo(runId));
    }

    @Test
    void writesOneRowPerTargetWithTheDocumentedSchema(@TempDir Path out) {
        SparkSession s = TestSpark.get();
        SuiteConfig cfg = TestSuites.suite(out.toString(), List.of("heta"), Map.of("heta.hvp.samples", "1"), 5);
        List<WorkItem> items = TestSuites.items(cfg, "r1");
        BenchmarkJob.Outcome o = new BenchmarkJob(cfg, NO_METRICS, QUIET).run(s, "r1", items, Map.of());
        Dataset<Row> df = rows(s, cfg, "r1");
        assertEquals(expectedRows(items), df.count());
        assertEquals(expectedRows(items), o.rows());
        assertEquals(0, o.failures(), () -> df.where(functions.col("failure_class").isNotNull())
                .select("instance_id", "failure_class", "failure_message").collectAsList().toString());
        assertEquals(Arrays.asList(RunSchema.ATTRIBUTIONS.fieldNames()),
                Arrays.asList(s.read().parquet(RunStore.table(cfg.output(), "attributions")).schema().fieldNames()));
        for (Row r : df.collectAsList()) {
            assertEquals(r.getList(r.fieldIndex("ids")).size(), r.getList(r.fieldIndex("scores")).size());
            assertTrue(r.getJavaMap(r.fieldIndex("components")).containsKey("curvature"));
            assertEquals(RunSchema.VERSION, r.getInt(r.fieldIndex("schema_version")));
        }
        // The generated-target instance yields two consecutive targets.
        assertEquals(2, df.where(functions.col("instance_id").equalTo("gen0")).count());
    }

    @Test
    void resumeAfterAnInjectedFailureLeavesExactlyOneRowPerKey(@TempDir Path out) {
        SparkSession s = TestSpark.get();
        SuiteConfig cfg = TestSuites.suite(out.toString(), List.of("heta"), Map.of("heta.hvp.samples", "1"), 3);
        List<WorkItem> items = TestSuites.items(cfg, "r2");
        System.setProperty(FaultInjection.PROPERTY, items.get(7).key());
        try {
            assertThrows(Exception.class, () -> new BenchmarkJob(cfg, NO_METRICS, QUIET).run(s, "r2", items, Map.of()));
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        long before = rows(s, cfg, "r2").count();
        assertTrue(before > 0 && before < expectedRows(items), "partial run wrote " + before);
        BenchmarkJob.Outcome o = new BenchmarkJob(cfg, NO_METRICS, QUIET).run(s, "r2", items, Map.of());
        assertTrue(o.skipped() >= 6, "skipped " + o.skipped());
        Dataset<Row> df = rows(s, cfg, "r2");
        assertEquals(expectedRows(items), df.count());
        assertEquals(expectedRows(items), df.select("item_key", "target_position").distinct().count());
        assertEquals(items.size(), df.select("item_key").distinct().count());
        // A third run has nothing left to do.
        assertEquals(items.size(), new BenchmarkJob(cfg, NO_METRICS, QUIET).run(s, "r2", items, Map.of()).skipped());
    }

    @Test
    void theSameSeedGivesIdenticalScoresAndMetricsWhateverTheChunking(@TempDir Path out) {
        SparkSession s = TestSpark.get();
        SuiteConfig a = withMetrics(TestSuites.suite(out.resolve("a").toString(), List.of("heta"), Map.of("heta.hvp.samples", "2"), 2));
        SuiteConfig b = withMetrics(TestSuites.suite(out.resolve("b").toString(), List.of("heta"), Map.of("heta.hvp.samples", "2"), 7));
        new BenchmarkJob(a, new SuiteMetricEvaluator(), QUIET).run(s, "d", TestSuites.items(a, "d"), Map.of());
        new BenchmarkJob(b, new SuiteMetricEvaluator(), QUIET).run(s, "d", TestSuites.items(b, "d"), Map.of());
        Map<String, List<Object>> sa = column(rows(s, a, "d"), "scores");
        Map<String, List<Object>> sb = column(rows(s, b, "d"), "scores");
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((k, v) -> assertEquals(v, sb.get(k), k));
        Map<String, Object> ma = metrics(rows(s, a, "d"));
        Map<String, Object> mb = metrics(rows(s, b, "d"));
        assertTrue(ma.values().stream().allMatch(v -> ((Map<?, ?>) v).containsKey("soft-ns")), ma.toString());
        assertEquals(ma, mb);
    }

    /** The suite with seeded, perturbation-based metrics (their masks come from the run seed). */
    static SuiteConfig withMetrics(SuiteConfig c) {
        return c.withMetrics(List.of("soft-ns", "soft-nc", "aopc-comp"));
    }

    static Map<String, List<Object>> column(Dataset<Row> df, String name) {
        Map<String, List<Object>> m = new HashMap<>();
        for (Row r : df.collectAsList()) {
            m.put(r.getString(r.fieldIndex("item_key")) + "@" + r.getInt(r.fieldIndex("target_position")),
                    r.getList(r.fieldIndex(name)));
        }
        return m;
    }

    static Map<String, Object> metrics(Dataset<Row> df) {
        Map<String, Object> m = new HashMap<>();
        for (Row r : df.collectAsList()) {
            m.put(r.getString(r.fieldIndex("item_key")) + "@" + r.getInt(r.fieldIndex("target_position")),
                    new java.util.TreeMap<>(r.getJavaMap(r.fieldIndex("metrics"))));
        }
        return m;
    }
}
