package org.hetabench.jobs.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.jobs.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/paper/*.yaml: every file loads, and Tables 1 and 11 agree with the paper's TSV blocks cell by cell. */
class PaperTableTest {
    static final Path CONF = Path.of(System.getProperty("heta.repo.dir", "."), "conf");
    static final Map<String, String> METHODS = Map.ofEntries(Map.entry("IG", "integrated-gradients"),
            Map.entry("ContextCite", "context-cite"), Map.entry("Peering (PML)", "pml"), Map.entry("PML", "pml"),
            Map.entry("TDD-backward", "tdd-backward"), Map.entry("TDD-bw", "tdd-backward"),
            Map.entry("Attention Rollout", "attention-rollout"), Map.entry("AttnRoll", "attention-rollout"),
            Map.entry("fAML", "faml"), Map.entry("Progressive Inference", "progressive-inference"),
            Map.entry("ProgInf", "progressive-inference"), Map.entry("SEA-CoT", "sea-cot"), Map.entry("ReAgent", "reagent"),
            Map.entry("HETA (Ours)", "heta"), Map.entry("HETA", "heta"));
    static final Map<String, String> MODELS = Map.of("GPT-J", "gpt-j-6b", "LLaMA", "llama-3.1-70b", "Phi-3", "phi-3-medium",
            "Qwen2.5", "qwen2.5-3b", "GPT-J 6B", "gpt-j-6b", "LLaMA-3.1 70B", "llama-3.1-70b", "Phi-3 14B", "phi-3-medium",
            "Qwen2.5 3B", "qwen2.5-3b");

    /** The TSV lines of one table section of shared/paper/tables.md. */
    static List<String[]> tsv(String table) throws Exception {
        String md = Files.readString(SharedFiles.file("paper/tables.md"));
        int at = md.indexOf("## Table " + table + "\n");
        assertTrue(at >= 0, "section Table " + table);
        int start = md.indexOf("```tsv\n", at) + 7;
        int end = md.indexOf("```", start);
        List<String[]> rows = new ArrayList<>();
        for (String l : md.substring(start, end).split("\n")) {
            rows.add(l.split("\t", -1));
        }
        return rows;
    }

    @Test
    void everyFileLoads() {
        List<String> names = PaperTable.names(CONF);
        assertTrue(names.containsAll(List.of("table1", "table3", "table4", "table2-11", "table15", "table16", "table17",
                "table18")), names.toString());
        for (String n : names) {
            PaperTable t = PaperTable.forSuite(CONF, n).orElseThrow();
            assertEquals(n, t.suite(), "suite key of " + n);
            assertFalse(t.entries().isEmpty(), n);
            // The suite of the same name exists, so runs of it find their paper table.
            assertTrue(Files.isRegularFile(CONF.resolve("suites").resolve(n + ".yaml")), n);
        }
    }

    @Test
    void table1MatchesThePaper() throws Exception {
        PaperTable t = PaperTable.forSuite(CONF, "table1").orElseThrow();
        List<String[]> rows = tsv("1");
        String[] header = rows.get(0);
        int checked = 0;
        for (String[] r : rows.subList(1, rows.size())) {
            for (int j = 1; j < header.length; j++) {
                double want = Double.parseDouble(r[j]);
                assertEquals(want, t.lookup(MODELS.get(header[j]), "curated", METHODS.get(r[0]), "default", null, "dsa")
                        .orElseThrow(() -> new AssertionError(String.join(" ", r))), 0, r[0]);
                checked++;
            }
        }
        assertEquals(40, checked);
        assertEquals(40, t.entries().size());
    }

    @Test
    void table11MatchesThePaper() throws Exception {
        PaperTable t = PaperTable.forSuite(CONF, "table2-11").orElseThrow();
        assertEquals("decoding-grid-delta", t.kind());
        List<String[]> rows = tsv("11");
        String[] header = rows.get(0);
        String model = null;
        int checked = 0;
        for (String[] r : rows.subList(1, rows.size())) {
            model = r[0].isEmpty() ? model : MODELS.get(r[0]);
            String metric = r[1].toLowerCase();
            for (int j = 2; j < header.length; j++) {
                assertEquals(Double.parseDouble(r[j]), t.lookup(model, "longra", METHODS.get(header[j]), "default", null,
                        metric).orElseThrow(), 0, model + " " + metric + " " + header[j]);
                checked++;
            }
        }
        assertEquals(120, checked);
    }

    @Test
    void variantsOnlyMatchTheirVariant() {
        PaperTable t = PaperTable.forSuite(CONF, "table15").orElseThrow();
        assertEquals(0.59, t.lookup("gpt-j-6b", "longra", "heta", "default", "LR-64", "aopc-comp").orElseThrow(), 0);
        assertEquals(4.70, t.lookup("gpt-j-6b", "curated", "heta", "default", "full", "dsa").orElseThrow(), 0);
        assertTrue(t.lookup("gpt-j-6b", "curated", "heta", "default", "GS", "dsa").isEmpty());
        assertTrue(t.lookup("gpt-j-6b", "curated", "heta", "default", null, "dsa").isEmpty());
    }

    @Test
    void badFilesNameTheEntry(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("paper"));
        Files.writeString(dir.resolve("paper/x.yaml"), "table: '9'\nentries:\n  - {model: m, dataset: d, method: heta,"
                + " metric: sof-nc, value: 1}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> PaperTable.forSuite(dir, "x"));
        assertTrue(e.getMessage().contains("Unknown metric 'sof-nc'") && e.getMessage().contains("entries[0]")
                && e.getMessage().contains("did you mean 'soft-nc'"), e.getMessage());
    }
}
