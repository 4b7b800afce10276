package org.hetabench.jobs.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hetabench.jobs.store.TargetRow;

/**
 * Self-contained HTML heatmaps of token attributions, in the style of the HETA paper's Figures 4–6:
 * context tokens shaded by their score (normalised per row, see {@link ScoreScale}), the target token
 * outlined after them, a legend, and a header naming the method, model and configuration. Every token
 * states its position, text and raw score in its {@code title} attribute. No scripts; inline CSS only.
 */
public final class HeatmapPage {
    private HeatmapPage() {}

    /**
     * One method on one target: the paper-style text heatmap, then a table of the score and its
     * components (HETA: gate, curvature, information), each row normalised on its own.
     *
     * @param row the target row (with tokens and scores)
     * @param targetText the target token's text, or null when unknown (the id is shown)
     * @param links extra navigation links (label → relative href), e.g. the index and the comparison view
     */
    public static String single(TargetRow row, String targetText, Map<String, String> links) {
        return single(row, targetText, links, ScoreScale.Rule.max());
    }

    /** As {@link #single(TargetRow, String, Map)}, each row's colour scale chosen by {@code rule}. */
    public static String single(TargetRow row, String targetText, Map<String, String> links, ScoreScale.Rule rule) {
        StringBuilder sb = new StringBuilder();
        open(sb, row.method() + " · " + row.dataset() + "/" + row.instanceId() + " · target " + row.targetPosition());
        nav(sb, links);
        sb.append("<h1>Attribution heatmap: ").append(HtmlText.attribute(row.label())).append("</h1>\n");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("method", row.method());
        meta.put("model", row.model());
        meta.put("dataset", row.dataset());
        meta.put("instance", row.instanceId());
        meta.put("target", targetLabel(row, targetText));
        meta.put("cell", row.cell());
        meta.put("variant", nz(row.variant()));
        meta.put("hvp mode", nz(row.hvpMode()));
        meta.put("score type", nz(row.scoreType()));
        meta.put("seed", Long.toString(row.seed()));
        meta.put("seconds", String.format(Locale.ROOT, "%.4f", row.seconds()));
        if (!row.metrics().isEmpty()) {
            StringBuilder m = new StringBuilder();
            new java.util.TreeMap<>(row.metrics()).forEach((k, v) -> m.append(m.length() == 0 ? "" : ", ").append(k)
                    .append(" = ").append(num(v)));
            meta.put("metrics", m.toString());
        }
        metaList(sb, meta);
        if (row.failed()) {
            failure(sb, row);
            return close(sb);
        }
        ScoreScale scale = ScoreScale.of(row.scores(), row.scoreType(), rule);
        sb.append("<h2>Scores</h2>\n");
        legend(sb, scale, "score");
        sb.append("<p class=\"tokens\">");
        for (int i = 0; i < row.tokens().size(); i++) {
            sb.append(tokenSpan(row, i, row.scores(), scale, "score"));
        }
        sb.append("<span class=\"arrow\">→</span>").append(targetSpan(row, targetText)).append("</p>\n");
        sb.append("<p class=\"note\">Underlined: evidence positions of the instance. Hover a token for its raw score.</p>\n");
        if (!row.components().isEmpty()) {
            sb.append("<h2>Components</h2>\n<p class=\"note\">Each row is normalised on its own "
                    + "(divided by its " + rule.describe() + ").</p>\n");
            List<Row> rows = new ArrayList<>();
            rows.add(new Row("score", row, row.scores(), row.scoreType(), "score"));
            row.components().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> rows.add(new Row(e.getKey(), row, e.getValue(), null, e.getKey())));
            table(sb, row, rows, targetText, rule);
        }
        return close(sb);
    }

    /**
     * One target, every method (and grid cell): rows are methods, columns the same context tokens.
     *
     * @param rows rows of one (model, dataset, instance, target position, seed), with tokens and scores
     * @param targetText the target token's text, or null
     * @param links navigation links (label → relative href)
     */
    public static String comparison(List<TargetRow> rows, String targetText, Map<String, String> links) {
        return comparison(rows, targetText, links, ScoreScale.Rule.max());
    }

    /** As {@link #comparison(List, String, Map)}, each row's colour scale chosen by {@code rule}. */
    public static String comparison(List<TargetRow> rows, String targetText, Map<String, String> links,
                                    ScoreScale.Rule rule) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("comparison needs at least one row");
        }
        TargetRow first = rows.stream().filter(r -> !r.tokens().isEmpty()).findFirst().orElse(rows.get(0));
        StringBuilder sb = new StringBuilder();
        open(sb, "methods · " + first.dataset() + "/" + first.instanceId() + " · target " + first.targetPosition());
        nav(sb, links);
        sb.append("<h1>All methods on one target</h1>\n");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", first.model());
        meta.put("dataset", first.dataset());
        meta.put("instance", first.instanceId());
        meta.put("target", targetLabel(first, targetText));
        meta.put("seed", Long.toString(first.seed()));
        meta.put("methods", Integer.toString(rows.size()));
        metaList(sb, meta);
        sb.append("<h2>Scores</h2>\n");
        boolean anySigned = false;
        boolean anyNonNeg = false;
        for (TargetRow r : rows) {
            if (!r.failed()) {
                boolean d = ScoreScale.of(r.scores(), r.scoreType()).diverging();
                anySigned |= d;
                anyNonNeg |= !d;
            }
        }
        if (anySigned) {
            legend(sb, new ScoreScale(true, Double.NaN), "signed rows");
        }
        if (anyNonNeg) {
            legend(sb, new ScoreScale(false, Double.NaN), "non-negative rows");
        }
        sb.append("<p class=\"note\">Each row is normalised on its own (divided by " + rule.describe() + ", shown after its label). Hover a token for its raw score.</p>\n");
        List<Row> tableRows = new ArrayList<>();
        for (TargetRow r : rows) {
            tableRows.add(new Row(r.label(), r, r.scores(), r.scoreType(), r.label() + " score"));
        }
        table(sb, first, tableRows, targetText, rule);
        topTokens(sb, tableRows);
        return close(sb);
    }

    /** One table row: a label, the row it came from, and the values to shade. */
    private record Row(String label, TargetRow source, double[] values, String scoreType, String what) {}

    private static void table(StringBuilder sb, TargetRow layout, List<Row> rows, String targetText,
                              ScoreScale.Rule rule) {
        int n = layout.tokens().size();
        sb.append("<div class=\"rows\">\n");
        for (Row r : rows) {
            TargetRow src = r.source();
            sb.append("<div class=\"hrow\"><div class=\"hlabel\" title=\"").append(HtmlText.attribute("variant "
                    + nz(src.variant()) + " · hvp mode " + nz(src.hvpMode()) + " · score type "
                    + nz(r.scoreType() == null ? src.scoreType() : r.scoreType()) + " · "
                    + String.format(Locale.ROOT, "%.4f", src.seconds()) + " s")).append("\">")
                    .append(HtmlText.attribute(r.label()));
            if (src.failed()) {
                sb.append("</div><p class=\"failed\">failed: ").append(HtmlText.attribute(src.failureClass()))
                        .append(": ").append(HtmlText.attribute(nz(src.failureMessage()))).append("</p></div>\n");
                continue;
            }
            if (r.values().length != n || src.tokens().size() != n) {
                sb.append("</div><p class=\"failed\">").append(r.values().length).append(" values for ").append(n)
                        .append(" tokens: not shown</p></div>\n");
                continue;
            }
            ScoreScale scale = ScoreScale.of(r.values(), r.scoreType(), rule);
            sb.append(" <span class=\"note\">").append(HtmlText.escape(scale.basis())).append(" = ")
                    .append(num(scale.maxAbs())).append("</span></div><p class=\"tokens\">");
            for (int i = 0; i < n; i++) {
                sb.append(tokenSpan(src, i, r.values(), scale, r.what()));
            }
            sb.append("<span class=\"arrow\">→</span>").append(targetSpan(src, targetText)).append("</p></div>\n");
        }
        sb.append("</div>\n");
    }

    /** Each successful row's five largest |score| tokens. */
    private static void topTokens(StringBuilder sb, List<Row> rows) {
        sb.append("<h2>Top-5 tokens per method</h2>\n<table class=\"top\">\n<thead><tr><th>method</th>");
        for (int k = 1; k <= 5; k++) {
            sb.append("<th>#").append(k).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            TargetRow src = r.source();
            if (src.failed() || r.values().length != src.tokens().size()) {
                continue;
            }
            double[] v = r.values();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i])) {
                    order.add(i);
                }
            }
            order.sort((x, y) -> Double.compare(Math.abs(v[y]), Math.abs(v[x])));
            sb.append("<tr><th>").append(HtmlText.attribute(r.label())).append("</th>");
            for (int k = 0; k < 5; k++) {
                if (k < order.size()) {
                    int i = order.get(k);
                    sb.append("<td>").append(HtmlText.token(src.tokens().get(i))).append(" <span class=\"note\">@")
                            .append(i).append(" ").append(num(v[i])).append("</span></td>");
                } else {
                    sb.append("<td>—</td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private static String tokenSpan(TargetRow row, int i, double[] values, ScoreScale scale, String what) {
        double v = i < values.length ? values[i] : Double.NaN;
        double norm = scale.normalise(v);
        boolean evidence = false;
        for (int e : row.evidence()) {
            evidence |= e == i;
        }
        return "<span class=\"tok" + (scale.darkBackground(norm) ? " dark" : "") + (scale.clipped(v) ? " clipped" : "")
                + (evidence ? " evidence" : "")
                + "\" style=\"background:" + scale.colour(norm) + "\" title=\"" + title(row, i, v, norm, what) + "\">"
                + HtmlText.token(row.tokens().get(i)) + "</span>";
    }

    private static String title(TargetRow row, int i, double raw, double norm, String what) {
        return HtmlText.attribute("pos " + i + " · \"" + row.tokens().get(i) + "\" · " + what + " " + num(raw)
                + " · normalised " + (Double.isNaN(norm) ? "n/a" : String.format(Locale.ROOT, "%+.3f", norm)));
    }

    private static String targetSpan(TargetRow row, String targetText) {
        String text = targetText != null ? targetText : "id " + row.targetId();
        return "<span class=\"tok target\" title=\"" + HtmlText.attribute("target · pos " + row.targetPosition() + " · id "
                + row.targetId() + (targetText != null ? " · \"" + targetText + "\"" : " · text unknown")) + "\">"
                + (targetText != null ? HtmlText.token(targetText) : HtmlText.escape(text)) + "</span>";
    }

    private static String targetLabel(TargetRow row, String targetText) {
        return (targetText != null ? "\"" + HtmlText.visible(targetText) + "\"" : "(text unknown)") + " · id "
                + row.targetId() + " · position " + row.targetPosition();
    }

    /** A legend: five swatches from the scale's low end to its high end, with the normaliser when known. */
    static void legend(StringBuilder sb, ScoreScale scale, String what) {
        double[] stops = scale.diverging() ? new double[] {-1, -0.5, 0, 0.5, 1} : new double[] {0, 0.25, 0.5, 0.75, 1};
        sb.append("<div class=\"legend\"><span>").append(HtmlText.escape(what)).append(scale.diverging()
                ? " (signed: blue negative, red positive)" : " (non-negative)").append("</span><span class=\"bar\">");
        for (double s : stops) {
            sb.append("<span class=\"sw").append(scale.darkBackground(s) ? " dark" : "").append("\" style=\"background:")
                    .append(scale.colour(s)).append("\">").append(String.format(Locale.ROOT, "%+.2f", s)
                            .replace("+0.00", "0")).append("</span>");
        }
        sb.append("</span>");
        if (!Double.isNaN(scale.maxAbs())) {
            sb.append("<span class=\"note\">normalised by ").append(HtmlText.escape(scale.basis())).append(" = ")
                    .append(num(scale.maxAbs())).append(scale.basis().startsWith("max") ? ""
                            : "; tokens beyond it are saturated and outlined (clipped)").append("</span>");
        }
        sb.append("</div>\n");
    }

    private static void failure(StringBuilder sb, TargetRow row) {
        sb.append("<p class=\"failed\">This target failed: ").append(HtmlText.attribute(row.failureClass())).append(": ")
                .append(HtmlText.attribute(nz(row.failureMessage()))).append("</p>\n");
    }

    static void metaList(StringBuilder sb, Map<String, String> meta) {
        sb.append("<dl class=\"meta\">\n");
        meta.forEach((k, v) -> sb.append("<dt>").append(HtmlText.escape(k)).append("</dt><dd>")
                .append(HtmlText.attribute(v)).append("</dd>\n"));
        sb.append("</dl>\n");
    }

    static void nav(StringBuilder sb, Map<String, String> links) {
        if (links.isEmpty()) {
            return;
        }
        sb.append("<nav>");
        boolean first = true;
        for (Map.Entry<String, String> e : links.entrySet()) {
            sb.append(first ? "" : " · ").append("<a href=\"").append(HtmlText.escape(e.getValue())).append("\">")
                    .append(HtmlText.attribute(e.getKey())).append("</a>");
            first = false;
        }
        sb.append("</nav>\n");
    }

    static void open(StringBuilder sb, String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(HtmlText.attribute(title)).append("</title>\n<style>\n").append(PageStyle.CSS)
                .append("\n</style>\n</head>\n<body>\n");
    }

    static String close(StringBuilder sb) {
        return sb.append("</body>\n</html>\n").toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String nz(String s) {
        return s == null ? "—" : s;
    }
}
