package org.hetabench.jobs.report.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hetabench.jobs.store.MetricRow;
import org.hetabench.jobs.store.TargetRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a run, drawn with XChart from its metric and target rows and written as PNG and SVG:
 * <ul>
 *   <li>ablation bars (HETA paper Figure 2a–c): mean metric per {@code heta.ablation} cell;</li>
 *   <li>robustness bars (Figure 3a–c): sensitivity, active/passive robustness and F1 per method or variant;</li>
 *   <li>decoding-grid Δ% per method, from metrics named {@code decoding-grid-delta[:.]BASE} (Tables 2/11);</li>
 *   <li>runtime vs quality of the HETA cells (Tables 9, 10, 12): mean seconds per target against a metric.</li>
 * </ul>
 * A plot whose data is absent from the run is returned as skipped with the reason, never drawn from
 * made-up values. Every mean is over targets with a finite value; NaN values are counted and reported.
 */
public final class RunPlots {
    /** Ablation order of the paper's Table 5 / Figure 2; other values follow alphabetically. */
    static final List<String> ABLATION_ORDER = List.of("none", "transition-only", "hessian-only", "kl-only", "no-gate",
            "uniform-gate");
    /** Prefix of decoding-grid Δ% metric names (the name of {@code DecodingGridDelta.info}). */
    public static final String GRID_DELTA = "decoding-grid-delta";
    private static final Pattern CELL_KEY = Pattern.compile("(?:^|,)([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)+)=");

    private final int width;
    private final int height;

