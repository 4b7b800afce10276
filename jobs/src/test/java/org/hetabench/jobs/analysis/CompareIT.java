package org.hetabench.jobs.analysis;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} on real runs: the same suite and seed run twice compares clean (exit 0); a copy of the
 * baseline whose HETA Soft-NC values are planted 0.5 lower (a Spark transformation of the real rows), with
 * one row removed, is a regression (exit 3) and its missing row is reported as unpaired.
 */
class CompareIT {
    @TempDir
    static Path out;

    @BeforeAll
    static void runs() {
        SuiteConfig cfg = AnalysisRuns.suite("quick", out.toString(), "stories260K", "golden",
                List.of("integrated-gradients", "heta"), Map.of("integrated-gradients.steps", "8", "heta.hvp.samples", "1"),
                List.of("soft-nc", "soft-ns"), List.of(0L));
        var instances = AnalysisRuns.instances("golden", 4);
        AnalysisRuns.run(cfg, "base", instances);
        AnalysisRuns.run(cfg, "same", instances);
        var spark = AnalysisRuns.spark();
        String table = RunStore.table(out.toString(), "attributions");
        var base = RunSchema.read(spark, table).where(col("run_id").equalTo("base"));
        var planted = base
                .withColumn("metrics", when(col("method").equalTo("heta"), functions.transform_values(col("metrics"),
                        (k, v) -> when(k.equalTo("soft-nc"), v.minus(0.5)).otherwise(v))).otherwise(col("metrics")))
                .where(col("method").notEqual("integrated-gradients").or(col("instance_id").notEqual("i0")))
                .withColumn("run_id", lit("planted"))
                .select(RunSchema.ATTRIBUTIONS.fieldNames()[0], java.util.Arrays.copyOfRange(
                        RunSchema.ATTRIBUTIONS.fieldNames(), 1, RunSchema.ATTRIBUTIONS.fieldNames().length));
        // Materialised first: Spark must not read the table it is appending to lazily.
        var rows = spark.createDataFrame(planted.collectAsList(), RunSchema.ATTRIBUTIONS);
        rows.write().mode(SaveMode.Append).partitionBy("run_id").parquet(table);
    }

    @Test
    void theSameSeedTwiceIsNoRegression() throws Exception {
        AnalysisRuns.Cli r = AnalysisRuns.cli("compare", "--baseline", "base", "--candidate", "same", "--output", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("no regression; 0 unpaired rows; 0 new failures"), r.out());
        String md = Files.readString(out.resolve("same").resolve("compare-base.md"));
        assertTrue(md.contains("**Verdict: no regression**"), md);
        // 4 instances × 1 seed, every row paired, every difference zero.
        assertTrue(md.contains("| heta | soft-nc | higher | 4 | 0 |"), md);
        assertTrue(md.contains("| integrated-gradients | 4 | 0 | 0 | 0 | 0 | 0 | 0/0 |"), md);
    }

    @Test
    void aPlantedDropIsARegressionAndTheMissingRowIsReported() throws Exception {
        Path report = out.resolve("planted-report.md");
        AnalysisRuns.Cli r = AnalysisRuns.cli("compare", "--baseline", "base", "--candidate", "planted", "--output",
                out.toString(), "--report", report.toString());
        assertEquals(3, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("REGRESSION; 1 unpaired rows"), r.out());
        assertTrue(r.out().contains("regression: heta soft-nc"), r.out());
        assertTrue(!r.out().contains("regression: heta soft-ns") && !r.out().contains("regression: integrated-gradients"),
                r.out());
        String md = Files.readString(report);
        assertTrue(md.contains("**Verdict: REGRESSION**"), md);
        // Δ is exactly the planted −0.5 on each of the 4 pairs, so the bootstrap CI collapses onto it.
        assertTrue(md.contains("| heta | soft-nc | higher | 4 | 0 |"), md);
        assertTrue(md.contains("| -0.5000 | [-0.5000, -0.5000] |"), md);
        // integrated-gradients lost instance i0 in the candidate: 3 paired rows, 1 only in the baseline.
        assertTrue(md.contains("| integrated-gradients | 3 | 1 | 0 | 0 | 0 | 0 | 0/0 |"), md);

        // An absolute allowance of 1.0 covers the 0.5 drop.
        AnalysisRuns.Cli allowed = AnalysisRuns.cli("compare", "--baseline", "base", "--candidate", "planted", "--output",
                out.toString(), "--max-drop", "soft-nc=1.0");
        assertEquals(0, allowed.code(), allowed.out());
        // Swapping the roles makes it an improvement, not a regression.
        AnalysisRuns.Cli swapped = AnalysisRuns.cli("compare", "--baseline", "planted", "--candidate", "base", "--output",
                out.toString());
        assertEquals(0, swapped.code(), swapped.out());
    }

    @Test
    void badThresholdsAreUserErrors() throws Exception {
        AnalysisRuns.Cli r = AnalysisRuns.cli("compare", "--baseline", "base", "--candidate", "same", "--output",
                out.toString(), "--max-drop", "sof-nc=0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown threshold name 'sof-nc'; did you mean 'soft-nc'?"), r.err());
        Path file = out.resolve("thresholds.yaml");
        Files.writeString(file, "default: 0\nsoft-nc: lots\n");
        AnalysisRuns.Cli f = AnalysisRuns.cli("compare", "--baseline", "base", "--candidate", "same", "--output",
                out.toString(), "--thresholds", file.toString());
        assertEquals(2, f.code());
        assertTrue(f.err().contains("soft-nc in " + file + "=lots is not a number"), f.err());
    }
}
