package org.hetabench.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.hetabench.jobs.bench.ReportFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real run opened in headless Chromium (Debian package {@code chromium}): the index loads
 * without console messages, every link and image of every page loads inside the browser, and
 * screenshots are saved to {@code target/chromium/} for a person to look at. Skips when
 * {@code /usr/bin/chromium} is absent.
 */
@Tag("chromium")
class IndexPageChromiumIT {
    static final Path CHROMIUM = Browser.CHROMIUM;
    static final Path SHOTS = Path.of("target", "chromium");
    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void build() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "headless Chromium not installed at /usr/bin/chromium (apt-get install chromium); browser checks skipped");
        out = ReportFixture.copyTo(dir.resolve("runs"));
        RunReport.build(ReportFixture.spark(), out.toString(), ReportFixture.RUN_ID, new RunReport.Options(2, 0, 800, 500));
    }

    @Test
    void theIndexLoadsWithoutConsoleMessagesAndShowsProvenancePlotsAndHeatmaps() throws Exception {
        Path index = out.resolve(ReportFixture.RUN_ID).resolve("index.html");
        Browser.Run r = Browser.run(dir, "--dump-dom", index.toUri().toString());
        assertEquals(0, r.exit());
        assertEquals(List.of(), r.console());
        assertTrue(r.dom().contains("<h1>Run fx</h1>"), r.dom());
        assertTrue(r.dom().contains("provenance unavailable"));
        assertTrue(r.dom().contains("<img src=\"plots/ablation-soft-nc.png\""));
        assertTrue(r.dom().contains("-compare.html\">compare</a>"));

        Files.createDirectories(SHOTS);
        Path shot = SHOTS.resolve("index.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        assertEquals(0, Browser.run(dir, "--hide-scrollbars", "--window-size=1280,2400", "--screenshot=" + shot,
                index.toUri().toString()).exit());
        assertNotBlank(shot);
        Path compare;
        try (Stream<Path> s = Files.walk(out.resolve(ReportFixture.RUN_ID).resolve("heatmaps"))) {
            compare = s.filter(p -> p.toString().endsWith("-compare.html")).sorted().findFirst().orElseThrow();
        }
        Path shot2 = SHOTS.resolve("compare.png").toAbsolutePath();
        Files.deleteIfExists(shot2);
        Browser.Run c = Browser.run(dir, "--hide-scrollbars", "--window-size=1400,900", "--screenshot=" + shot2,
                compare.toUri().toString());
        assertEquals(0, c.exit());
        assertEquals(List.of(), c.console());
        assertNotBlank(shot2);
        Path single;
        try (Stream<Path> s = Files.walk(compare.getParent())) {
            single = s.filter(p -> p.getFileName().toString().contains("-heta-")).sorted().findFirst().orElseThrow();
        }
        Path shot3 = SHOTS.resolve("heatmap.png").toAbsolutePath();
        Files.deleteIfExists(shot3);
        Browser.Run h = Browser.run(dir, "--hide-scrollbars", "--window-size=1280,1000", "--screenshot=" + shot3,
                single.toUri().toString());
        assertEquals(0, h.exit());
        assertEquals(List.of(), h.console());
        assertNotBlank(shot3);
    }

    @Test
    void everyLinkAndImageOfEveryPageLoadsInTheBrowser() throws Exception {
        List<String> pages;
        try (Stream<Path> s = Files.walk(out.resolve(ReportFixture.RUN_ID))) {
            pages = s.filter(p -> p.toString().endsWith(".html")).map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        int expected = 0;
        for (String page : pages) {
            String html = Files.readString(out.resolve(page));
            expected += ReportPages.links(html).size() + (html.split("<img ", -1).length - 1);
        }
        List<String> lines = harness(out, pages);
        assertEquals(expected, lines.size(), "every link and image was checked in the browser");
        for (String l : lines) {
            assertTrue(l.endsWith("| ok"), l);
        }
    }

    @Test
    void theChecksCatchABrokenImageALinkAndAConsoleError() throws Exception {
        Path site = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(site.resolve("index.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>b</title>"
                + "</head><body><h1>b</h1><img src=\"missing.png\"><a href=\"gone.html\">x</a>"
                + "<script>console.error('boom')</script></body></html>");
        List<String> lines = harness(site, List.of("index.html"));
        assertTrue(lines.contains("index.html | missing.png | image failed"), lines.toString());
        assertTrue(lines.contains("index.html | gone.html | load failed"), lines.toString());
        assertTrue(lines.contains("index.html | img missing.png | not rendered"), lines.toString());
        Browser.Run r = Browser.run(dir, "--dump-dom", site.resolve("index.html").toUri().toString());
        assertEquals(1, r.console().size(), r.console().toString());
        assertTrue(r.console().get(0).contains("boom"));
    }

    /** Runs the link harness over {@code pages} (relative to {@code root}) and returns its result lines. */
    static List<String> harness(Path root, List<String> pages) throws Exception {
        String template;
        try (InputStream in = IndexPageChromiumIT.class.getResourceAsStream("/report/link-harness.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder json = new StringBuilder("[");
        for (String p : pages) {
            json.append(json.length() > 1 ? "," : "").append('"').append(p.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        Path h = root.resolve("harness-" + System.nanoTime() + ".html");
        Files.writeString(h, template.replace("PAGES_JSON", json.append(']')));
        try {
            Browser.Run r = Browser.run(dir, "--allow-file-access-from-files", "--virtual-time-budget=60000", "--dump-dom",
                    h.toUri().toString());
            assertEquals(0, r.exit());
            int a = r.dom().indexOf("<pre id=\"out\">");
            int b = r.dom().indexOf("</pre>", a);
            String text = r.dom().substring(a + "<pre id=\"out\">".length(), b).replace("&amp;", "&").replace("&lt;", "<")
                    .replace("&gt;", ">");
            assertTrue(text.startsWith("DONE"), "harness did not finish: " + text);
            return text.lines().skip(1).toList();
        } finally {
            Files.delete(h);
        }
    }

    static void assertNotBlank(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " not written");
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, png.toString());
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertFalse(colours.size() < 10, png + " looks blank (" + colours.size() + " colours)");
    }
}
