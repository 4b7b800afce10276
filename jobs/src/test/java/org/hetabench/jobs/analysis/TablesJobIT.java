package org.hetabench.jobs.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tables} on a real two-seed run of a suite named table3 whose model preset is called gpt-j-6b
 * (stories260K underneath): mean ± sample std over the seeds, recomputed here from the raw rows, next to
 * the paper's Table 3 value; and generic tables for a suite without a paper table.
 */
class TablesJobIT {
    @TempDir
    static Path out;
    static final String RUN = "t3";

    @BeforeAll
    static void runTheSuite() {
        SuiteConfig cfg = AnalysisRuns.suite("table3", out.toString(), "gpt-j-6b", "longra",
                List.of("integrated-gradients", "heta"), Map.of("integrated-gradients.steps", "8", "heta.hvp.samples", "1"),
                List.of("soft-nc", "soft-ns"), List.of(0L, 1L));
        AnalysisRuns.run(cfg, RUN, AnalysisRuns.instances("longra", 3));
        // What the bench command records for every run (Provenance → run.json).
        new RunStore(AnalysisRuns.spark(), out.toString()).writeRunJson(RUN, Map.of("run_id", RUN, "suite", "table3"));
    }

    /**
     * Mean and sample std over seeds of the per-seed dataset numbers, by hand from the rows. Soft-NC/NS are
     * log-ratio metrics: per seed, ln(sum of per-target source distances / sum of random ones) (metrics.md 2.6).
     */
    static double[] byHand(String method, String metric) {
        Map<Long, double[]> sums = new TreeMap<>();
        for (Row r : AnalysisRuns.rows(out.toString(), RUN)) {
            if (r.getString(r.fieldIndex("method")).equals(method)) {
                double[] s = sums.computeIfAbsent(r.getLong(r.fieldIndex("seed")), k -> new double[3]);
                s[0] += AnalysisRuns.metric(r, metric + ".source");
                s[1] += AnalysisRuns.metric(r, metric + ".random");
                s[2]++;
            }
        }
        assertEquals(2, sums.size());
        assertEquals(3, sums.get(0L)[2]);
        // A seed whose sums are zero has no defined value (spec guard) and is left out of mean and std.
        double[] v = sums.values().stream().filter(x -> x[0] > 0 && x[1] > 0).mapToDouble(x -> Math.log(x[0] / x[1]))
                .toArray();
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double sd = v.length < 2 ? Double.NaN : Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum()
                / (v.length - 1));
        return new double[] {mean, sd, v.length};
    }

    /** The table cell for a hand-computed {mean, sd, n}. */
    static String cell(double[] x) {
        return x[2] < 2 ? String.format(Locale.ROOT, "%.3f ± n/a (n=%d)", x[0], (int) x[2])
                : String.format(Locale.ROOT, "%.3f ± %.3f (n=%d)", x[0], x[1], (int) x[2]);
    }

    @Test
    void rendersMeanAndStdOverTwoSeedsNextToThePaperValue() throws Exception {
        AnalysisRuns.Cli r = AnalysisRuns.cli("tables", RUN, "--output", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Path dir = out.resolve(RUN).resolve("tables");
        String md = Files.readString(dir.resolve("table3.md"));
        double[] ig = byHand("integrated-gradients", "soft-nc");
        String cell = cell(ig);
        // Paper Table 3, GPT-J 6B, Integrated Gradients, LongRA: Soft-NC 1.87, Soft-NS 0.45.
        double[] igNs = byHand("integrated-gradients", "soft-ns");
        String igRow = md.lines().filter(l -> l.startsWith("| integrated-gradients |")).findFirst().orElseThrow(
                () -> new AssertionError(md));
        assertTrue(igRow.contains("| " + cell + " | 1.87 |"), igRow + "\nwanted " + cell);
        assertTrue(igRow.contains("| " + cell(igNs) + " | 0.45 |"), igRow + "\nwanted " + cell(igNs));
        assertTrue(md.contains(" | longra soft-nc | paper | longra soft-ns | paper |"), md);
        assertTrue(md.contains("Table 3"), md);
        double[] heta = byHand("heta", "soft-nc");
        // HETA (Ours), GPT-J 6B, LongRA Soft-NC: 10.3 in the paper.
        String hetaRow = md.lines().filter(l -> l.startsWith("| heta |")).findFirst().orElseThrow();
        assertTrue(hetaRow.contains("| " + cell(heta) + " | 10.3 |"), hetaRow);
        // The paper lists methods in its own order: ContextCite is absent from the run, IG before HETA.
        assertTrue(md.indexOf("| integrated-gradients |") < md.indexOf("| heta |"));

        String csv = Files.readString(dir.resolve("table3.csv"));
        String[] f = csv.lines().map(l -> l.split(",")).filter(x -> x[4].equals("integrated-gradients")
                && x[7].equals("soft-nc")).findFirst().orElseThrow(() -> new AssertionError(csv));
        assertEquals("default", f[5]);
        assertEquals(ig[0], Double.parseDouble(f[8]), 1e-5 * Math.max(1, Math.abs(ig[0])));
        assertEquals(ig[1], Double.parseDouble(f[9]), 1e-5 * Math.max(1, Math.abs(ig[1])));
        assertEquals(Integer.toString((int) ig[2]), f[10]);
        assertEquals("6", f[13]); // instance values behind the number: 3 instances × 2 seeds
        assertEquals("1.87", f[15]);

        String html = Files.readString(dir.resolve("table3.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<td>" + cell + "</td><td class=\"paper\">1.87</td>"), html);
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src="), "self-contained");
    }

    @Test
    void aSuiteWithoutAPaperTableGetsGenericTables() throws Exception {
        AnalysisRuns.Cli r = AnalysisRuns.cli("tables", RUN, "--output", out.toString(), "--table", "table1",
                "--seeds-agg", "mean-min-max");
        // Table 1 is DSA on the curated set: nothing of this run matches, so every paper cell is absent.
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(out.resolve(RUN).resolve("tables").resolve("table1.md"));
        assertFalse(md.contains("| paper |"), md);
        assertTrue(md.matches("(?s).*\\| integrated-gradients \\|[^\n]*\\| -?[0-9.]+ \\[-?[0-9.]+, -?[0-9.]+\\] \\(n=2\\) \\|.*"), md);

        Files.delete(out.resolve(RUN).resolve("run.json"));
        try {
            AnalysisRuns.Cli g = AnalysisRuns.cli("tables", RUN, "--output", out.toString());
            assertEquals(0, g.code(), g.err());
            String generic = Files.readString(out.resolve(RUN).resolve("tables").resolve("run.md"));
            assertTrue(generic.contains("generic tables without paper values"), generic);
            assertFalse(generic.contains("| paper |"));
        } finally {
            runTheSuiteJsonAgain();
        }
    }

    private static void runTheSuiteJsonAgain() {
        new RunStore(AnalysisRuns.spark(), out.toString()).writeRunJson(RUN, Map.of("run_id", RUN, "suite", "table3"));
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        AnalysisRuns.Cli r = AnalysisRuns.cli("tables", "nope", "--output", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: No run 'nope'") && r.err().contains("known runs: t3"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        AnalysisRuns.Cli t = AnalysisRuns.cli("tables", RUN, "--output", out.toString(), "--table", "tabel3");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("did you mean 'table3'"), t.err());
        AnalysisRuns.Cli s = AnalysisRuns.cli("tables", RUN, "--output", out.toString(), "--seeds-agg", "median");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("mean-std or mean-min-max"), s.err());
    }
}
