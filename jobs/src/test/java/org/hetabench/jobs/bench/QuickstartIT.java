package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.HetaBench;
import org.hetabench.jobs.report.ReportSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1 end to end: the real {@code quickstart} suite (20 instances each of curated, TellMeWhy
 * and LongRA from the mirrors; HETA and three baselines; Soft-NC, Soft-NS, DSA, AOPC) on local[2], through
 * the CLI. Checks the Parquet schema and the row counts.
 */
class QuickstartIT {
    @Test
    void quickstartWritesEveryRowWithTheDocumentedSchema(@TempDir Path out) throws Exception {
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = HetaBench.execute(new String[] {"bench", "quickstart", "--run-id", "qs", "--set", "output=" + out},
                new PrintWriter(so, true), new PrintWriter(se, true));
        assertEquals(0, code, se.toString());
        SparkSession s = TestSpark.get();
        Dataset<Row> a = s.read().parquet(out.resolve("tables/attributions").toString()).where(functions.col("run_id").equalTo("qs"));
        assertEquals(Arrays.asList(ReportSchema.ATTRIBUTIONS.fieldNames()), Arrays.asList(a.schema().fieldNames()));
        // 20 instances per dataset (none quarantined for this model) x 4 methods; TellMeWhy generates 2 targets each.
        List<Row> perDataset = a.groupBy("dataset").agg(functions.countDistinct("instance_id"), functions.count(functions.lit(1)))
                .orderBy("dataset").collectAsList();
        assertEquals(3, perDataset.size(), perDataset.toString());
        for (Row r : perDataset) {
            assertEquals(20L, r.getLong(1), r.toString());
            long perInstance = r.getString(0).startsWith("tellmewhy") ? 2 : 1;
            assertEquals(20L * perInstance * 4, r.getLong(2), r.toString());
        }
        assertEquals(Set.of("heta", "integrated-gradients", "input-x-gradient", "attention-rollout"),
                new TreeSet<>(a.select("method").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
        assertEquals(0, a.where(functions.col("failure_class").isNotNull()).count(),
                () -> a.where(functions.col("failure_class").isNotNull()).select("method", "failure_message").limit(5)
                        .collectAsList().toString());
        Dataset<Row> m = s.read().parquet(out.resolve("tables/metrics").toString()).where(functions.col("run_id").equalTo("qs"));
        Set<String> metrics = new TreeSet<>(m.select("metric").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertTrue(metrics.containsAll(Set.of("soft-nc", "soft-ns", "dsa", "aopc-comp")), metrics.toString());
        // DSA needs the curated set's evidence segments: it exists exactly for curated targets.
        assertEquals(20L * 4, m.where(functions.col("metric").equalTo("dsa")).count());
        assertEquals(a.count(), m.where(functions.col("metric").equalTo("soft-ns")).count());
        assertTrue(Files.isRegularFile(out.resolve("qs/summary.md")) && Files.isRegularFile(out.resolve("qs/run.json")));
        assertTrue(so.toString().contains("progress: ") && so.toString().contains("ETA"), so.toString());
        assertEquals(1, s.read().parquet(out.resolve("tables/runs").toString()).where(functions.col("run_id").equalTo("qs")).count());
    }
}
