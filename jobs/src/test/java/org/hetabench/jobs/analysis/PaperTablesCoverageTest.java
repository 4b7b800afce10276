package org.hetabench.jobs.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tables 5, 7–10, 12–14 in conf/paper/ agree with shared/paper/tables.md cell by cell: every printed number
 * of a metric column is transcribed under its row's paper label, and every other column is named here as
 * not transcribed (runtime, memory, downstream deltas).
 */
class PaperTablesCoverageTest {

    /** A table's columns: header text to metric name, or to null for a column that is not a metric. */
    record Columns(String table, int labelColumns, Map<String, String> metrics) {}

    static Map<String, String> cols(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Columns> tables() {
        return List.of(
                new Columns("5", 1, cols("Soft-NC", "soft-nc", "Soft-NS", "soft-ns", "DSA", "dsa")),
                new Columns("7", 2, cols("Faithfulness ↓", "reconstruction-error", "Sensitivity ↓", "sensitivity",
                        "Robustness ↑", "active-passive", "F1 (Alignment) ↑", "f1")),
                new Columns("8", 1, cols("Sensitivity ↓", "sensitivity", "Act./Pass. Robustness ↑", "active-passive",
                        "F1 (Alignment) ↑", "f1")),
                new Columns("9", 1, cols("Runtime (s)", null, "AOPC ↑", "aopc-comp", "F1 ↑", "f1")),
                new Columns("10", 1, cols("AOPC ↑", "aopc-comp", "Runtime (s)", null)),
                new Columns("12", 1, cols("AOPC ↑", "aopc-comp", "DSA ↑", "dsa", "Runtime ↓", null, "Memory ↓", null,
                        "eps_M(W) ↓", "window-leakage")),
                new Columns("13", 1, cols("Patch-Corr ↑", "patch-corr", "Intervention@5 ↑", "intervention-at-k",
                        "Misattr. ↓", "misattribution-rate")),
                new Columns("14", 1, cols("Causal Pass@5 ↑", "causal-pass-at-k", "CF-AOPC ↑", "cf-aopc",
                        "Fact EM Δ ↑", null, "Tool Hit@1 Δ ↑", null, "Span-F1 ↑", "span-f1", "Decoding Δ% ↓", null)));
    }

    /** The printed number of a cell: thousands separators, a sign and a "± std" part dropped. */
    static double printed(String cell) {
        return Double.parseDouble(cell.replace(",", "").replace("+", "").split(" ± ")[0].trim());
    }

    @ParameterizedTest(name = "Table {0}")
    @MethodSource("tables")
    void everyMetricCellIsTranscribed(Columns c) throws Exception {
        Path file = PaperTableTest.CONF.resolve("paper").resolve("table" + c.table() + ".yaml");
        PaperTable loaded = PaperTable.load(file); // loads with its checks (metric names, keys)
        assertEquals(c.table(), loaded.table());
        JsonNode entries = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("entries");
        List<String[]> rows = PaperTableTest.tsv(c.table());
        String[] header = null;
        String block = null; // Table 13 prints one block per model
        int checked = 0;
        for (String[] r : rows) {
            if (r.length == 1) {
                block = r[0].startsWith("GPT-J") ? "gpt-j-6b" : "llama-3.1-70b";
                continue;
            }
            if (header == null || r[0].equals(header[0])) {
                header = r;
                continue;
            }
            String label = c.labelColumns() == 2 ? r[0] + " / " + r[1] : r[0];
            for (int j = c.labelColumns(); j < header.length; j++) {
                assertTrue(c.metrics().containsKey(header[j]), "Table " + c.table() + ": unaccounted column " + header[j]);
                String metric = c.metrics().get(header[j]);
                if (metric == null) {
                    continue;
                }
                JsonNode hit = null;
                for (JsonNode e : entries) {
                    if (e.path("paperLabel").asText().equals(label) && e.path("metric").asText().equals(metric)
                            && (block == null || e.path("model").asText().equals(block))) {
                        hit = e;
                    }
                }
                assertNotNull(hit, "Table " + c.table() + ": no entry for " + label + " / " + metric);
                assertEquals(printed(r[j]), hit.path("value").asDouble(), 0, "Table " + c.table() + " " + label + " " + metric);
                checked++;
            }
        }
        assertTrue(checked > 0);
        assertEquals(checked, entries.size(), "Table " + c.table() + ": entries beyond the printed cells");
    }

    @org.junit.jupiter.api.Test
    void tables1To18AreCovered() {
        Set<String> names = Set.copyOf(PaperTable.names(PaperTableTest.CONF));
        for (String t : List.of("1", "2-11", "3", "4", "5", "7", "8", "9", "10", "12", "13", "14", "15", "16", "17", "18")) {
            assertTrue(names.contains("table" + t), "conf/paper/table" + t + ".yaml");
        }
    }
}
