package org.hetabench.jobs.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a run's numbers as the paper lays out its tables: one section per model, rows are method (and
 * grid cell / variant where the run varies them), columns dataset × metric, each value mean ± std over
 * seeds, next to the paper's printed number when {@code paper} has it. The same content is written as
 * Markdown, CSV (long format, one line per number) and self-contained HTML.
 */
public final class PaperTables {
    /** Decimals of measured values. */
    public static final int DECIMALS = 3;

    private final String runId;
    private final String suite;
    private final String name;
    private final List<SeedAggregates.Number> numbers;
    private final Optional<PaperTable> paper;
    private final SeedFormat format;
    private final Map<String, Long> failures;

    /**
     * @param runId the run
     * @param suite the suite recorded for the run (null if unknown)
     * @param name base name of the output files ({@code --table}, else the suite, else {@code run})
     * @param numbers the run's numbers
     * @param paper the paper table to show next to them
     * @param format how seeds are summarised
     * @param failures failure rows left out of the numbers, by "method: failure class" (stated in the notes)
     */
    public PaperTables(String runId, String suite, String name, List<SeedAggregates.Number> numbers,
                     Optional<PaperTable> paper, SeedFormat format, Map<String, Long> failures) {
        this.failures = Map.copyOf(failures);
        this.runId = runId;
        this.suite = suite;
        this.name = name;
        this.numbers = List.copyOf(numbers);
        this.paper = paper;
        this.format = format;
    }

