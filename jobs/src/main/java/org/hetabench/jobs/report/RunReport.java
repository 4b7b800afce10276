package org.hetabench.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.hetabench.core.util.Seeds;
import org.hetabench.jobs.report.html.HeatmapPage;
import org.hetabench.jobs.report.html.IndexPage;
import org.hetabench.jobs.report.html.ScoreScale;
import org.hetabench.jobs.report.plot.PlotFile;
import org.hetabench.jobs.report.plot.RunPlots;
import org.hetabench.jobs.store.MetricRow;
import org.hetabench.jobs.store.RunReader;
import org.hetabench.jobs.store.TargetRow;

/**
 * Builds the human-facing report of one run under {@code R/ID/}: {@code index.html}, {@code heatmaps/}
 * (one page per sampled target and method, plus an all-methods view per target) and {@code plots/}
 * (PNG + SVG). Reads the run's Parquet tables; rebuilding replaces {@code heatmaps/} and {@code plots/}
 * and leaves every other file of the directory (tables/, run.json, summary.md) alone.
 */
public final class RunReport {

    /**
     * Report options.
     *
     * @param heatmapsPerDataset instances per dataset that get heatmaps ({@code >= 0})
     * @param sampleSeed seed of the heatmap sample
     * @param plotWidth plot width in pixels
     * @param plotHeight plot height in pixels
     */
    public record Options(int heatmapsPerDataset, long sampleSeed, int plotWidth, int plotHeight,
                          ScoreScale.Rule scale) {
        public Options {
            if (heatmapsPerDataset < 0) {
                throw new IllegalArgumentException("--heatmaps-per-dataset must be >= 0, got " + heatmapsPerDataset);
            }
            if (scale == null) {
                scale = ScoreScale.Rule.defaults();
            }
        }

        /** Options with the default (robust, 98th percentile) heatmap colour scale. */
        public Options(int heatmapsPerDataset, long sampleSeed, int plotWidth, int plotHeight) {
            this(heatmapsPerDataset, sampleSeed, plotWidth, plotHeight, ScoreScale.Rule.defaults());
        }

        /** 5 instances per dataset, seed 0, 800 × 500 plots. */
        public static Options defaults() {
            return new Options(5, 0, 800, 500);
        }
    }

    /**
     * What was written.
     *
     * @param dir the run's report directory {@code R/ID}
     * @param index the index page
     * @param heatmapPages single-method heatmap pages written
     * @param comparisonPages all-methods pages written
     * @param plots written and skipped plots
     * @param provenanceAvailable whether provenance was found
     */
    public record Outcome(Path dir, Path index, int heatmapPages, int comparisonPages, List<PlotFile> plots,
                          boolean provenanceAvailable) {}

    private RunReport() {}

    /** The local directory of an output root given as a path or {@code file:} URI. */
    public static Path localRoot(String output) {
        if (output.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !output.matches("^[A-Za-z]:[\\\\/].*")) {
            if (output.startsWith("file:")) {
                return Path.of(URI.create(output));
            }
            throw new IllegalArgumentException("The report is written to a local directory, but --output is " + output
                    + ". Copy the run's tables to local disk (e.g. hadoop fs -get) and pass that directory as --output.");
        }
        return Path.of(output);
    }

