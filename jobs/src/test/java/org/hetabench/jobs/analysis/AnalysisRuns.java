package org.hetabench.jobs.analysis;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.jobs.HetaBench;
import org.hetabench.jobs.bench.BenchInstance;
import org.hetabench.jobs.bench.BenchmarkJob;
import org.hetabench.jobs.bench.InstanceSource;
import org.hetabench.jobs.bench.RunPlanner;
import org.hetabench.jobs.bench.SuiteMetricEvaluator;
import org.hetabench.jobs.bench.WorkItem;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;

/**
 * Real runs for the analysis tests: the bench job on local Spark with stories260K (under any preset name),
 * golden-prompt instances with their next token as target, and metrics from the evaluation module.
 */
final class AnalysisRuns {
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private AnalysisRuns() {}

    /** The test JVM's shared local session (same settings as the bench tests, so either may create it). */
    static synchronized SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("heta-bench-tests")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2").config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                .getOrCreate();
    }

    /** stories260K under the preset name {@code name} (e.g. gpt-j-6b, so a paper table applies). */
    static ModelPreset preset(String name) {
        return new ModelPreset(name, SharedFiles.stories260K().toString(), name, "float32", 16, Map.of());
    }

    /** {@code n} prefixes of the golden prompts as instances of {@code dataset}, target = the prompt's next id. */
    static List<BenchInstance> instances(String dataset, int n) {
        List<BenchInstance> out = new ArrayList<>();
        var prompts = SharedFiles.json("golden/stories260K-forward.json").get("prompts");
        for (var p : prompts) {
            int[] ids = SharedFiles.ints(p.get("ids"));
            for (int cut = 5; cut < ids.length && out.size() < n; cut += 5) {
                int[] ctx = java.util.Arrays.copyOf(ids, cut);
                boolean[] prot = new boolean[ctx.length];
                prot[0] = true;
                out.add(new BenchInstance(dataset, "i" + out.size(), ctx, ids[cut], 0, new int[] {ctx.length - 1}, prot,
                        Map.of(), Map.of()));
            }
        }
        if (out.size() < n) {
            throw new IllegalStateException("the golden prompts give only " + out.size() + " instances");
        }
        return out;
    }

    static SuiteConfig suite(String name, String output, String model, String dataset, List<String> methods,
                             Map<String, String> params, List<String> metrics, List<Long> seeds) {
        return new SuiteConfig(name, "", List.of(preset(model)), List.of(new DatasetSpec(dataset, 0, 0)), methods, params,
                List.of(Map.of()), metrics, Map.of(), seeds, output, Map.of("chunkSize", "64", "partitions", "2"), false,
                "suite: " + name + "\n", "hash-" + name);
    }

    static List<WorkItem> items(SuiteConfig cfg, String runId, List<BenchInstance> instances) {
        InstanceSource src = (ds, tok, max, seed) -> new InstanceSource.Batch(instances, Map.of());
        return new RunPlanner(src, m -> new RunPlanner.ModelInfo(null, 512)).plan(cfg, runId).items();
    }

    /** Runs the suite as {@code runId} through the bench job. */
    static void run(SuiteConfig cfg, String runId, List<BenchInstance> instances) {
        new BenchmarkJob(cfg, new SuiteMetricEvaluator(), QUIET).run(spark(), runId, items(cfg, runId, instances), Map.of());
    }

    /** The run's attribution rows, read plainly from Parquet (no code under test). */
    static List<Row> rows(String output, String runId) {
        return spark().read().schema(RunSchema.ATTRIBUTIONS).parquet(RunStore.table(output, "attributions"))
                .where(functions.col("run_id").equalTo(runId)).collectAsList();
    }

    static double metric(Row r, String name) {
        Map<String, Double> m = r.getJavaMap(r.fieldIndex("metrics"));
        Double v = m.get(name);
        if (v == null) {
            throw new AssertionError("row " + r.getString(r.fieldIndex("item_key")) + " has no " + name + ": "
                    + r.getJavaMap(r.fieldIndex("metric_failures")));
        }
        return v;
    }

    record Cli(int code, String out, String err) {}

    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HetaBench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }
}
