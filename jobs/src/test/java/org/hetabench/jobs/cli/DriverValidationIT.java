package org.hetabench.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters are checked on the driver: {@code validate} refuses exactly what {@code bench} would, and
 * {@code bench} refuses before any executor starts. A run whose every item fails at run time still
 * writes its summary and provenance and exits non-zero with one line.
 */
class DriverValidationIT {
    static final String SMALL = "datasets=[{name: tellmewhy, sample: 2}]";

    @Test
    void validateAndBenchRefuseAParameterTypoBadMetricKeyAndOutOfRangeValue(@TempDir Path out) {
        String[][] cases = {
            {"params.integrated-gradients.stpes=16", "integrated-gradients.stpes", "did you mean 'steps'"},
            {"metricParams.soft.numMaskSample=2", "soft.numMaskSample", "did you mean 'soft.numMaskSamples'"},
            {"params.heta.hvp.samples=0", "heta.hvp.samples", "0"},
        };
        for (String[] c : cases) {
            CliTest.Run v = CliTest.run("validate", "quickstart", "--set", SMALL, "--set", "output=" + out, "--set", c[0]);
            assertEquals(2, v.code(), c[0] + ": " + v.out() + v.err());
            assertTrue(v.out().contains("problem: ") && v.out().contains(c[1]) && v.out().contains(c[2]), v.out());
            assertFalse(v.out().contains("validate: OK"), v.out());

            CliTest.Run b = CliTest.run("bench", "quickstart", "--run-id", "typo", "--set", SMALL, "--set",
                    "output=" + out, "--set", c[0]);
            assertEquals(2, b.code(), c[0] + ": " + b.out() + b.err());
            assertTrue(b.err().startsWith("error: ") && b.err().contains(c[1]) && b.err().contains(c[2])
                    && b.err().strip().lines().count() == 1, b.err());
            // Refused on the driver: no Spark job ran, so no table was written.
            assertFalse(Files.exists(out.resolve("tables")), "bench wrote tables for a refused suite");
        }
    }

    @Test
    void allFailingRunWritesSummaryAndRunJsonAndExitsNonZero(@TempDir Path out) throws Exception {
        // Two TellMeWhy instances, 10 generated targets each (the dataset default once the suite's list is replaced).
        // LS-9 is a valid parameter but stories260K has 5 layers: only the executor, holding the model, can tell.
        CliTest.Run r = CliTest.run("bench", "quickstart", "--run-id", "allfail", "--set", SMALL, "--set",
                "output=" + out, "--set", "methods=[heta]", "--set", "params.heta.variant=LS-9");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().strip().startsWith("error: all 20 target rows of run allfail failed") && r.err().contains("summary.md"),
                r.err());
        String summary = Files.readString(out.resolve("allfail/summary.md"));
        assertTrue(summary.contains("Every target row of this run failed"), summary);
        assertTrue(summary.contains("| heta | IllegalArgumentException |") && summary.contains("LS-1 .. LS-5")
                && summary.contains("| 20 |"), summary);
        var run = new ObjectMapper().readTree(out.resolve("allfail/run.json").toFile());
        assertEquals("allfail", run.get("run_id").asText());
        assertFalse(run.get("config_sha256").asText().isEmpty());

        // report on that run writes an index page listing the failures instead of failing.
        CliTest.Run rep = CliTest.run("report", "allfail", "--output", out.toString());
        assertEquals(0, rep.code(), rep.out() + rep.err());
        String index = Files.readString(out.resolve("allfail/index.html"));
        assertTrue(index.contains("Every target row of this run failed") && index.contains("IllegalArgumentException")
                && index.contains("LS-1 .. LS-5") && index.contains("<td class=\"num\">20</td>"), index);
    }
}