    /** Builds (or rebuilds) the report of {@code runId} under the output root {@code output}. */
    public static Outcome build(SparkSession spark, String output, String runId, Options options) {
        if (runId.isBlank() || runId.contains("/") || runId.contains("\\") || runId.equals(".") || runId.equals("..")) {
            throw new IllegalArgumentException("Run id '" + runId + "' is not a plain directory name; give the id the bench "
                    + "job printed (the run_id=ID partition under tables/attributions).");
        }
        Path runDir = localRoot(output).resolve(runId);
        RunReader tables = new RunReader(spark, output, runId);
        List<TargetRow> targets = tables.targets();
        List<MetricRow> metrics = tables.metrics(targets);
        Map<String, String> provenance = tables.provenance(runDir);
        try {
            Files.createDirectories(runDir);
            clear(runDir.resolve("heatmaps"));
            clear(runDir.resolve("plots"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + runDir + ": " + e.getMessage(), e);
        }

        List<TargetRow.InstanceKey> sample = InstanceSample.draw(targets.stream().map(TargetRow::instance).toList(),
                options.heatmapsPerDataset(), options.sampleSeed());
        List<TargetRow> detailed = new ArrayList<>(tables.detailed(sample));
        detailed.sort(Comparator.comparing(TargetRow::instance).thenComparingInt(TargetRow::targetPosition)
                .thenComparingLong(TargetRow::seed).thenComparing(TargetRow::label));
        Map<String, Map<Integer, String>> pieces = pieces(tables, detailed);
        List<IndexPage.HeatmapLinks> links = new ArrayList<>();
        int singles = writeHeatmaps(runDir, detailed, pieces, links, options.scale());

        List<PlotFile> plots = new RunPlots(options.plotWidth(), options.plotHeight()).write(runDir, metrics, targets);
        String html = IndexPage.render(runId, provenance, targets, metrics, files(runDir), plots, links,
                options.heatmapsPerDataset());
        Path index = runDir.resolve("index.html");
        write(index, html);
        return new Outcome(runDir, index, singles, links.size(), plots, !provenance.isEmpty());
    }

    /** Token text of every target id of the sampled rows, per model (from their own contexts first, then the run). */
    private static Map<String, Map<Integer, String>> pieces(RunReader tables, List<TargetRow> rows) {
        Map<String, Map<Integer, String>> known = new HashMap<>();
        Map<String, Set<Integer>> wanted = new TreeMap<>();
        for (TargetRow r : rows) {
            Map<Integer, String> k = known.computeIfAbsent(r.model(), m -> new HashMap<>());
            for (int i = 0; i < Math.min(r.ids().length, r.tokens().size()); i++) {
                k.putIfAbsent(r.ids()[i], r.tokens().get(i));
            }
            wanted.computeIfAbsent(r.model(), m -> new HashSet<>()).add(r.targetId());
        }
        wanted.forEach((model, ids) -> {
            Set<Integer> missing = new HashSet<>(ids);
            missing.removeAll(known.get(model).keySet());
            known.get(model).putAll(tables.pieces(model, missing));
        });
        return known;
    }

    private static int writeHeatmaps(Path runDir, List<TargetRow> rows, Map<String, Map<Integer, String>> pieces,
                                     List<IndexPage.HeatmapLinks> links, ScoreScale.Rule scale) {
        record Group(TargetRow.InstanceKey instance, int position, long seed) {}
        Map<Group, List<TargetRow>> groups = new LinkedHashMap<>();
        for (TargetRow r : rows) {
            groups.computeIfAbsent(new Group(r.instance(), r.targetPosition(), r.seed()), g -> new ArrayList<>()).add(r);
        }
        int singles = 0;
        for (Map.Entry<Group, List<TargetRow>> e : groups.entrySet()) {
            Group g = e.getKey();
            String dir = "heatmaps/" + safe(g.instance().model()) + "/" + safe(g.instance().dataset()) + "/"
                    + safe(g.instance().instanceId());
            String stem = "t" + g.position() + "-s" + g.seed();
            String up = "../../../../";
            String compare = dir + "/" + stem + "-compare.html";
            Map<String, String> methodLinks = new LinkedHashMap<>();
            Set<String> used = new HashSet<>();
            String targetText = null;
            for (TargetRow r : e.getValue()) {
                targetText = pieces.getOrDefault(r.model(), Map.of()).get(r.targetId());
                String file = stem + "-" + safe(r.label());
                while (!used.add(file)) {
                    file = file + "_";
                }
                String href = dir + "/" + file + ".html";
                Map<String, String> nav = new LinkedHashMap<>();
                nav.put("run index", up + "index.html");
                nav.put("all methods on this target", stem + "-compare.html");
                write(runDir.resolve(href), HeatmapPage.single(r, targetText, nav, scale));
                methodLinks.put(r.label(), href);
                singles++;
            }
            Map<String, String> nav = new LinkedHashMap<>();
            nav.put("run index", up + "index.html");
            write(runDir.resolve(compare), HeatmapPage.comparison(e.getValue(), targetText, nav, scale));
            links.add(new IndexPage.HeatmapLinks(g.instance(), g.position(), g.seed(), compare, methodLinks));
        }
        return singles;
    }

    /** Files of the run directory worth linking: tables/* (written by the tables job), summary.md, run.json. */
    private static Map<String, String> files(Path runDir) {
        Map<String, String> out = new TreeMap<>();
        for (String f : List.of("summary.md", "run.json")) {
            if (Files.isRegularFile(runDir.resolve(f))) {
                out.put(f, f);
            }
        }
        Path tables = runDir.resolve("tables");
        if (Files.isDirectory(tables)) {
            try (Stream<Path> s = Files.walk(tables)) {
                s.filter(Files::isRegularFile).sorted().forEach(p -> {
                    String rel = runDir.relativize(p).toString().replace('\\', '/');
                    out.put(rel, href(rel));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + tables + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A relative href for a path of plain file names (percent-encodes what a URL path cannot hold). */
    static String href(String rel) {
        StringBuilder sb = new StringBuilder();
        for (byte b : rel.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "/-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append(String.format("%%%02X", c));
            }
        }
        return sb.toString();
    }

    /**
     * A file-name-safe form of a name: readable stem plus a hash of the original, so distinct names
     * (including hostile ones like {@code ../x} or {@code <script>}) never collide or escape the directory.
     */
    static String safe(String name) {
        // No "..", no leading dot or dash: a stem is never a parent reference, hidden file or option.
        String stem = RunPlots.slug(name).replaceAll("\\.{2,}", ".").replaceAll("^[.-]+", "");
        if (stem.length() > 60) {
            stem = stem.substring(0, 60);
        }
        return (stem.isEmpty() ? "x" : stem) + "-" + String.format("%08x", (int) Seeds.hash(name));
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
