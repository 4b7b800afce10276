package org.hetabench.jobs.report.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.jobs.report.MetricRow;
import org.hetabench.jobs.report.ReportPages;
import org.hetabench.jobs.report.TargetRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plots a run's rows support, and that the written files are real images. */
class RunPlotsTest {
    static MetricRow m(String method, String cell, String metric, double v, int i) {
        return new MetricRow("m", "d", "i" + i, 4, method, cell, 0, metric, v);
    }

    static TargetRow t(String method, String cell, String variant, double seconds, int i) {
        return new TargetRow("m", "d", "i" + i, 4, 1, method, cell, 0, List.of(), new int[0], new int[0], new double[0],
                "NONNEG", Map.of(), variant, null, Map.of(), seconds, null, null);
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
                targets.add(t("heta", "heta.ablation=" + a, "full", 0.1 * (i + 1), i));
            }
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
        assertEquals(6, plots.size(), byName.keySet().toString());
    }

    @Test
    void aRunWithoutTheDataGetsSkippedPlotsWithReasonsAndNoFiles(@TempDir Path dir) throws Exception {
        List<MetricRow> rows = List.of(m("ig", "default", "soft-nc", 1, 0));
        List<TargetRow> targets = List.of(t("ig", "default", null, 0.1, 0));
        List<PlotFile> plots = new RunPlots(640, 400).write(dir, rows, targets);
        assertEquals(4, plots.size());
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
