package org.hetabench.evaluation.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SciQ (Welbl, Liu, Gardner 2017, "Crowdsourcing Multiple Choice Science Questions", W-NUT). Each split
 * is one JSON array; it is streamed object by object, so the 10 MB train split never sits in memory as a
 * tree. Records keep their split and 0-based index, which form the stable id ({@code sciq-train-00042}).
 */
public final class SciQLoader {
    private SciQLoader() {}

    /**
     * One SciQ question.
     *
     * @param split train, valid or test
     * @param index 0-based position in the split's array
     * @param question the question
     * @param answer {@code correct_answer}
     * @param support the support paragraph, empty when it was not released
     * @param distractors the three wrong options
     */
    public record Record(String split, int index, String question, String answer, String support, List<String> distractors) {
        public String id() {
            return String.format("sciq-%s-%05d", split, index);
        }
    }

    /** Records of one split and the rows that miss {@code question} or {@code correct_answer}. */
    public record Split(String split, List<Record> records, Quarantine quarantine) {}

    /** Streams one split file. */
    public static Split readSplit(Path file, String split) {
        String dataset = "sciq/" + split;
        List<Record> out = new ArrayList<>();
        Quarantine q = new Quarantine();
        try (JsonParser p = JsonLines.JSON.getFactory().createParser(file.toFile())) {
            p.setCodec(JsonLines.JSON);
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("SciQ file " + file + " must hold one JSON array");
            }
            int index = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode n = p.readValueAsTree();
                String question = JsonLines.text(n, "question");
                String answer = JsonLines.text(n, "correct_answer");
                if (question == null || answer == null || !n.has("support")) {
                    q.add(dataset, file.getFileName() + "[" + index + "]", "missing-field",
                            "needs question, correct_answer and support (may be empty)");
                } else {
                    List<String> d = new ArrayList<>();
                    for (String k : List.of("distractor1", "distractor2", "distractor3")) {
                        d.add(n.path(k).asText(""));
                    }
                    out.add(new Record(split, index, question.strip(), answer.strip(), n.get("support").asText("").strip(), d));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SciQ file " + file, e);
        }
        return new Split(split, out, q);
    }

    /**
     * SciQ records as QA instances: EVIDENCE support (omitted when empty), SEPARATOR
     * {@code "\nQuestion: "} (or {@code "Question: "} without support), QUESTION; target
     * {@code " " + correct_answer}. Evidence: every whole-word, case-insensitive occurrence of the answer
     * in the support. With {@code requireSupport}, records with an empty support are quarantined
     * ({@code empty-support}).
     */
    public static LoadResult instances(Split split, boolean requireSupport) {
        String dataset = "sciq/" + split.split();
        Quarantine q = new Quarantine();
        q.addAll(split.quarantine());
        List<Instance> out = new ArrayList<>();
        for (Record r : split.records()) {
            if (r.support().isEmpty() && requireSupport) {
                q.add(dataset, r.id(), "empty-support", "support paragraph was not released");
                continue;
            }
            Instance.Builder b = Instance.builder(r.id(), dataset);
            int s0 = b.append(SegmentRole.EVIDENCE, r.support());
            b.append(SegmentRole.SEPARATOR, r.support().isEmpty() ? "Question: " : "\nQuestion: ");
            b.append(SegmentRole.QUESTION, r.question());
            for (int[] m : TextMatch.wordOccurrences(r.support(), r.answer())) {
                b.evidence(s0 + m[0], s0 + m[1], "answer");
            }
            b.target(TargetSpec.nextToken(" " + r.answer()));
            b.meta("split", r.split()).meta("index", r.index()).meta("has_support", !r.support().isEmpty())
                    .meta("distractors", String.join(" | ", r.distractors())).meta("license", "CC BY-NC 3.0");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }
}
