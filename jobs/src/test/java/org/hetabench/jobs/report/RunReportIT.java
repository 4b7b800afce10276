package org.hetabench.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hetabench.jobs.HetaBench;
import org.hetabench.jobs.bench.ReportFixture;
import org.hetabench.jobs.report.plot.PlotFile;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real bench run (stories260K, HETA in three grid cells plus input×gradient, real
 * metrics; see {@link ReportFixture}): pages, links, plots, provenance and the summary numbers, the
 * latter checked against Spark SQL means over the metrics table.
 */
class RunReportIT {
    static final String RUN = ReportFixture.RUN_ID;

    @Test
    void buildsHeatmapsPlotsAndAnIndexWhoseLinksAllResolve(@TempDir Path dir) throws Exception {
        Path out = ReportFixture.copyTo(dir);
        SparkSession spark = ReportFixture.spark();
        RunReport.Outcome o = RunReport.build(spark, out.toString(), RUN, new RunReport.Options(4, 0, 640, 400));
        // 4 instances × one target each; 4 method/cell rows per target.
        assertEquals(4, o.comparisonPages());
        assertEquals(16, o.heatmapPages());
        assertFalse(o.provenanceAvailable());
        String index = Files.readString(o.index());
        assertTrue(index.contains("provenance unavailable"));
        assertTrue(index.contains("No tables yet"));
        int links = ReportPages.assertLinksResolve(out.resolve(RUN));
        assertTrue(links > 30, "checked " + links + " links");

        // Plots regenerated from the run: ablation, robustness (F1) and runtime drawn; decoding grid skipped.
        Set<String> drawn = new TreeSet<>();
        for (PlotFile p : o.plots()) {
            if (p.skipped()) {
                assertTrue(index.contains(p.note().replace("'", "&#39;")), "skip note of " + p.name() + " on index");
                continue;
            }
            drawn.add(p.name());
            ReportPages.assertImages(o.dir().resolve(p.files().get(0)), o.dir().resolve(p.files().get(1)));
            assertTrue(index.contains("src=\"" + p.files().get(0) + "\""), p.name() + " not on index");
        }
        assertEquals(new TreeSet<>(List.of("ablation-f1", "ablation-soft-nc", "ablation-soft-ns", "bars-golden-f1",
                "bars-golden-soft-nc", "bars-golden-soft-ns", "robustness-f1", "runtime-f1", "runtime-soft-nc",
                "runtime-soft-ns")), drawn);
        assertTrue(o.plots().stream().anyMatch(p -> p.name().equals("decoding-grid-delta") && p.skipped()));

        // Every sampled target has an all-methods page with 4 rows (3 heta cells + input×gradient).
        List<Path> compare;
        try (Stream<Path> st = Files.walk(o.dir().resolve("heatmaps"))) {
            compare = st.filter(p -> p.getFileName().toString().endsWith("-compare.html")).sorted().toList();
        }
        assertEquals(4, compare.size());
        for (Path c : compare) {
            String body = Files.readString(c).split("<div class=\"rows\">", 2)[1];
            assertEquals(4, body.split("<div class=\"hrow\">", -1).length - 1, "4 method rows in " + c);
        }
        // The schema stores only the target's id: g1's target (prompt 1, token 4) is read back from g2's context.
        Row g2 = RunSchema.read(spark, RunStore.table(out.toString(), "attributions"))
                .where(functions.col("run_id").equalTo(RUN).and(functions.col("instance_id").equalTo("g2"))).first();
        Row g1 = RunSchema.read(spark, RunStore.table(out.toString(), "attributions"))
                .where(functions.col("run_id").equalTo(RUN).and(functions.col("instance_id").equalTo("g1"))).first();
        int target = g1.getInt(g1.fieldIndex("target_id"));
        assertEquals(target, (int) g2.<Integer>getList(g2.fieldIndex("ids")).get(4));
        String text = g2.<String>getList(g2.fieldIndex("tokens")).get(4);
        Path g1Page = o.dir().resolve("heatmaps").resolve(RunReport.safe("stories260K")).resolve(RunReport.safe("golden"))
                .resolve(RunReport.safe("g1")).resolve("t4-s0-compare.html");
        assertTrue(Files.readString(g1Page).contains("title=\"target · pos 4 · id " + target + " · &quot;"
                + org.hetabench.jobs.report.html.HtmlText.attribute(text) + "&quot;\""), g1Page.toString());
    }

