package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotated LAMBADA (Vafa et al. 2021, "Rationales for Sequential Predictions", EMNLP): LAMBADA passages
 * (Paperno et al. 2016) whose last word is the target, with human rationales as character spans. The
 * instance text is the passage without its last word (and the space before it); the target is
 * {@code " " + lastWord}. A record whose rationale span reaches into the target word or past the text
 * is quarantined ({@code span-out-of-range}).
 */
public final class AnnotatedLambadaLoader {
    private AnnotatedLambadaLoader() {}

    public static LoadResult read(Path file) {
        String dataset = "annotated-lambada";
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            String src = file.getFileName() + ":" + line.number();
            if (line.node() == null) {
                q.add(dataset, src, "invalid-json", line.error());
                continue;
            }
            JsonNode n = line.node();
            String text = JsonLines.text(n, "text");
            if (text == null || !n.has("lambadaIndex") || !n.path("rationale").isArray()) {
                q.add(dataset, src, "missing-field", "needs lambadaIndex, text and rationale");
                continue;
            }
            text = text.stripTrailing();
            int sp = text.lastIndexOf(' ');
            int nl = text.lastIndexOf('\n');
            int cut = Math.max(sp, nl);
            if (cut <= 0) {
                q.add(dataset, src, "no-target", "the passage has no final word after whitespace");
                continue;
            }
            String prompt = text.substring(0, cut);
            String lastWord = text.substring(cut + 1);
            Instance.Builder b = Instance.builder("lambada-" + n.get("lambadaIndex").asText(), dataset);
            b.append(SegmentRole.CONTEXT, prompt);
            String bad = null;
            for (JsonNode span : n.get("rationale")) {
                int s = span.path(0).asInt(-1);
                int e = span.path(1).asInt(-1);
                if (s < 0 || e <= s || e > prompt.length()) {
                    bad = "span [" + s + ", " + e + ") is outside the prompt of " + prompt.length() + " characters";
                    break;
                }
                b.evidence(s, e, "human");
            }
            if (bad != null) {
                q.add(dataset, src, "span-out-of-range", bad);
                continue;
            }
            b.target(TargetSpec.nextToken(" " + lastWord));
            b.meta("lambada_index", n.get("lambadaIndex").asText()).meta("license", "MIT; LAMBADA CC BY 4.0");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }
}