    /** Base name of the output files, e.g. {@code table3}, or {@code run}. */
    public String baseName() {
        return name == null ? "run" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A rendered table: title, header and rows of cells. */
    record Section(String title, List<String> header, List<List<String>> rows) {}

    private Optional<Double> paperValue(SeedAggregates.Number n) {
        var k = n.key();
        return paper.flatMap(p -> p.lookup(k.model(), k.dataset(), k.method(), k.cell(), n.variant(), k.metric()));
    }

    List<Section> sections() {
        List<Section> out = new ArrayList<>();
        Set<String> models = new LinkedHashSet<>();
        numbers.forEach(n -> models.add(n.key().model()));
        boolean showCell = numbers.stream().anyMatch(n -> !n.key().cell().equals("default"));
        boolean showVariant = numbers.stream().anyMatch(n -> n.variant() != null);
        for (String model : models) {
            List<SeedAggregates.Number> mine = numbers.stream().filter(n -> n.key().model().equals(model)).toList();
            Set<String> columns = new LinkedHashSet<>();
            mine.forEach(n -> columns.add(n.key().dataset() + "\u0000" + n.key().metric()));
            boolean anyPaper = mine.stream().anyMatch(n -> paperValue(n).isPresent());
            List<String> header = new ArrayList<>();
            header.add("method");
            if (showCell) {
                header.add("cell");
            }
            if (showVariant) {
                header.add("variant");
            }
            for (String c : columns) {
                String[] dm = c.split("\u0000");
                header.add(dm[0] + " " + dm[1]);
                if (anyPaper) {
                    header.add("paper");
                }
            }
            Map<String, Map<String, SeedAggregates.Number>> byRow = new LinkedHashMap<>();
            for (String method : methodOrder(mine)) {
                for (SeedAggregates.Number n : mine) {
                    if (n.key().method().equals(method)) {
                        String row = method + "\u0000" + n.key().cell();
                        byRow.computeIfAbsent(row, x -> new LinkedHashMap<>())
                                .put(n.key().dataset() + "\u0000" + n.key().metric(), n);
                    }
                }
            }
            List<List<String>> rows = new ArrayList<>();
            byRow.forEach((row, cells) -> {
                String[] mc = row.split("\u0000");
                List<String> r = new ArrayList<>();
                r.add(mc[0]);
                if (showCell) {
                    r.add(mc[1]);
                }
                if (showVariant) {
                    r.add(cells.values().stream().map(SeedAggregates.Number::variant).filter(v -> v != null)
                            .findFirst().orElse(""));
                }
                for (String c : columns) {
                    SeedAggregates.Number n = cells.get(c);
                    r.add(n == null ? "" : format.format(n.summary(), DECIMALS));
                    if (anyPaper) {
                        r.add(n == null ? "" : paperValue(n).map(SeedFormat::paper).orElse("—"));
                    }
                }
                rows.add(r);
            });
            out.add(new Section("Model " + model, header, rows));
        }
        return out;
    }

    private List<String> methodOrder(List<SeedAggregates.Number> mine) {
        Set<String> order = new LinkedHashSet<>();
        paper.ifPresent(p -> order.addAll(p.methodOrder()));
        mine.stream().map(n -> n.key().method()).sorted().forEach(order::add);
        Set<String> present = new LinkedHashSet<>();
        mine.forEach(n -> present.add(n.key().method()));
        order.retainAll(present);
        return new ArrayList<>(order);
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("Each value: " + (format == SeedFormat.MEAN_STD ? "mean ± sample std (divisor n − 1)"
                : "mean [min, max]") + " over n seeds of the dataset-level number; per seed, the mean over instances of"
                + " the per-instance mean over target steps (NaN values excluded and counted in the CSV).");
        if (!failures.isEmpty()) {
            StringBuilder f = new StringBuilder("Failure rows left out of the numbers (method: class = rows): ");
            new java.util.TreeMap<>(failures).forEach((k, v) -> f.append(k).append(" = ").append(v).append("; "));
            notes.add(f.substring(0, f.length() - 2) + ".");
        }
        notes.add("Log-ratio metrics (Soft-NS/NC) are ln(sum of source / sum of random) over each dataset's targets"
                + " (metrics.md 2.6); pooled F1 is shown as the mean of per-target values (schema v1 stores no"
                + " per-target confusion counts).");
        paper.ifPresentOrElse(p -> notes.add("Paper column: the HETA paper's Table " + p.table() + " as printed ("
                        + p.source().getFileName() + "); '—' = the paper prints no number for that cell. Paper numbers"
                        + " are claims to compare against, not ground truth; check the Soft-metric convention first"
                        + " (metrics.md §2.9, §11.4)."),
                () -> notes.add("No paper table for " + (name == null ? "this run (its suite is unknown: no run.json or"
                        + " runs table; pass --table)" : "'" + name + "' in conf/paper/")
                        + ": generic tables without paper values."));
        return notes;
    }

    private String title() {
        return "Run " + runId + (suite == null ? " (suite unknown)" : " (suite " + suite + ")")
                + paper.map(p -> ": the paper's Table " + p.table()).orElse("");
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title()).append("\n\n");
        for (String n : notes()) {
            sb.append("- ").append(n).append('\n');
        }
        for (Section s : sections()) {
            sb.append("\n## ").append(s.title()).append("\n\n");
            sb.append("| ").append(String.join(" | ", s.header().stream().map(PaperTables::md).toList())).append(" |\n");
            sb.append("|").append("---|".repeat(s.header().size())).append('\n');
            for (List<String> r : s.rows()) {
                sb.append("| ").append(String.join(" | ", r.stream().map(PaperTables::md).toList())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** Long format: one line per (model, dataset, method, cell, metric). */
    public String csv() {
        StringBuilder sb = new StringBuilder(
                "run_id,suite,model,dataset,method,cell,variant,metric,mean,std,n_seeds,min,max,instance_values,undefined,paper,per_seed\n");
        for (SeedAggregates.Number n : numbers) {
            var k = n.key();
            var s = n.summary();
            StringBuilder seeds = new StringBuilder();
            n.perSeed().forEach((seed, v) -> seeds.append(seeds.length() == 0 ? "" : ";").append(seed).append('=').append(v));
            sb.append(String.join(",", csv(runId), csv(suite == null ? "" : suite), csv(k.model()), csv(k.dataset()),
                    csv(k.method()), csv(k.cell()), csv(n.variant() == null ? "" : n.variant()), csv(k.metric()),
                    num(s.mean()), num(s.std()), Integer.toString(s.n()), num(s.min()), num(s.max()),
                    Long.toString(n.instances()), Long.toString(n.undefined()),
                    paperValue(n).map(SeedFormat::paper).orElse(""), csv(seeds.toString()))).append('\n');
        }
        return sb.toString();
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #bbb;padding:4px 8px;"
                        + "text-align:right}td:first-child,th:first-child{text-align:left}th{background:#eee}"
                        + "td.paper{color:#555;background:#f7f7f7}</style></head><body>\n<h1>")
                .append(esc(title())).append("</h1>\n<ul>");
        for (String n : notes()) {
            sb.append("<li>").append(esc(n)).append("</li>");
        }
        sb.append("</ul>\n");
        for (Section s : sections()) {
            sb.append("<h2>").append(esc(s.title())).append("</h2>\n<table><thead><tr>");
            for (String h : s.header()) {
                sb.append("<th>").append(esc(h)).append("</th>");
            }
            sb.append("</tr></thead><tbody>\n");
            for (List<String> r : s.rows()) {
                sb.append("<tr>");
                for (int i = 0; i < r.size(); i++) {
                    boolean p = s.header().get(i).equals("paper");
                    sb.append(p ? "<td class=\"paper\">" : "<td>").append(esc(r.get(i))).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
