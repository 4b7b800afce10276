package org.hetabench.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hetabench.jobs.bench.BenchmarkJob;
import org.hetabench.jobs.bench.ManifestInstanceSource;
import org.hetabench.jobs.bench.ResolvedRun;
import org.hetabench.jobs.bench.RunSummary;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.bench.SuiteMetricEvaluator;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.report.Provenance;
import org.hetabench.jobs.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: runs a suite. Embedded (plain {@code java}) it runs on local Spark; under
 * {@code spark-submit} (see run-cluster.sh) on the cluster. Re-running with the same {@code --run-id}
 * resumes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a suite (conf/suites/NAME.yaml): models x datasets x methods x metrics x grid, sharded on Spark.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--run-id", description = "Run id; an existing id resumes (default: SUITE-yyyyMMdd-HHmmss).")
    String runId;

    @Option(names = "--fail-fast", description = "Abort on the first failing item instead of recording a failure row.")
    boolean failFast;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> overrides = new ArrayList<>(suite.overrides);
        if (failFast) {
            overrides.add("failFast=true");
        }
        suite.overrides = overrides;
        SuiteConfig cfg = suite.load();
        String id = runId != null ? runId
                : cfg.name() + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ResolvedRun plan = ResolvedRun.resolve(cfg, id);
        SparkSession spark = SparkSessions.create("heta-bench " + cfg.name() + " " + id, cfg.spark());
        try {
            BenchmarkJob job = new BenchmarkJob(plan.cfg(), new SuiteMetricEvaluator(), WriterStream.of(out));
            out.printf("run %s: %d work items (%s), output %s%n", id, plan.planned().items().size(),
                    plan.planned().instancesPerDataset(), cfg.output());
            out.flush();
            BenchmarkJob.Outcome o = job.run(spark, id, plan.planned().items(), plan.planned().quarantined());
            // Collected once: the runs table and run.json carry the same created_at and hashes.
            Map<String, String> provenance = provenance(spark, plan.cfg(), id, plan.weightHashes());
            writeRunTable(spark, plan.cfg(), id, provenance);
            String summary = RunSummary.markdown(spark, cfg.output(), id, o);
            writeHumanFiles(cfg.output(), id, summary, provenance);
            out.println();
            out.println(summary);
            out.flush();
            if (o.allFailed()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("error: all " + o.rows() + " target rows of run " + id + " failed; the failures by class and"
                        + " message are in " + Path.of(cfg.output(), id, "summary.md"));
                err.flush();
                return 1;
            }
            return o.failures() > 0 && cfg.failFast() ? 1 : 0;
        } finally {
            spark.stop();
        }
    }

    /** Provenance of a run (config, seeds, Spark version, weights and manifest hashes): collect it once per run. */
    static Map<String, String> provenance(SparkSession spark, SuiteConfig cfg, String id, Map<String, String> hashes) {
        Map<String, String> manifests = new LinkedHashMap<>();
        try {
            var reg = org.hetabench.evaluation.data.ManifestRegistry.loadDefault();
            for (var d : cfg.datasets()) {
                for (String m : ManifestInstanceSource.dataset(d.name()).manifests()) {
                    manifests.put(m, Provenance.sha256(reg.directory().resolve(m + ".yaml")));
                }
            }
        } catch (RuntimeException e) {
            manifests.put("error", e.getMessage());
        }
        return Provenance.collect(id, cfg.name(), cfg.resolvedYaml(), cfg.hash(), cfg.seeds(), spark.version(), hashes,
                manifests);
    }

    private static void writeRunTable(SparkSession spark, SuiteConfig cfg, String id, Map<String, String> p) {
        List<StructField> fields = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        p.forEach((k, v) -> {
            if (!k.equals("run_id")) {
                fields.add(DataTypes.createStructField(k, DataTypes.StringType, true));
                values.add(v);
            }
        });
        fields.add(DataTypes.createStructField("run_id", DataTypes.StringType, false));
        values.add(id);
        Row row = RowFactory.create(values.toArray());
        spark.createDataFrame(List.of(row), new StructType(fields.toArray(new StructField[0]))).coalesce(1).write()
                .mode(SaveMode.Overwrite).partitionBy("run_id").parquet(RunStore.table(cfg.output(), "runs"));
    }

    /** run.json and summary.md under OUTPUT/RUN_ID/ (local outputs only; on s3a the tables carry everything). */
    private static void writeHumanFiles(String output, String id, String summary, Map<String, String> provenance)
            throws java.io.IOException {
        if (output.contains("://")) {
            return;
        }
        Path dir = Path.of(output, id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.md"), summary);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("run.json").toFile(), provenance);
    }
}
