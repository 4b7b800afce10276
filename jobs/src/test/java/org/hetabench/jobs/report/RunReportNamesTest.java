package org.hetabench.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File names and hrefs built from run data (which may be hostile), and the output root check. */
class RunReportNamesTest {
    @Test
    void hostileNamesBecomeSafeDistinctFileNames() {
        for (String name : List.of("../../etc/passwd", "..", "<script>", "a/b\\c", "\u202Eexe.txt", "", "CON")) {
            String s = RunReport.safe(name);
            assertTrue(s.matches("[a-z0-9][a-z0-9._-]*"), name + " -> " + s);
            assertFalse(s.contains("/") || s.contains("\\") || s.startsWith("."), s);
        }
        // Names that read the same once slugged still get distinct files.
        assertNotEquals(RunReport.safe("a b"), RunReport.safe("a-b"));
        assertNotEquals(RunReport.safe("G1"), RunReport.safe("g1"));
        assertTrue(RunReport.safe("x".repeat(500)).length() < 80);
    }

    @Test
    void hrefsPercentEncodeWhatAUrlPathCannotHold() {
        assertEquals("tables/table%205.md", RunReport.href("tables/table 5.md"));
        assertEquals("tables/%C3%A9%23%3F%22.csv", RunReport.href("tables/é#?\".csv"));
    }

    @Test
    void theReportNeedsALocalOutputRoot() {
        assertEquals(Path.of("runs"), RunReport.localRoot("runs"));
        assertEquals(Path.of("/tmp/runs"), RunReport.localRoot("file:/tmp/runs"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunReport.localRoot("s3a://b/runs"));
        assertTrue(e.getMessage().contains("local directory"), e.getMessage());
    }
}
