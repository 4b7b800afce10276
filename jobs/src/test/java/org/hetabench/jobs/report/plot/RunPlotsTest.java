package org.hetabench.jobs.report.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.jobs.report.ReportPages;
import org.hetabench.jobs.store.MetricRow;
import org.hetabench.jobs.store.TargetRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plots a run's rows support, and that the written files are real images. */
class RunPlotsTest {
    static MetricRow m(String method, String cell, String metric, double v, int i) {
        return new MetricRow("m", "d", "i" + i, 4, method, cell, 0, metric, v);
    }

    static TargetRow t(String method, String cell, String variant, double seconds, int i) {
        return t(method, cell, variant, seconds, i, Map.of(), 0);
    }

    static TargetRow t(String method, String cell, String variant, double seconds, int i, Map<String, Double> metrics,
                       long seed) {
        return new TargetRow("m", "d", "i" + i, 4, 1, method, cell, seed, List.of(), new int[0], new int[0], new double[0],
                "NONNEG", Map.of(), variant, null, metrics, seconds, null, null);
    }

    /** Per-target metric map of a log-ratio metric (with its parts) and F1. */
    static Map<String, Double> values(double source, double random, double f1) {
        return Map.of("soft-nc", Math.log(source / random), "soft-nc.source", source, "soft-nc.random", random, "f1", f1);
    }

    static void assertImages(Path runDir, PlotFile p) throws Exception {
        assertEquals(2, p.files().size(), p.toString());
        ReportPages.assertImages(runDir.resolve(p.files().get(0)), runDir.resolve(p.files().get(1)));
    }

    @Test
    void ablationRobustnessGridAndRuntimePlotsAreDrawnFromTheirRows(@TempDir Path dir) throws Exception {
        List<MetricRow> rows = new ArrayList<>();
        List<TargetRow> targets = new ArrayList<>();
        String[] abl = {"kl-only", "none", "hessian-only"};
        for (int i = 0; i < 3; i++) {
            for (String a : abl) {
                rows.add(m("heta", "heta.ablation=" + a, "soft-nc", i + a.length(), i));
                targets.add(t("heta", "heta.ablation=" + a, "full", 0.1 * (i + 1), i, values(2 + i, 1, 0.8), 0));
            }
            targets.add(t("ig", "default", null, 0.02, i, values(1 + i, 1, 0.5), 0));
            targets.add(t("uniform", "default", null, 0.0, i, values(1, 1, 0.1), 0));
            rows.add(m("ig", "default", "f1", 0.5, i));
            rows.add(m("heta", "heta.ablation=none", "f1", 0.8, i));
            rows.add(m("ig", "default", "decoding-grid-delta:soft-nc", 3.1, i));
            rows.add(m("heta", "heta.ablation=none", "decoding-grid-delta:soft-nc", 0.8, i));
        }
        rows.add(m("heta", "heta.ablation=none", "soft-nc", Double.NaN, 9));
        List<PlotFile> plots = new RunPlots(640, 400).write(dir, rows, targets);
        Map<String, PlotFile> byName = new java.util.HashMap<>();
        plots.forEach(p -> byName.put(p.name(), p));
        for (String n : List.of("ablation-soft-nc", "ablation-f1", "robustness-f1", "decoding-grid-delta", "runtime-soft-nc",
                "runtime-f1")) {
            assertTrue(byName.containsKey(n), n + " in " + byName.keySet());
            assertFalse(byName.get(n).skipped(), n);
            assertImages(dir, byName.get(n));
        }
        assertTrue(byName.get("ablation-soft-nc").note().contains("9 values, 1 NaN excluded"), byName.get("ablation-soft-nc").note());
        // Every method of the run is a named point of each runtime plot (uniform's 0 s sits at 0.1 ms on the log axis).
        for (String n : List.of("runtime-soft-nc", "runtime-f1")) {
            String svg = Files.readString(dir.resolve(byName.get(n).files().get(1)));
            String desc = svg.substring(svg.indexOf("<desc>"), svg.indexOf("</desc>"));
            for (String label : List.of("ig", "uniform", "heta full [heta.ablation=none]", "heta full [heta.ablation=kl-only]")) {
                assertTrue(desc.contains(label), label + " missing from " + n + ": " + desc);
            }
        }
        for (String n : List.of("bars-d-soft-nc", "bars-d-f1")) {
            assertFalse(byName.get(n).skipped(), n);
            assertImages(dir, byName.get(n));
        }
        assertEquals(8, plots.size(), byName.keySet().toString());
    }

    @Test
    void datasetLevelIsTheLogRatioOfSumsForSoftMetricsAndTheMeanOtherwise() {
        // soft-nc: sources 2 and 4, randoms 1 and 1 -> ln(6 / 2) = ln 3, not the mean of ln 2 and ln 4 (= ln 2.83).
        List<TargetRow> rows = List.of(t("ig", "default", null, 1, 0, values(2, 1, 0.25), 0),
                t("ig", "default", null, 1, 1, values(4, 1, 0.75), 0));
        assertEquals(Math.log(3), RunPlots.datasetLevel(rows, "soft-nc"), 1e-15);
        assertEquals(0.5, RunPlots.datasetLevel(rows, "f1"), 1e-15);
        assertTrue(Double.isNaN(RunPlots.datasetLevel(rows, "aopc-comp")));
    }

    @Test
    void barsHaveSeedSpreadErrorBarsWithSeveralSeeds(@TempDir Path dir) throws Exception {
        List<TargetRow> targets = new ArrayList<>();
        for (long seed = 0; seed < 3; seed++) {
            targets.add(t("ig", "default", null, 0.1, 0, values(2 + seed, 1, 0.5), seed));
            targets.add(t("heta", "default", "full", 1, 0, values(3, 1, 0.5 + 0.1 * seed), seed));
        }
        Map<String, PlotFile> byName = new java.util.HashMap<>();
        new RunPlots(640, 400).datasetBars(dir, targets).forEach(p -> byName.put(p.name(), p));
        PlotFile f1 = byName.get("bars-d-f1");
        assertTrue(f1.note().contains("mean over 3 seeds, error bars one standard deviation over seeds"), f1.note());
        assertImages(dir, f1);
    }

    @Test
    void aRunWithoutTheDataGetsSkippedPlotsWithReasonsAndNoFiles(@TempDir Path dir) throws Exception {
        List<MetricRow> rows = List.of(m("ig", "default", "soft-nc", 1, 0));
        List<TargetRow> targets = List.of(t("ig", "default", null, 0.1, 0));
        List<PlotFile> plots = new RunPlots(640, 400).write(dir, rows, targets);
        assertEquals(5, plots.size());
        for (PlotFile p : plots) {
            assertTrue(p.skipped(), p.toString());
            assertFalse(p.note().isBlank());
        }
        assertFalse(Files.exists(dir.resolve("plots")));
    }

    @Test
    void cellLabelsParseEvenWithCommasInValues() {
        assertEquals(Map.of("heta.ablation", "kl-only", "heta.flow.layers", "0,2,4", "heta.hvp.samples", "1"),
                RunPlots.parseCell("heta.ablation=kl-only,heta.flow.layers=0,2,4,heta.hvp.samples=1"));
        assertTrue(RunPlots.parseCell("default").isEmpty());
    }
}