    /** Plots of {@code width × height} pixels (PNG) / points (SVG). */
    public RunPlots(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("plot size must be at least 100x100, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Draws every plot the data supports into {@code runDir/plots/} and returns all of them, the skipped
     * ones with their reason.
     */
    public List<PlotFile> write(Path runDir, List<MetricRow> metrics, List<TargetRow> targets) {
        List<PlotFile> out = new ArrayList<>();
        out.addAll(ablation(runDir, metrics));
        out.addAll(robustness(runDir, metrics));
        out.add(decodingGrid(runDir, metrics));
        out.addAll(runtime(runDir, metrics, targets));
        out.addAll(datasetBars(runDir, targets));
        return out;
    }

    /** Parses a cell label {@code a.b=1,c.d=x,y} into key → value (values may contain commas). */
    public static Map<String, String> parseCell(String cell) {
        Map<String, String> out = new LinkedHashMap<>();
        if (cell == null || cell.equals("default")) {
            return out;
        }
        Matcher m = CELL_KEY.matcher(cell);
        List<int[]> starts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            keys.add(m.group(1));
        }
        for (int i = 0; i < keys.size(); i++) {
            int end = i + 1 < keys.size() ? starts.get(i + 1)[0] : cell.length();
            out.put(keys.get(i), cell.substring(starts.get(i)[1], end));
        }
        return out;
    }

    List<PlotFile> ablation(Path runDir, List<MetricRow> metrics) {
        String fig = "Figure 2a–c / Table 5";
        Map<String, Map<String, Mean>> perMetric = new TreeMap<>();
        for (MetricRow r : metrics) {
            Map<String, String> cell = parseCell(r.cell());
            if (!r.method().equals("heta") || !cell.containsKey("heta.ablation") || r.metric().startsWith(GRID_DELTA)) {
                continue;
            }
            String ablation = cell.remove("heta.ablation");
            String category = cell.isEmpty() ? ablation : ablation + " (" + rest(cell) + ")";
            perMetric.computeIfAbsent(r.metric(), k -> new LinkedHashMap<>()).computeIfAbsent(category, k -> new Mean())
                    .add(r.value());
        }
        if (perMetric.isEmpty()) {
            return List.of(PlotFile.skipped("ablation", "HETA component ablation", fig,
                    "no heta rows with a heta.ablation grid cell and metric values in this run"));
        }
        List<PlotFile> out = new ArrayList<>();
        perMetric.forEach((metric, cats) -> {
            List<String> order = new ArrayList<>(cats.keySet());
            order.sort(Comparator.comparingInt((String c) -> {
                int i = ABLATION_ORDER.indexOf(c.split(" ", 2)[0]);
                return i < 0 ? ABLATION_ORDER.size() : i;
            }).thenComparing(c -> c));
            out.add(bars(runDir, "ablation-" + slug(metric), "HETA ablation: " + metric, fig, "heta.ablation", metric,
                    order, cats));
        });
        return out;
    }

    /** Whether a metric belongs to the robustness figure (sensitivity, active/passive, token F1). */
    static boolean robustnessMetric(String m) {
        return m.equals("sensitivity") || m.startsWith("active-passive") || m.equals("f1") || m.startsWith("f1-");
    }

    List<PlotFile> robustness(Path runDir, List<MetricRow> metrics) {
        String fig = "Figure 3a–c / Tables 7–8";
        Map<String, Map<String, Mean>> perMetric = new TreeMap<>();
        for (MetricRow r : metrics) {
            if (robustnessMetric(r.metric())) {
                perMetric.computeIfAbsent(r.metric(), k -> new TreeMap<>()).computeIfAbsent(r.label(), k -> new Mean())
                        .add(r.value());
            }
        }
        if (perMetric.isEmpty()) {
            return List.of(PlotFile.skipped("robustness", "Robustness: sensitivity, active/passive, F1", fig,
                    "no sensitivity, active-passive or f1 metric rows in this run"));
        }
        List<PlotFile> out = new ArrayList<>();
        perMetric.forEach((metric, cats) -> out.add(bars(runDir, "robustness-" + slug(metric), "Robustness: " + metric, fig,
                "method [cell]", metric, new ArrayList<>(cats.keySet()), cats)));
        return out;
    }

    PlotFile decodingGrid(Path runDir, List<MetricRow> metrics) {
        String fig = "Tables 2 and 11";
        Map<String, Map<String, Mean>> perBase = new TreeMap<>();
        Set<String> methods = new TreeSet<>();
        for (MetricRow r : metrics) {
            if (r.metric().startsWith(GRID_DELTA)) {
                String base = r.metric().length() > GRID_DELTA.length() ? r.metric().substring(GRID_DELTA.length() + 1) : "Δ%";
                perBase.computeIfAbsent(base, k -> new TreeMap<>()).computeIfAbsent(r.label(), k -> new Mean()).add(r.value());
                methods.add(r.label());
            }
        }
        String name = "decoding-grid-delta";
        String title = "Decoding-grid sensitivity Δ% per method";
        if (perBase.isEmpty()) {
            return PlotFile.skipped(name, title, fig, "no " + GRID_DELTA + "* metric rows in this run (the grid job writes them)");
        }
        CategoryChart c = categoryChart(title, "method", "max relative change Δ% (lower is better)");
        List<String> cats = new ArrayList<>(methods);
        StringBuilder note = new StringBuilder();
        perBase.forEach((base, byMethod) -> {
            List<Number> ys = new ArrayList<>();
            for (String m : cats) {
                Mean mean = byMethod.get(m);
                ys.add(mean == null || mean.n == 0 ? null : mean.value());
            }
            c.addSeries(base, cats, ys);
            note.append(note.length() == 0 ? "" : "; ").append(base).append(": ").append(counts(byMethod));
        });
        return save(runDir, c, name, title, fig, "mean Δ% over rows; " + note);
    }

    /** A method, with its grid cell when not the default; HETA variant cells by their variant label. */
    static String pointLabel(TargetRow t) {
        if (t.method().equals("heta") && t.variant() != null) {
            Map<String, String> keys = parseCell(t.cell());
            boolean variantOnly = keys.isEmpty() || keys.keySet().equals(Set.of("heta.variant"));
            return "heta " + t.variant() + (variantOnly ? "" : " [" + t.cell() + "]");
        }
        return t.label();
    }

    /** Metric names in the target rows' maps (without log-ratio parts and grid deltas). */
    private static Set<String> targetMetrics(List<TargetRow> targets) {
        Set<String> out = new TreeSet<>();
        for (TargetRow t : targets) {
            for (String k : t.metrics().keySet()) {
                if (!k.endsWith(".source") && !k.endsWith(".random") && !k.startsWith(GRID_DELTA)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /**
     * The dataset-level value of {@code metric} over {@code rows}: for log-ratio metrics (rows carrying
     * {@code metric.source} and {@code metric.random}) {@code ln(Σ source / Σ random)} as metrics.md
     * aggregates Soft-NS/NC, otherwise the mean of the finite per-target values. NaN when nothing is finite.
     */
    static double datasetLevel(List<TargetRow> rows, String metric) {
        double source = 0;
        double random = 0;
        int ratioRows = 0;
        Mean mean = new Mean();
        for (TargetRow t : rows) {
            Double src = t.metrics().get(metric + ".source");
            Double rnd = t.metrics().get(metric + ".random");
            if (src != null && rnd != null && Double.isFinite(src) && Double.isFinite(rnd)) {
                source += src;
                random += rnd;
                ratioRows++;
            }
            Double v = t.metrics().get(metric);
            if (v != null) {
                mean.add(v);
            }
        }
        if (ratioRows > 0) {
            return org.hetabench.evaluation.metrics.DatasetAggregate.logRatio(source, random, 0);
        }
        return mean.value();
    }

    /**
     * Runtime vs quality: one plot per metric, one point per method (HETA variants and grid cells as
     * separate points): mean seconds per target on a log axis against the dataset-level value.
     */
    List<PlotFile> runtime(Path runDir, List<MetricRow> metrics, List<TargetRow> targets) {
        String fig = "Tables 9, 10, 12";
        Map<String, List<TargetRow>> byPoint = new TreeMap<>();
        for (TargetRow t : targets) {
            if (!t.failed()) {
                byPoint.computeIfAbsent(pointLabel(t), k -> new ArrayList<>()).add(t);
            }
        }
        Set<String> names = targetMetrics(targets);
        if (byPoint.isEmpty() || names.isEmpty()) {
            return List.of(PlotFile.skipped("runtime", "Runtime vs quality", fig,
                    byPoint.isEmpty() ? "no successful rows in this run" : "the rows carry no metric values"));
        }
        List<PlotFile> out = new ArrayList<>();
        for (String metric : names) {
            String title = "Runtime vs " + metric + ", every method";
            XYChart c = new XYChartBuilder().width(width).height(height).title(title)
                    .xAxisTitle("mean seconds per target (log scale)").yAxisTitle(metric + " (dataset level)").build();
            style(c.getStyler());
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.getStyler().setMarkerSize(12);
            c.getStyler().setXAxisLogarithmic(true);
            List<String> missing = new ArrayList<>();
            byPoint.forEach((label, rows) -> {
                double y = datasetLevel(rows, metric);
                Mean sec = new Mean();
                rows.forEach(r -> sec.add(r.seconds()));
                if (Double.isFinite(y) && sec.n > 0) {
                    // A log axis needs x > 0: a method timed at 0 s is drawn at 0.1 ms.
                    double x = Math.max(sec.value(), 1e-4);
                    c.addSeries(uniqueName(c, label), new double[] {x}, new double[] {y}).setMarker(SeriesMarkers.CIRCLE);
                } else {
                    missing.add(label);
                }
            });
            if (c.getSeriesMap().isEmpty()) {
                out.add(PlotFile.skipped("runtime-" + slug(metric), title, fig, "every " + metric + " value is NaN"));
            } else {
                out.add(save(runDir, c, "runtime-" + slug(metric), title, fig,
                        "one point per method (HETA per variant and grid cell): mean seconds per target over its"
                        + " successful rows vs the dataset-level " + metric + " over all datasets"
                        + (missing.isEmpty() ? "" : "; no finite value for " + String.join(", ", missing))));
            }
        }
        return out;
    }

    /**
     * Per dataset and metric, a bar per method: the dataset-level value, averaged over seeds, with the
     * standard deviation over seeds as error bars when the run has several seeds.
     */
    List<PlotFile> datasetBars(Path runDir, List<TargetRow> targets) {
        String fig = "Tables 1, 3, 4, 6";
        Map<String, Map<String, Map<Long, List<TargetRow>>>> byDataset = new TreeMap<>();
        Set<Long> seeds = new TreeSet<>();
        for (TargetRow t : targets) {
            if (!t.failed()) {
                byDataset.computeIfAbsent(t.dataset(), k -> new TreeMap<>())
                        .computeIfAbsent(pointLabel(t), k -> new TreeMap<>())
                        .computeIfAbsent(t.seed(), k -> new ArrayList<>()).add(t);
                seeds.add(t.seed());
            }
        }
        Set<String> names = targetMetrics(targets);
        if (byDataset.isEmpty() || names.isEmpty()) {
            return List.of(PlotFile.skipped("bars", "Metrics by method per dataset", fig,
                    byDataset.isEmpty() ? "no successful rows in this run" : "the rows carry no metric values"));
        }
        List<PlotFile> out = new ArrayList<>();
        byDataset.forEach((dataset, byLabel) -> {
            for (String metric : names) {
                List<String> cats = new ArrayList<>();
                List<Number> ys = new ArrayList<>();
                List<Number> errs = new ArrayList<>();
                byLabel.forEach((label, bySeed) -> {
                    List<Double> perSeed = new ArrayList<>();
                    bySeed.values().forEach(rows -> {
                        double v = datasetLevel(rows, metric);
                        if (Double.isFinite(v)) {
                            perSeed.add(v);
                        }
                    });
                    if (!perSeed.isEmpty()) {
                        double m = perSeed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                        double var = 0;
                        for (double v : perSeed) {
                            var += (v - m) * (v - m);
                        }
                        cats.add(label);
                        ys.add(m);
                        errs.add(perSeed.size() > 1 ? Math.sqrt(var / (perSeed.size() - 1)) : 0.0);
                    }
                });
                String name = "bars-" + slug(dataset) + "-" + slug(metric);
                String title = metric + " by method on " + dataset;
                if (cats.isEmpty()) {
                    out.add(PlotFile.skipped(name, title, fig, "no finite " + metric + " value on " + dataset));
                    continue;
                }
                CategoryChart c = categoryChart(title, "method", metric + " (dataset level)");
                if (seeds.size() > 1) {
                    c.addSeries(metric, cats, ys, errs);
                } else {
                    c.addSeries(metric, cats, ys);
                }
                out.add(save(runDir, c, name, title, fig, "one bar per method (HETA per variant and grid cell): the"
                        + " dataset-level " + metric + " on " + dataset + (seeds.size() > 1
                        ? ", mean over " + seeds.size() + " seeds, error bars one standard deviation over seeds"
                        : ", one seed"), cats));
            }
        });
        return out;
    }

    private PlotFile bars(Path runDir, String name, String title, String fig, String xTitle, String metric,
                          List<String> categories, Map<String, Mean> means) {
        List<String> cats = new ArrayList<>();
        List<Number> ys = new ArrayList<>();
        for (String c : categories) {
            Mean m = means.get(c);
            if (m.n > 0) {
                cats.add(c);
                ys.add(m.value());
            }
        }
        if (cats.isEmpty()) {
            return PlotFile.skipped(name, title, fig, "every " + metric + " value is NaN");
        }
        CategoryChart c = categoryChart(title, xTitle, metric);
        c.getStyler().setLegendVisible(false);
        c.addSeries(metric, cats, ys);
        return save(runDir, c, name, title, fig, "mean " + metric + " over targets, all datasets and models; "
                + counts(means));
    }

    private CategoryChart categoryChart(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        style(c.getStyler());
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setOverlapped(false);
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        s.setPlotBackgroundColor(java.awt.Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setDecimalPattern("#0.0###");
    }

    private static String uniqueName(XYChart c, String label) {
        String n = label;
        for (int i = 2; c.getSeriesMap().containsKey(n); i++) {
            n = label + " #" + i;
        }
        return n;
    }

    private static PlotFile save(Path runDir, Chart<?, ?> chart, String name, String title, String fig, String note) {
        return save(runDir, chart, name, title, fig, note, List.copyOf(chart.getSeriesMap().keySet()));
    }

    /**
     * Writes PNG and SVG. XChart draws every glyph as an outline, so the SVG also gets a {@code <title>}
     * and a {@code <desc>} naming what it shows ({@code labels}: the points or bars), for screen readers,
     * search and tests.
     */
    private static PlotFile save(Path runDir, Chart<?, ?> chart, String name, String title, String fig, String note,
                                 List<String> labels) {
        Path dir = runDir.resolve("plots");
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name + ".png");
            Path svg = dir.resolve(name + ".svg");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            String text = Files.readString(svg);
            int open = text.indexOf("<svg");
            int end = open < 0 ? -1 : text.indexOf('>', open);
            if (end > 0) {
                String meta = "\n  <title>" + xml(title) + "</title>\n  <desc>" + xml(note) + ". Shown: "
                        + xml(String.join("; ", labels)) + "</desc>";
                Files.writeString(svg, text.substring(0, end + 1) + meta + text.substring(end + 1));
            }
            return new PlotFile(name, title, fig, List.of("plots/" + name + ".png", "plots/" + name + ".svg"), note);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write plot " + name + " under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String rest(Map<String, String> cell) {
        StringBuilder sb = new StringBuilder();
        cell.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String counts(Map<String, Mean> means) {
        int n = 0;
        int nan = 0;
        for (Mean m : means.values()) {
            n += m.n;
            nan += m.nan;
        }
        return n + " values" + (nan > 0 ? ", " + nan + " NaN excluded" : "");
    }

    /** A file-name-safe stem. */
    public static String slug(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return t.isEmpty() ? "x" : t;
    }

    /** A running mean over finite values, counting the non-finite ones. */
    static final class Mean {
        double sum;
        int n;
        int nan;

        void add(double v) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            } else {
                nan++;
            }
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    /** Names of the metrics a set of rows carries (for the index page). */
    public static Set<String> metricNames(List<MetricRow> rows) {
        Set<String> out = new LinkedHashSet<>();
        rows.forEach(r -> out.add(r.metric()));
        return out;
    }
}
