package org.hetabench.jobs.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hetabench.jobs.store.TargetRow;
import org.junit.jupiter.api.Test;

/**
 * Golden-file tests of the heatmap HTML. The expected fragments in src/test/resources/report/ were
 * written by hand: colours from the scale's end points (red #b2182b, blue #2166ac, white) mixed
 * linearly and rounded half up (e.g. −0.5 → (255+33)/2, (255+102)/2, (255+172)/2 = #90b3d6), scores
 * normalised by the row's max |score| = 2, and every hostile character escaped or made visible.
 */
class HeatmapPageGoldenTest {
    /** Hostile token texts: markup, an entity, quotes, RIGHT-TO-LEFT OVERRIDE and RIGHT-TO-LEFT MARK. */
    static final List<String> TOKENS = List.of("<s>", " <script>alert(1)</script>", " A&B", "\"q\" 'x'", "\u202Egnp.exe",
            "x\u200Fy");
    static final double[] SCORES = {0, 2, -1, 0.5, -2, 1};

    static TargetRow hostile(String method, double[] scores, String scoreType) {
        return new TargetRow("m<odel>", "data&set", "inst\"1\"", 6, 42, method, "default", 0, TOKENS,
                new int[] {1, 2, 3, 4, 5, 6}, new int[] {2}, scores, scoreType,
                Map.of("gate", new double[] {1, 1, 0.5, 0.25, 0, 0}), "full", "CENTRAL_DIFFERENCE", Map.of("soft-nc", 1.5),
                0.25, null, null);
    }