    @Test
    void summaryMeansAgreeWithSparkSqlOverTheMetricsTable(@TempDir Path dir) throws Exception {
        Path out = ReportFixture.copyTo(dir);
        SparkSession spark = ReportFixture.spark();
        RunReport.Outcome o = RunReport.build(spark, out.toString(), RUN, new RunReport.Options(0, 0, 640, 400));
        String index = Files.readString(o.index());
        // NaN values are excluded from a mean (and counted apart); avg/count skip the nulls this makes.
        org.apache.spark.sql.Column finite = functions.when(functions.not(functions.isnan(functions.col("value"))),
                functions.col("value"));
        List<Row> means = spark.read().parquet(RunStore.table(out.toString(), "metrics"))
                .where(functions.col("run_id").equalTo(RUN)).groupBy("dataset", "method", "cell", "metric")
                .agg(functions.avg(finite), functions.count(finite)).orderBy("method", "cell", "metric")
                .collectAsList();
        assertEquals(4 * ReportFixture.METRICS.size(), means.size());
        for (Row r : means) {
            String label = r.getString(2).equals("default") ? r.getString(1) : r.getString(1) + " [" + r.getString(2) + "]";
            Matcher row = Pattern.compile("<tr><td>" + Pattern.quote(r.getString(0)) + "</td><td>" + Pattern.quote(label)
                    + "</td><td class=\"num\">(\\d+)</td>(.*?)</tr>").matcher(index);
            assertTrue(row.find(), "summary row of " + label);
            assertEquals(ReportFixture.instances(), Integer.parseInt(row.group(1)));
            List<Double> cells = new ArrayList<>();
            List<Long> ns = new ArrayList<>();
            Matcher v = Pattern.compile("values(?:, \\d+ NaN excluded)?\">([^ <]+) <span class=\"note\">\\(n=(\\d+)\\)").matcher(row.group(2));
            while (v.find()) {
                cells.add(Double.parseDouble(v.group(1)));
                ns.add(Long.parseLong(v.group(2)));
            }
            int col = List.of("f1", "soft-nc", "soft-ns").indexOf(r.getString(3));
            assertEquals(r.getLong(5), ns.get(col), label + " " + r.getString(3) + ": values behind the mean");
            double expected = r.getDouble(4);
            assertEquals(expected, cells.get(col), 5e-6 * Math.max(1, Math.abs(expected)), label + " " + r.getString(3));
        }
    }

    @Test
    void provenanceComesFromRunJsonElseTheRunsTableAndTablesAreLinked(@TempDir Path dir) throws Exception {
        Path out = ReportFixture.copyTo(dir);
        SparkSession spark = ReportFixture.spark();
        StructType schema = new StructType().add("run_id", DataTypes.StringType).add("suite", DataTypes.StringType)
                .add("git_revision", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create(RUN, "table5", "deadbeef")), schema).write().partitionBy("run_id")
                .parquet(RunStore.table(out.toString(), "runs"));
        Files.createDirectories(out.resolve(RUN).resolve("tables"));
        Files.writeString(out.resolve(RUN).resolve("tables/table 5.md"), "| a |\n");
        Files.writeString(out.resolve(RUN).resolve("summary.md"), "# fx\n");
        RunReport.Outcome o = RunReport.build(spark, out.toString(), RUN, new RunReport.Options(1, 0, 640, 400));
        String index = Files.readString(o.index());
        assertTrue(o.provenanceAvailable());
        assertTrue(index.contains("<dt>git_revision</dt><dd>deadbeef</dd>"), "runs table provenance");
        assertTrue(index.contains("<a href=\"tables/table%205.md\">tables/table 5.md</a>"));
        assertTrue(index.contains("<a href=\"summary.md\">summary.md</a>"));

        Files.writeString(out.resolve(RUN).resolve("run.json"), "{\"run_id\":\"fx\",\"git_revision\":\"abc<script>\"}");
        index = Files.readString(RunReport.build(spark, out.toString(), RUN, new RunReport.Options(1, 0, 640, 400)).index());
        assertTrue(index.contains("<dt>git_revision</dt><dd>abc&lt;script&gt;</dd>"), "run.json wins over the table");
        ReportPages.assertLinksResolve(out.resolve(RUN));
    }

    @Test
    void anUnknownRunNamesTheRunsThatExist(@TempDir Path dir) {
        Path out = ReportFixture.copyTo(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.build(ReportFixture.spark(), out.toString(), "nope", RunReport.Options.defaults()));
        assertTrue(e.getMessage().contains("Run 'nope' has no rows") && e.getMessage().contains("Runs there: fx"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.build(ReportFixture.spark(), out.toString(), "xf", RunReport.Options.defaults()));
        assertTrue(e.getMessage().contains("did you mean 'fx'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.build(ReportFixture.spark(), dir.resolve("empty").toString(), RUN, RunReport.Options.defaults()));
        assertTrue(e.getMessage().contains("No attributions table"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.build(ReportFixture.spark(), out.toString(), "../x", RunReport.Options.defaults()));
        assertTrue(e.getMessage().contains("not a plain directory name"), e.getMessage());
    }

    @Test
    void theReportSubcommandRebuildsTheReport(@TempDir Path dir) throws Exception {
        Path out = ReportFixture.copyTo(dir);
        ReportFixture.spark();
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        int code = HetaBench.execute(new String[] {"report", RUN, "--output", out.toString(), "--heatmaps-per-dataset", "1"},
                new PrintWriter(so), new PrintWriter(se));
        assertEquals(0, code, se.toString());
        assertTrue(so.toString().contains("heatmaps: 4 pages, 1 all-methods views"), so.toString());
        assertTrue(so.toString().contains("skipped Decoding-grid sensitivity"), so.toString());
        assertTrue(Files.isRegularFile(out.resolve(RUN).resolve("index.html")));
        // Bad input is a user error (exit 2) before any Spark work.
        so.getBuffer().setLength(0);
        se.getBuffer().setLength(0);
        assertEquals(2, HetaBench.execute(new String[] {"report", RUN, "--heatmaps-per-dataset", "-1"}, new PrintWriter(so),
                new PrintWriter(se)));
        assertTrue(se.toString().contains("--heatmaps-per-dataset must be >= 0"), se.toString());
        se.getBuffer().setLength(0);
        assertEquals(2, HetaBench.execute(new String[] {"report", RUN, "--output", "s3a://bucket/runs"}, new PrintWriter(so),
                new PrintWriter(se)));
        assertTrue(se.toString().contains("written to a local directory"), se.toString());
        // The shared session was stopped by the command; the next user gets a fresh one.
        assertEquals(1, ReportFixture.spark().range(1).count());
    }

}
