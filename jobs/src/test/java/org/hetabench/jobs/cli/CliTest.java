package org.hetabench.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.jobs.HetaBench;
import org.junit.jupiter.api.Test;

/** The CLI contracts: generate output, attribute JSON keys, one-line user errors with exit code 2. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HetaBench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String model() {
        return SharedFiles.stories260K().toString();
    }

    @Test
    void generateContinuesTheReferenceStory() throws Exception {
        Run r = run("generate", "--model", model(), "--max-new-tokens", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        int[] want = SharedFiles.ints(SharedFiles.json("golden/stories260K-forward.json").get("greedy_from_bos_60"));
        int[] got = SharedFiles.ints(j.get("ids"));
        assertArrayEquals(java.util.Arrays.copyOf(want, 20), got);
        assertTrue(j.get("text").asText().startsWith("Once upon a time, there was a little girl named Lily."));
    }

    @Test
    void attributeJsonHasTheContractKeys() throws Exception {
        Run r = run("attribute", "--model", model(), "--precision", "float64", "--text",
                "Tom had a red ball. He threw the ball to his dog. The dog ran to get the", "--method", "heta",
                "--set", "heta.hvp.samples=2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : List.of("tokens", "ids", "target", "method", "scores", "components", "variant", "hvpMode", "passes",
                "seconds")) {
            assertTrue(j.has(k), "missing key " + k + " in " + r.out());
        }
        int t = j.get("ids").size();
        assertEquals(t, j.get("tokens").size());
        assertEquals(t, j.get("scores").size());
        // Default target = greedy next token; golden says argmax 268 (" b") for this prompt.
        assertEquals(268, j.get("target").get("id").asInt());
        assertTrue(j.get("target").get("logprob").asDouble() < 0);
        for (String c : List.of("gate", "curvature", "information")) {
            assertEquals(t, j.get("components").get(c).size(), c);
        }
        assertTrue(j.get("passes").get("hvp").asLong() > 0);
        assertFalse(j.get("hvpMode").asText().isEmpty());
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        Run r = run("attribute", "--model", model(), "--ids", "1,403", "--method", "hetta");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown method 'hetta'") && r.err().contains("did you mean 'heta'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = run("generate", "--model", "/nonexistent/model");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("/nonexistent/model") && !r.err().contains("\tat "), r.err());

        r = run("validate", "quickstart", "--set", "datasets=[{name: tellmewhyy, sample: 2}]");
        assertEquals(2, r.code());
        assertTrue(r.out().contains("Unknown dataset 'tellmewhyy'") && r.out().contains("did you mean"), r.out() + r.err());

        r = run("bench", "quickstart", "--set", "metrix=[dsa]");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown key 'metrix'") && r.err().contains("did you mean 'metrics'")
                && r.err().strip().lines().count() == 1, r.err());

        r = run("attribute", "--model", model(), "--ids", "1,403", "--target-id", "9999", "--method", "heta");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("9999") && r.err().contains("vocabulary"), r.err());
    }

    /** Picocli reports a format error in a description (e.g. an unescaped {@code %}) as a warning on System.err. */
    @Test
    void everySubcommandsHelpPrintsWithoutWarnings() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String sub : new picocli.CommandLine(new org.hetabench.jobs.HetaBench()).getSubcommands().keySet()) {
                Run r = run(sub, "--help");
                assertEquals(0, r.code(), sub + " --help: " + r.err());
                assertFalse(r.out().isBlank(), sub + " --help printed nothing");
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString();
        assertFalse(warnings.contains("picocli WARN") || warnings.contains("Could not format"), warnings);
    }
}