    static String golden(String name) throws IOException {
        try (InputStream in = HeatmapPageGoldenTest.class.getResourceAsStream("/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "");
        }
    }

    static String between(String html, String start, String end) {
        int a = html.indexOf(start);
        assertTrue(a >= 0, "missing " + start);
        int b = html.indexOf(end, a);
        return html.substring(a, b + end.length());
    }

    @Test
    void tokensAreEscapedShadedAndTitledExactlyAsTheGoldenFragment() throws IOException {
        String html = HeatmapPage.single(hostile("heta", SCORES, "SIGNED"), " </p>", Map.of());
        assertEquals(golden("heatmap-hostile-tokens.html"), between(html, "<p class=\"tokens\">", "</p>\n").replace("\n", ""));
    }

    @Test
    void legendMatchesTheGoldenFragment() throws IOException {
        String html = HeatmapPage.single(hostile("heta", SCORES, "SIGNED"), " </p>", Map.of());
        assertEquals(golden("heatmap-legend-signed.html"), between(html, "<div class=\"legend\">", "</div>"));
    }

    @Test
    void noHostileTextSurvivesAnywhereOnThePage() {
        for (String page : List.of(HeatmapPage.single(hostile("heta", SCORES, "SIGNED"), " </p>", Map.of("index", "../i.html")),
                HeatmapPage.comparison(List.of(hostile("heta", SCORES, "SIGNED"), hostile("ig<x>", SCORES, "SIGNED")), null,
                        Map.of()))) {
            assertFalse(page.contains("<script"), "raw <script> in page");
            assertFalse(page.contains("<s>"), "raw <s> in page");
            assertFalse(page.contains("A&B"), "unescaped & in page");
            assertFalse(page.contains("ig<x>") || page.contains("m<odel>") || page.contains("inst\"1\""), "unescaped name");
            assertFalse(page.contains("\u202E") || page.contains("\u200F"), "raw bidi control in page");
            assertTrue(page.contains("⟨U+202E⟩") && page.contains("⟨U+200F⟩"), "bidi controls not shown");
            // Every element's quoted attributes are balanced: no quote escaped from a token text.
            for (String tag : tags(page)) {
                assertEquals(0, tag.chars().filter(c -> c == '"').count() % 2, tag);
            }
        }
    }

    @Test
    void headerNamesMethodModelAndConfiguration() {
        String html = HeatmapPage.single(hostile("heta", SCORES, "SIGNED"), null, Map.of());
        for (String dt : List.of("method", "model", "cell", "variant", "hvp mode", "target")) {
            assertTrue(html.contains("<dt>" + dt + "</dt>"), dt);
        }
        assertTrue(html.contains("<dd>CENTRAL_DIFFERENCE</dd>"));
        assertTrue(html.contains("<dd>m&lt;odel&gt;</dd>"));
        // Unknown target text: the id is shown.
        assertTrue(html.contains("title=\"target · pos 6 · id 42 · text unknown\">id 42</span>"), html);
    }

    @Test
    void everyShadedTokenStatesItsRawScoreInItsTitle() {
        double[] odd = {0.125, -3.5e-7, Double.NaN, 7, 0, 1e3};
        String single = HeatmapPage.single(hostile("heta", odd, "SIGNED"), "x", Map.of());
        List<String> titles = titles(single, "span");
        // 6 context tokens + target in the text heatmap, then score + gate rows of the components table.
        List<String> expected = List.of("score 0.125000", "score -3.50000e-07", "score NaN", "score 7.00000", "score 0.00000",
                "score 1000.00");
        for (int i = 0; i < 6; i++) {
            assertTrue(titles.get(i).startsWith("pos " + i + " · "), titles.get(i));
            assertTrue(titles.get(i).contains(expected.get(i)), titles.get(i) + " vs " + expected.get(i));
        }
        assertTrue(titles.get(2).endsWith("normalised n/a"));
        assertEquals(18, titles.size(), "text heatmap, then score and gate rows of 6 tokens");
        assertTrue(titles.get(14).contains("gate 0.500000"), titles.get(14));
        // NaN is grey, not a colour of the scale.
        assertTrue(single.contains("style=\"background:" + ScoreScale.MISSING + "\" title=\"pos 2 "));
    }

    @Test
    void comparisonHasOneRowPerMethodOverTheSameTokenColumns() {
        TargetRow a = hostile("heta", SCORES, "SIGNED");
        TargetRow b = hostile("occlusion", new double[] {1, 2, 3, 4, 5, 6}, "NONNEG");
        TargetRow failed = new TargetRow("m", "d", "i", 6, 42, "ig", "default", 0, TOKENS, new int[6], new int[0],
                new double[0], null, Map.of(), null, null, Map.of(), 0, "IllegalStateException", "boom <b>");
        String html = HeatmapPage.comparison(List.of(a, b, failed), " </p>", Map.of("run index", "../index.html"));
        String body = between(html, "<div class=\"rows\">", "<h2>Top-5");
        assertEquals(3, body.split("<div class=\"hrow\">", -1).length - 1);
        assertEquals(12, titles(body, "span").size(), "6 token spans for each of the 2 successful rows");
        assertTrue(body.contains("failed: IllegalStateException: boom &lt;b&gt;"));
        assertTrue(body.contains("<div class=\"hlabel\" title=\"variant full · hvp mode CENTRAL_DIFFERENCE · score type "
                + "SIGNED · 0.2500 s\">heta <span"), body);
        assertTrue(between(html, "<h2>Top-5", "</table>").contains("<th>occlusion</th>"));
        // Non-negative row: sequential scale, the largest score is full red and 3/6 is half way.
        assertTrue(body.contains("style=\"background:#b2182b\" title=\"pos 5 · &quot;x⟨U+200F⟩y&quot; · occlusion score 6.00000"));
        assertTrue(body.contains("style=\"background:#d98c95\" title=\"pos 2 · &quot; A&amp;B&quot; · occlusion score 3.00000"));
        // Both legends, since one row is signed and one non-negative.
        assertTrue(html.contains("signed: blue negative, red positive") && html.contains("(non-negative)"));
        assertTrue(html.contains("<a href=\"../index.html\">run index</a>"));
    }

    static List<String> titles(String html, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + " class=\"tok[^\"]*\" style=\"[^\"]*\" title=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<String> tags(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<[a-zA-Z][^>]*>").matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
