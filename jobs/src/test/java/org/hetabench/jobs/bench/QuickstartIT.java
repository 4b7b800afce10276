package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.HetaBench;
import org.hetabench.jobs.report.Browser;
import org.hetabench.jobs.store.RunSchema;
import org.junit.jupiter.api.Assumptions;
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
        assertEquals(Arrays.asList(RunSchema.ATTRIBUTIONS.fieldNames()), Arrays.asList(a.schema().fieldNames()));
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

        reportNamesEveryMethodAndItsHeatmapsAreReadableInTheBrowser(out);
    }

    /**
     * The report of the same run: every runtime-vs-quality SVG names all four methods, and the heatmaps
     * of a curated instance of 200+ tokens (HETA page, IG page, all-methods page) laid out by Chromium at
     * 1280 pixels carry visible colour on at least a quarter of the tokens and do not scroll sideways.
     */
    static void reportNamesEveryMethodAndItsHeatmapsAreReadableInTheBrowser(Path out) throws Exception {
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = HetaBench.execute(new String[] {"report", "qs", "--output", out.toString(), "--heatmaps-per-dataset", "20"},
                new PrintWriter(so, true), new PrintWriter(se, true));
        assertEquals(0, code, so + "\n" + se);
        Path run = out.resolve("qs");
        List<Path> runtime;
        try (Stream<Path> st = Files.list(run.resolve("plots"))) {
            runtime = st.filter(p -> p.getFileName().toString().matches("runtime-.*\\.svg")).sorted().toList();
        }
        assertEquals(4, runtime.size(), runtime.toString());
        for (Path svg : runtime) {
            String text = Files.readString(svg);
            String desc = text.substring(text.indexOf("<desc>"), text.indexOf("</desc>"));
            for (String m : List.of("heta LR-64", "integrated-gradients", "input-x-gradient", "attention-rollout")) {
                assertTrue(desc.contains(m), m + " not named in " + svg.getFileName() + ": " + desc);
            }
        }
        // The curated instance with the most context tokens among the sampled ones.
        Path compare = null;
        int most = 0;
        try (Stream<Path> st = Files.walk(run.resolve("heatmaps"))) {
            for (Path p : st.filter(p -> p.toString().contains("curated") && p.toString().endsWith("-compare.html")).toList()) {
                Path heta = heatmap(p, "heta");
                int n = heta == null ? 0 : Files.readString(heta).split("<span class=\"tok", -1).length - 1;
                if (n > most) {
                    most = n;
                    compare = p;
                }
            }
        }
        assertTrue(most >= 200, "no sampled curated instance has 200 tokens; the longest has " + most);
        Assumptions.assumeTrue(Browser.available(),
                "headless Chromium not installed at /usr/bin/chromium (apt-get install chromium); browser checks skipped");
        Path shots = Path.of("target", "chromium");
        Files.createDirectories(shots);
        Map<String, Path> pages = new LinkedHashMap<>();
        pages.put("heta", heatmap(compare, "heta"));
        pages.put("integrated-gradients", heatmap(compare, "integrated-gradients"));
        pages.put("all-methods", compare);
        for (Map.Entry<String, Path> e : pages.entrySet()) {
            Browser.Layout l = Browser.measure(e.getValue(), 1280, out);
            System.out.printf("quickstart %s page (%d tokens): %.0f%% visibly coloured, width %d of %d%n", e.getKey(),
                    l.tokens(), 100 * l.colouredShare(), l.scrollWidth(), l.innerWidth());
            assertTrue(l.tokens() >= 200, e.getKey() + ": " + l);
            assertTrue(l.colouredShare() >= 0.25, e.getKey() + " page: only " + l.coloured() + " of " + l.tokens()
                    + " tokens visibly coloured");
            assertFalse(l.scrollsSideways(), e.getKey() + " page scrolls sideways at 1280 px: " + l);
            Path shot = shots.resolve("quickstart-" + e.getKey() + ".png").toAbsolutePath();
            Files.deleteIfExists(shot);
            assertEquals(0, Browser.run(out, "--hide-scrollbars", "--window-size=1280,1600", "--screenshot=" + shot,
                    e.getValue().toUri().toString()).exit());
            assertTrue(Files.size(shot) > 0, shot.toString());
        }
    }

    /** The single-method heatmap beside an all-methods page ({@code tN-sS-METHOD.html}). */
    static Path heatmap(Path compare, String method) throws java.io.IOException {
        String stem = compare.getFileName().toString().replace("-compare.html", "");
        try (Stream<Path> st = Files.list(compare.getParent())) {
            return st.filter(p -> p.getFileName().toString().startsWith(stem + "-" + method)
                    && p.getFileName().toString().endsWith(".html")).findFirst().orElse(null);
        }
    }
}
