package org.hetabench.jobs.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.evaluation.metrics.GoldAnnotation;
import org.hetabench.evaluation.metrics.Metric;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricContext;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.hetabench.evaluation.metrics.MetricValue;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.SuiteConfig;

/**
 * A real bench run for report tests, produced once per test JVM with the shared local Spark session:
 * stories260K on four golden-prompt instances, HETA in three grid cells (ablation none and kl-only,
 * variant GS; {@code heta.hvp.samples=1}) plus input×gradient as a signed baseline, with Soft-NC,
 * Soft-NS and token F1 (gold = the instance's evidence position) evaluated by the evaluation module.
 */
public final class ReportFixture {
    /** The run id of the fixture run. */
    public static final String RUN_ID = "fx";
    /** Metrics evaluated on every target. */
    public static final List<String> METRICS = List.of("soft-nc", "soft-ns", "f1");
    private static Path root;
    private static int instances;

    private ReportFixture() {}

    /** The shared Spark session of the tests. */
    public static SparkSession spark() {
        return TestSpark.get();
    }

    /** Output root holding the fixture run (built on first use). */
    public static synchronized Path output() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("heta-report-fixture");
                Path dir = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (var s = Files.walk(dir)) {
                        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (java.io.IOException | RuntimeException e) {
                        // best effort: a temp directory left behind is harmless
                    }
                }));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            SuiteConfig base = TestSuites.suite(root.toString(), List.of("heta", "input-x-gradient"),
                    Map.of("heta.hvp.samples", "1"), 16);
            List<Map<String, String>> grid = List.of(Map.of("heta.ablation", "none"), Map.of("heta.ablation", "kl-only"),
                    Map.of("heta.variant", "GS"));
            SuiteConfig cfg = new SuiteConfig(base.name(), base.description(), base.models(),
                    List.of(new DatasetSpec("golden", 0, 0)), base.methods(), base.params(), grid, METRICS, Map.of(),
                    base.seeds(), base.output(), base.spark(), false, base.resolvedYaml(), base.hash());
            List<BenchInstance> chosen = new ArrayList<>(TestSuites.instances().subList(0, 4));
            instances = chosen.size();
            InstanceSource src = (ds, tok, max, seed) -> new InstanceSource.Batch(chosen, Map.of());
            List<WorkItem> items = new RunPlanner(src, m -> new RunPlanner.ModelInfo(null, 512)).plan(cfg, RUN_ID).items();
            new BenchmarkJob(cfg, new SuiteMetricEvaluator(), new PrintStream(PrintStream.nullOutputStream()))
                    .run(spark(), RUN_ID, items, Map.of());
        }
        return root;
    }

    /**
     * A copy of the fixture run's tables under a new output root, for tests that add files (run.json,
     * tables) or rebuild the report without disturbing other test classes.
     */
    public static Path copyTo(Path dir) {
        Path src = output();
        try (var s = Files.walk(src.resolve("tables"))) {
            for (Path p : s.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    /** Number of instances in the fixture run. */
    public static synchronized int instances() {
        output();
        return instances;
    }

}
