package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * An external annotation file that replaces the automatic evidence of instances (e.g. human or
 * model-made annotations of the curated set, as the paper used). JSON Lines, one object per instance:
 * <pre>
 * {"id": "curated-sciq-train-00042", "token_spans": [[12, 15], [40, 41]]}   half-open token ranges
 * {"id": "curated-sciq-train-00043", "char_spans":  [[103, 118]]}          half-open character ranges
 * </pre>
 * Token spans index the encoding of the instance text <em>with BOS</em> by the given tokenizer and are
 * converted to character spans, so the instance stays tokenizer-independent. An id that matches no
 * instance, or a span outside the text, is an error naming the line.
 */
public final class EvidenceOverrides {
    private final Path file;
    private final Map<String, JsonNode> byId;

    private EvidenceOverrides(Path file, Map<String, JsonNode> byId) {
        this.file = file;
        this.byId = byId;
    }

    public static EvidenceOverrides read(Path file) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            if (line.node() == null) {
                throw new IllegalArgumentException(file + ":" + line.number() + " is not valid JSON: " + line.error());
            }
            String id = JsonLines.text(line.node(), "id");
            if (id == null || (!line.node().has("token_spans") && !line.node().has("char_spans"))) {
                throw new IllegalArgumentException(file + ":" + line.number() + " needs 'id' and 'token_spans' or 'char_spans'");
            }
            if (m.put(id, line.node()) != null) {
                throw new IllegalArgumentException(file + ":" + line.number() + ": duplicate id '" + id + "'");
            }
        }
        return new EvidenceOverrides(file, m);
    }

    /** Ids in the file. */
    public Set<String> ids() {
        return new TreeSet<>(byId.keySet());
    }

    /**
     * Replaces the evidence of every instance named in the file (label {@code external}); other instances
     * keep theirs. Each replaced instance gets metadata {@code annotation=external:<file name>}.
     *
     * @param tokenizer needed only if the file has token spans (may be null otherwise)
     */
    public List<Instance> apply(List<Instance> instances, Tokenizer tokenizer) {
        Set<String> unused = new TreeSet<>(byId.keySet());
        List<Instance> out = new ArrayList<>();
        for (Instance x : instances) {
            JsonNode n = byId.get(x.id());
            if (n == null) {
                out.add(x);
                continue;
            }
            unused.remove(x.id());
            List<EvidenceSpan> ev = new ArrayList<>();
            if (n.has("char_spans")) {
                for (JsonNode s : n.get("char_spans")) {
                    int a = s.path(0).asInt(-1);
                    int b = s.path(1).asInt(-1);
                    if (a < 0 || b <= a || b > x.text().length()) {
                        throw new IllegalArgumentException(file + ", instance " + x.id() + ": char span [" + a + ", " + b
                                + ") is outside the text of " + x.text().length() + " characters");
                    }
                    ev.add(new EvidenceSpan(a, b, "external"));
                }
            }
            if (n.has("token_spans")) {
                if (tokenizer == null) {
                    throw new IllegalArgumentException(file + " has token spans (instance " + x.id() + "); pass the tokenizer they index");
                }
                Encoding e = tokenizer.encode(x.text(), true);
                for (JsonNode s : n.get("token_spans")) {
                    int a = s.path(0).asInt(-1);
                    int b = s.path(1).asInt(-1);
                    if (a < 0 || b <= a || b > e.size()) {
                        throw new IllegalArgumentException(file + ", instance " + x.id() + ": token span [" + a + ", " + b
                                + ") is outside the " + e.size() + " tokens (with BOS)");
                    }
                    int cs = -1;
                    int ce = -1;
                    for (int t = a; t < b; t++) {
                        if (e.starts()[t] >= 0) {
                            cs = cs < 0 ? e.starts()[t] : cs;
                            ce = e.ends()[t];
                        }
                    }
                    if (cs < 0) {
                        throw new IllegalArgumentException(file + ", instance " + x.id() + ": token span [" + a + ", " + b
                                + ") covers only special tokens");
                    }
                    ev.add(new EvidenceSpan(cs, ce, "external"));
                }
            }
            out.add(x.withEvidence(ev, Map.of("annotation", "external:" + file.getFileName())));
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(file + " names " + unused.size() + " ids that match no instance, e.g. '"
                    + unused.iterator().next() + "'; check the dataset and seed the file was made for");
        }
        return out;
    }
}
