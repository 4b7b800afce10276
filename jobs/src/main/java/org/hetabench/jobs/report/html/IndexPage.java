package org.hetabench.jobs.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hetabench.jobs.report.plot.PlotFile;
import org.hetabench.jobs.store.MetricRow;
import org.hetabench.jobs.store.TargetRow;

/**
 * The run's index page ({@code R/ID/index.html}): provenance, a summary table (mean of each metric per
 * dataset × method), links to the tables, plots (with the reason for each skipped one) and heatmaps.
 * Self-contained like the heatmaps: inline CSS, no scripts, only relative links.
 */
public final class IndexPage {
    private IndexPage() {}

    /**
     * Heatmap links of one target.
     *
     * @param instance the instance
     * @param targetPosition its target position
     * @param seed run seed
     * @param comparison href of the all-methods view
     * @param methods method label → href of its single heatmap
     */
    public record HeatmapLinks(TargetRow.InstanceKey instance, int targetPosition, long seed, String comparison,
                               Map<String, String> methods) {}

    /**
     * Renders the page.
     *
     * @param runId run id
     * @param provenance provenance fields (empty: "provenance unavailable")
     * @param targets every target row of the run (scalars only)
     * @param metrics metric rows
     * @param files other files of the run directory to link (label → relative href), e.g. tables, summary.md
     * @param plots written and skipped plots
     * @param heatmaps heatmap links of the sampled instances
     * @param perDataset the heatmap sample size per dataset
     */
    public static String render(String runId, Map<String, String> provenance, List<TargetRow> targets, List<MetricRow> metrics,
                                Map<String, String> files, List<PlotFile> plots, List<HeatmapLinks> heatmaps, int perDataset) {
        StringBuilder sb = new StringBuilder();
        HeatmapPage.open(sb, "run " + runId);
        sb.append("<h1>Run ").append(HtmlText.attribute(runId)).append("</h1>\n");
        long failures = targets.stream().filter(TargetRow::failed).count();
        sb.append("<p>").append(targets.size()).append(" attributed targets, ").append(failures).append(" failure rows, ")
                .append(new TreeSet<>(targets.stream().map(TargetRow::dataset).toList()).size()).append(" datasets, ")
                .append(new TreeSet<>(targets.stream().map(TargetRow::label).toList()).size())
                .append(" method/cell combinations.</p>\n");
        if (failures > 0) {
            failures(sb, targets, failures == targets.size());
        }
        sb.append("<nav><a href=\"#provenance\">provenance</a> · <a href=\"#summary\">summary</a> · "
                + "<a href=\"#files\">tables and files</a> · <a href=\"#plots\">plots</a> · "
                + "<a href=\"#heatmaps\">heatmaps</a></nav>\n");

        sb.append("<h2 id=\"provenance\">Provenance</h2>\n");
        if (provenance.isEmpty()) {
            sb.append("<p class=\"note\">provenance unavailable: neither run.json nor a tables/runs row exists for this run.</p>\n");
        } else {
            provenanceList(sb, provenance);
        }

        sb.append("<h2 id=\"summary\">Summary</h2>\n");
        summary(sb, targets, metrics);

        sb.append("<h2 id=\"files\">Tables and files</h2>\n");
        if (files.isEmpty()) {
            sb.append("<p class=\"note\">No tables yet: run <code>heta-bench tables ").append(HtmlText.attribute(runId))
                    .append("</code> to write them into tables/.</p>\n");
        } else {
            sb.append("<ul class=\"links\">\n");
            files.forEach((label, href) -> sb.append("<li><a href=\"").append(HtmlText.escape(href)).append("\">")
                    .append(HtmlText.attribute(label)).append("</a></li>\n"));
            sb.append("</ul>\n");
        }

        sb.append("<h2 id=\"plots\">Plots</h2>\n<div class=\"plots\">\n");
        for (PlotFile p : plots) {
            if (p.skipped()) {
                continue;
            }
            String png = p.files().stream().filter(f -> f.endsWith(".png")).findFirst().orElse(p.files().get(0));
            sb.append("<figure><img src=\"").append(HtmlText.escape(png)).append("\" alt=\"")
                    .append(HtmlText.attribute(p.title())).append("\"><figcaption>").append(HtmlText.attribute(p.title()))
                    .append(" <span class=\"note\">(").append(HtmlText.attribute(p.figure())).append("; ")
                    .append(HtmlText.attribute(p.note())).append(")</span>");
            for (String f : p.files()) {
                sb.append(" <a href=\"").append(HtmlText.escape(f)).append("\">")
                        .append(f.substring(f.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT)).append("</a>");
            }
            sb.append("</figcaption></figure>\n");
        }
        sb.append("</div>\n");
        List<PlotFile> skipped = plots.stream().filter(PlotFile::skipped).toList();
        if (!skipped.isEmpty()) {
            sb.append("<p>Plots not drawn, for lack of data in this run:</p>\n<ul>\n");
            for (PlotFile p : skipped) {
                sb.append("<li class=\"note\">").append(HtmlText.attribute(p.title())).append(" (")
                        .append(HtmlText.attribute(p.figure())).append("): ").append(HtmlText.attribute(p.note()))
                        .append("</li>\n");
            }
            sb.append("</ul>\n");
        }

        sb.append("<h2 id=\"heatmaps\">Heatmaps</h2>\n<p class=\"note\">Up to ").append(perDataset)
                .append(" instances per dataset, drawn with a fixed seed.</p>\n");
        if (heatmaps.isEmpty()) {
            sb.append("<p class=\"note\">No heatmaps (sample size 0).</p>\n");
        } else {
            sb.append("<table>\n<thead><tr><th>model</th><th>dataset</th><th>instance</th><th>target</th><th>seed</th>"
                    + "<th>all methods</th><th>per method</th></tr></thead>\n<tbody>\n");
            for (HeatmapLinks h : heatmaps) {
                sb.append("<tr><td>").append(HtmlText.attribute(h.instance().model())).append("</td><td>")
                        .append(HtmlText.attribute(h.instance().dataset())).append("</td><td>")
                        .append(HtmlText.attribute(h.instance().instanceId())).append("</td><td class=\"num\">")
                        .append(h.targetPosition()).append("</td><td class=\"num\">").append(h.seed())
                        .append("</td><td><a href=\"").append(HtmlText.escape(h.comparison())).append("\">compare</a></td><td>");
                boolean first = true;
                for (Map.Entry<String, String> e : h.methods().entrySet()) {
                    sb.append(first ? "" : " · ").append("<a href=\"").append(HtmlText.escape(e.getValue())).append("\">")
                            .append(HtmlText.attribute(e.getKey())).append("</a>");
                    first = false;
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        return HeatmapPage.close(sb);
    }

    /** The failure rows grouped by method, class and message, most frequent first. */
    static void failures(StringBuilder sb, List<TargetRow> targets, boolean all) {
        Map<List<String>, Long> groups = new java.util.HashMap<>();
        for (TargetRow t : targets) {
            if (t.failed()) {
                groups.merge(List.of(t.method(), t.failureClass(), String.valueOf(t.failureMessage())), 1L, Long::sum);
            }
        }
        List<Map.Entry<List<String>, Long>> sorted = new java.util.ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<List<String>, Long>comparingByValue().reversed()
                .thenComparing(e -> String.join("|", e.getKey())));
        sb.append("<h2 id=\"failures\">Failures</h2>\n");
        if (all) {
            sb.append("<p class=\"failed\"><strong>Every target row of this run failed</strong>: no metric, heatmap or"
                    + " plot could be computed. The failures:</p>\n");
        }
        sb.append("<table><tr><th>method</th><th>class</th><th>message</th><th>rows</th></tr>\n");
        for (Map.Entry<List<String>, Long> e : sorted) {
            sb.append("<tr><td>").append(HtmlText.attribute(e.getKey().get(0))).append("</td><td>")
                    .append(HtmlText.attribute(e.getKey().get(1))).append("</td><td>")
                    .append(HtmlText.attribute(e.getKey().get(2))).append("</td><td class=\"num\">").append(e.getValue())
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }

    /** Mean of each metric per dataset × method (with n), plus targets, failures and mean seconds. */
    static void summary(StringBuilder sb, List<TargetRow> targets, List<MetricRow> metrics) {
        record Key(String dataset, String label) implements Comparable<Key> {
            @Override
            public int compareTo(Key o) {
                int c = dataset.compareTo(o.dataset);
                return c != 0 ? c : label.compareTo(o.label);
            }
        }
        Map<Key, double[]> counts = new TreeMap<>();
        for (TargetRow t : targets) {
            double[] c = counts.computeIfAbsent(new Key(t.dataset(), t.label()), k -> new double[3]);
            c[0]++;
            if (t.failed()) {
                c[1]++;
            } else {
                c[2] += t.seconds();
            }
        }
        TreeSet<String> names = new TreeSet<>();
        Map<Key, Map<String, double[]>> sums = new LinkedHashMap<>();
        for (MetricRow m : metrics) {
            names.add(m.metric());
            double[] s = sums.computeIfAbsent(new Key(m.dataset(), m.label()), k -> new TreeMap<>())
                    .computeIfAbsent(m.metric(), k -> new double[3]);
            if (Double.isFinite(m.value())) {
                s[0] += m.value();
                s[1]++;
            } else {
                s[2]++;
            }
        }
        if (names.isEmpty()) {
            sb.append("<p class=\"note\">This run has no metric values (no metrics configured, or all failed).</p>\n");
        }
        sb.append("<table class=\"summary\">\n<thead><tr><th>dataset</th><th>method [cell]</th><th>targets</th>"
                + "<th>failures</th><th>mean s/target</th>");
        for (String n : names) {
            sb.append("<th>").append(HtmlText.attribute(n)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        List<Key> keys = new ArrayList<>(counts.keySet());
        for (Key k : keys) {
            double[] c = counts.get(k);
            double ok = c[0] - c[1];
            sb.append("<tr><td>").append(HtmlText.attribute(k.dataset())).append("</td><td>")
                    .append(HtmlText.attribute(k.label())).append("</td><td class=\"num\">").append((long) c[0])
                    .append("</td><td class=\"num").append(c[1] > 0 ? " failed" : "").append("\">").append((long) c[1])
                    .append("</td><td class=\"num\">").append(ok > 0 ? HeatmapPage.num(c[2] / ok) : "—").append("</td>");
            Map<String, double[]> s = sums.getOrDefault(k, Map.of());
            for (String n : names) {
                double[] v = s.get(n);
                sb.append("<td class=\"num\"");
                if (v == null) {
                    sb.append(">—");
                } else {
                    sb.append(" title=\"").append((long) v[1]).append(" values").append(v[2] > 0 ? ", " + (long) v[2]
                            + " NaN excluded" : "").append("\">").append(v[1] > 0 ? HeatmapPage.num(v[0] / v[1]) : "NaN")
                            .append(" <span class=\"note\">(n=").append((long) v[1]).append(")</span>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    /**
     * Provenance as a definition list: multi-line values (config_yaml) as a {@code <pre>} block, each line made
     * visible like a token (no bidi controls), long hash-like values folded into a {@code <details>}.
     */
    static void provenanceList(StringBuilder sb, Map<String, String> provenance) {
        sb.append("<dl class=\"meta\">\n");
        provenance.forEach((k, v) -> {
            sb.append("<dt>").append(HtmlText.escape(k)).append("</dt><dd>");
            String value = v == null ? "" : v;
            if (value.indexOf('\n') >= 0 || k.endsWith("_yaml")) {
                sb.append("<pre class=\"config\">");
                String[] lines = value.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    sb.append(i == 0 ? "" : "\n").append(HtmlText.attribute(lines[i]));
                }
                sb.append("</pre>");
            } else if (value.length() > 24 && value.matches("[0-9A-Za-z:+/=_,; -]+") && value.matches(".*[0-9a-f]{16}.*")) {
                sb.append("<details><summary>").append(HtmlText.attribute(value.substring(0, 12))).append("…</summary>")
                        .append(HtmlText.attribute(value)).append("</details>");
            } else {
                sb.append(HtmlText.attribute(value));
            }
            sb.append("</dd>\n");
        });
        sb.append("</dl>\n");
    }
}
