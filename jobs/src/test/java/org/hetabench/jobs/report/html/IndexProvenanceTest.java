package org.hetabench.jobs.report.html;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provenance block: config as a pre block, long hashes folded away. */
class IndexProvenanceTest {
    @Test
    void configYamlIsAPreBlockAndLongHashesAreCollapsible() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("config_yaml", "model: tiny\nseeds: [0, 1]\nnote: <b>");
        p.put("weights_sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        p.put("run_id", "r1");
        StringBuilder sb = new StringBuilder();
        IndexPage.provenanceList(sb, p);
        String html = sb.toString();
        assertTrue(html.contains("<pre class=\"config\">model: tiny\nseeds: [0, 1]\nnote: &lt;b&gt;</pre>"), html);
        assertFalse(html.contains("↵"), html);
        assertTrue(html.contains("<details><summary>9f86d081884c…</summary>9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                + "</details>"), html);
        assertTrue(html.contains("<dt>run_id</dt><dd>r1</dd>"), html);
    }
}
