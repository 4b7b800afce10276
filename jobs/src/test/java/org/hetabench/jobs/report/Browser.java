package org.hetabench.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian package {@code chromium}) for report tests: runs it on a page and measures,
 * inside the browser, what a person sees: how many heatmap tokens carry a visible colour and whether the
 * page scrolls sideways.
 */
public final class Browser {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private Browser() {}

    public static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Chromium's result: exit code, standard output (the DOM with --dump-dom) and the page's console lines. */
    public record Run(int exit, String dom, List<String> console) {}

    /**
     * What the browser laid out: {@code tokens} elements of class {@code tok}, {@code coloured} of them
     * with a computed background where some channel is at least 10% below white (alpha applied), and the
     * document's {@code scrollWidth} against the window's {@code innerWidth}.
     */
    public record Layout(int tokens, int coloured, int scrollWidth, int innerWidth) {
        public double colouredShare() {
            return tokens == 0 ? 0 : coloured / (double) tokens;
        }

        public boolean scrollsSideways() {
            return scrollWidth > innerWidth;
        }
    }

    private static final String MEASURE = "<script>(function () {"
            + "var toks = document.querySelectorAll('.tok'), coloured = 0;"
            + "for (var i = 0; i < toks.length; i++) {"
            + "  var m = getComputedStyle(toks[i]).backgroundColor.match(/[0-9.]+/g).map(Number);"
            + "  var a = m.length > 3 ? m[3] : 1, low = 255;"
            + "  for (var c = 0; c < 3; c++) { low = Math.min(low, 255 - a * (255 - m[c])); }"
            + "  if (low <= 0.9 * 255) { coloured++; }"
            + "}"
            + "var pre = document.createElement('pre'); pre.id = 'hb-measure';"
            + "pre.textContent = JSON.stringify({tokens: toks.length, coloured: coloured,"
            + "  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth});"
            + "document.body.appendChild(pre);"
            + "})();</script>";

    /** Lays {@code page} out in a {@code width}-pixel window and measures it (on a copy beside the page). */
    public static Layout measure(Path page, int width, Path work) throws IOException, InterruptedException {
        String html = Files.readString(page);
        int body = html.lastIndexOf("</body>");
        String probe = body < 0 ? html + MEASURE : html.substring(0, body) + MEASURE + html.substring(body);
        Path copy = page.resolveSibling(".measure-" + page.getFileName());
        Files.writeString(copy, probe);
        try {
            Run r = run(work, "--dump-dom", "--window-size=" + width + ",900", copy.toUri().toString());
            if (r.exit() != 0) {
                throw new AssertionError("chromium exited " + r.exit() + " on " + page);
            }
            int a = r.dom().indexOf("<pre id=\"hb-measure\">");
            if (a < 0) {
                throw new AssertionError("the measuring script did not run on " + page + "; console: " + r.console());
            }
            String json = r.dom().substring(a + "<pre id=\"hb-measure\">".length(), r.dom().indexOf("</pre>", a));
            JsonNode n = new ObjectMapper().readTree(json.replace("&quot;", "\""));
            return new Layout(n.get("tokens").asInt(), n.get("coloured").asInt(), n.get("scrollWidth").asInt(),
                    n.get("innerWidth").asInt());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Runs headless Chromium with a fresh profile under {@code work}. */
    public static Run run(Path work, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path so = Files.createTempFile(work, "chromium", ".out");
        Path se = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(so.toFile()).redirectError(se.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        // Page console messages are logged as CONSOLE lines; the rest of the log is browser noise (D-Bus etc.).
        List<String> console = Files.readAllLines(se).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Run(p.exitValue(), Files.readString(so), console);
    }
}
