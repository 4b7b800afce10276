package org.hetabench.jobs.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.hetabench.jobs.bench.BenchmarkJob;
import org.hetabench.jobs.bench.ItemRunner;
import org.hetabench.jobs.bench.ResolvedRun;
import org.hetabench.jobs.bench.SparkSessions;
import org.hetabench.jobs.bench.SuiteMetricEvaluator;
import org.hetabench.jobs.bench.WorkItem;
import org.hetabench.jobs.config.SuiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overhead}: a benchmark of what Spark costs. Runs the same work items through the plain in-process
 * runner and through the bench job on {@code local[1]} (Parquet written), in alternation, and prints the
 * wall times (best of the repeats), Spark's phases and the overhead in Markdown and JSON. Both runners are
 * warmed up on the same first items before any timed run; the output says what is excluded.
 */
@Command(name = "overhead", mixinStandardHelpOptions = true,
        description = "Benchmark: the same work items in-process vs through Spark local[1]; prints the overhead.")
public final class OverheadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--items", defaultValue = "40", description = "Work items to time (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--repeats", defaultValue = "2", description = "Alternating repetitions of each runner (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> o = new ArrayList<>(suite.overrides);
        o.add("spark.master=local[1]");
        suite.overrides = o;
        SuiteConfig cfg0 = suite.load();
        ResolvedRun plan = ResolvedRun.resolve(cfg0, "overhead");
        List<WorkItem> work = plan.planned().items().subList(0, Math.min(items, plan.planned().items().size()));
        ItemRunner runner = new ItemRunner(cfg0.metrics(), cfg0.metricParams(), new SuiteMetricEvaluator(), false);
        // Warm-up of both runners on the same first items: model load, JIT, native extraction; for Spark
        // also its own first-use costs (class loading, code generation, the Parquet writer), which a long
        // run pays once.
        List<WorkItem> warm = work.subList(0, Math.min(3, work.size()));
        for (WorkItem w : warm) {
            runner.run(w, ItemRunner.modelFor(w, null));
        }
        Path tmp = Files.createTempDirectory("heta-overhead");
        long st = System.nanoTime();
        SparkSession spark = SparkSessions.create("heta-bench overhead", Map.of("master", "local[1]"));
        double startup = (System.nanoTime() - st) / 1e9;
        st = System.nanoTime();
        new BenchmarkJob(plan.cfg().withOutput(tmp.resolve("warm-up").toString()), new SuiteMetricEvaluator(),
                new PrintStream(PrintStream.nullOutputStream())).run(spark, "overhead", warm, Map.of());
        double sparkWarmUp = (System.nanoTime() - st) / 1e9;
        List<Double> plain = new ArrayList<>();
        List<Double> viaSpark = new ArrayList<>();
        List<Double> freshThread = new ArrayList<>();
        List<BenchmarkJob.Outcome> sparkRuns = new ArrayList<>();
        try {
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (WorkItem w : work) {
                    runner.run(w, ItemRunner.modelFor(w, null));
                }
                plain.add((System.nanoTime() - t0) / 1e9);
                // The same loop called from a new thread, as a Spark task calls it: shows that the calling
                // thread does not matter (the model work runs on the JVM's compute thread either way).
                double[] secs = new double[1];
                Thread th = new Thread(() -> {
                    long s0 = System.nanoTime();
                    for (WorkItem w : work) {
                        runner.run(w, ItemRunner.modelFor(w, null));
                    }
                    secs[0] = (System.nanoTime() - s0) / 1e9;
                });
                th.start();
                th.join();
                freshThread.add(secs[0]);
                SuiteConfig cfg = plan.cfg().withOutput(tmp.resolve("r" + r).toString());
                t0 = System.nanoTime();
                BenchmarkJob.Outcome outcome = new BenchmarkJob(cfg, new SuiteMetricEvaluator(),
                        new PrintStream(PrintStream.nullOutputStream())).run(spark, "overhead", work, Map.of());
                viaSpark.add((System.nanoTime() - t0) / 1e9);
                sparkRuns.add(outcome);
            }
        } finally {
            spark.stop();
        }
        double p = plain.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double s = viaSpark.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double overhead = (s - p) / p;
        out.printf("Spark overhead on %d work items (%s; best of %d alternating runs):%n%n", work.size(), cfg0.name(), repeats);
        out.println("| runner | seconds (each run) | best | items/s |");
        out.println("|---|---|---:|---:|");
        out.printf("| in-process | %s | %.2f | %.2f |%n", secs(plain), p, work.size() / p);
        double f = freshThread.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        out.printf("| in-process, called from a new thread | %s | %.2f | %.2f |%n", secs(freshThread), f, work.size() / f);
        out.printf("| Spark local[1] + Parquet | %s | %.2f | %.2f |%n", secs(viaSpark), s, work.size() / s);
        out.printf("%nSpark phases per run: %s%n", sparkRuns.stream().map(r -> "{" + r.phaseText(2) + "}").toList());
        out.printf("Timing: each run from its first item to its last row written (Spark: resume check, items, Parquet"
                + " writes, metrics table); excluded, once per JVM before all runs: model load, the Spark session"
                + " start (%.2f s) and a warm-up of each runner on the first %d items (Spark: %.2f s).%n", startup,
                warm.size(), sparkWarmUp);
        out.printf("%noverhead: %+.1f%% (target: at most +10%%)%n", 100 * overhead);
        if (json != null) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("suite", cfg0.name());
            j.put("items", work.size());
            j.put("inProcessSeconds", plain);
            j.put("inProcessNewThreadSeconds", freshThread);
            j.put("sparkLocal1Seconds", viaSpark);
            j.put("sparkPhaseSeconds", sparkRuns.stream().map(BenchmarkJob.Outcome::phaseSeconds).toList());
            j.put("sparkStartupSecondsExcluded", startup);
            j.put("sparkWarmUpSecondsExcluded", sparkWarmUp);
            j.put("overhead", overhead);
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), j);
        }
        out.flush();
        return 0;
    }

    private static String secs(List<Double> v) {
        return v.stream().map(x -> String.format(java.util.Locale.ROOT, "%.2f", x)).toList().toString();
    }
}
