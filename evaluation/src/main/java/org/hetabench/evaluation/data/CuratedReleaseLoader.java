package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The curated QA files released with HETA ({@code heta_qa_dataset_2000.json},
 * {@code heta_qa_dataset_100_unique.json}), read as they are. They are a toy set: 10 hand-written
 * narrative-style sentences × 10 hand-written SciQ-style support sentences, 100 unique pairs, which the
 * 2000-record file repeats 20 times each ({@link #stats} verifies this); not the paper's 2,000 real
 * NarrativeQA⊕SciQ instances (see {@link CuratedSetBuilder}).
 *
 * <p>Layout (metrics.md §4.2): DISTRACTOR narrative, SEPARATOR {@code " <s> "}, EVIDENCE support,
 * SEPARATOR {@code " <s> Question: "}, QUESTION. An example whose {@code input_text} is not exactly that
 * concatenation is quarantined ({@code input-text-mismatch}). Evidence = the support words at
 * {@code important_word_indices_in_sciq_support} (whitespace-separated, punctuation attached, as the
 * release defines them); an index outside the support is quarantined ({@code word-index-out-of-range}).
 * Target: {@code " " + answer}.
 */
public final class CuratedReleaseLoader {
    private CuratedReleaseLoader() {}

    /**
     * What a release file really contains.
     *
     * @param examples number of examples
     * @param declaredExamples the file's {@code num_examples}
     * @param distinctNarratives distinct narrative segments
     * @param distinctSupports distinct support segments
     * @param distinctPairs distinct (narrative, support, question) triples
     * @param description the file's own description
     */
    public record Stats(int examples, int declaredExamples, int distinctNarratives, int distinctSupports, int distinctPairs,
            String description) {}

    public static LoadResult read(Path file, String dataset) {
        JsonNode root = JsonLines.readTree(file);
        JsonNode ex = root.path("examples");
        if (!ex.isArray()) {
            throw new IllegalArgumentException("Curated release file " + file + " must have an 'examples' array");
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < ex.size(); i++) {
            JsonNode n = ex.get(i);
            String src = file.getFileName() + " examples[" + i + "]";
            String narrative = JsonLines.text(n, "narrative_segment");
            String support = JsonLines.text(n, "sciq_support_segment");
            String question = JsonLines.text(n, "question");
            String answer = JsonLines.text(n, "answer");
            String input = JsonLines.text(n, "input_text");
            String id = JsonLines.text(n, "id");
            if (narrative == null || support == null || question == null || answer == null || input == null || id == null) {
                q.add(dataset, src, "missing-field", "needs id, narrative_segment, sciq_support_segment, question, answer, input_text");
                continue;
            }
            Instance.Builder b = Instance.builder(id, dataset);
            b.append(SegmentRole.DISTRACTOR, narrative);
            b.append(SegmentRole.SEPARATOR, " <s> ");
            int s0 = b.append(SegmentRole.EVIDENCE, support);
            b.append(SegmentRole.SEPARATOR, " <s> Question: ");
            b.append(SegmentRole.QUESTION, question);
            if (!input.equals(narrative + " <s> " + support + " <s> Question: " + question)) {
                q.add(dataset, src, "input-text-mismatch", "input_text is not narrative <s> support <s> Question: question");
                continue;
            }
            List<int[]> words = whitespaceWords(support);
            String bad = null;
            for (JsonNode w : n.path("important_word_indices_in_sciq_support")) {
                int k = w.asInt(-1);
                if (k < 0 || k >= words.size()) {
                    bad = "word index " + k + " outside the " + words.size() + " support words";
                    break;
                }
                b.evidence(s0 + words.get(k)[0], s0 + words.get(k)[1], "release-word");
            }
            if (bad != null) {
                q.add(dataset, src, "word-index-out-of-range", bad);
                continue;
            }
            List<String> important = new ArrayList<>();
            n.path("important_words").forEach(w -> important.add(w.asText()));
            b.target(TargetSpec.nextToken(" " + answer));
            b.meta("base_pair_id", JsonLines.text(n, "base_pair_id")).meta("narrative_id", JsonLines.text(n, "narrative_id"))
                    .meta("sciq_id", JsonLines.text(n, "sciq_id")).meta("target_first_answer_token", JsonLines.text(n, "target_first_answer_token"))
                    .meta("important_words", String.join(" | ", important)).meta("license", "Apache-2.0");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /** Whitespace-separated words of {@code s} as half-open character spans. */
    static List<int[]> whitespaceWords(String s) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int st = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > st) {
                out.add(new int[] {st, i});
            }
        }
        return out;
    }

    /** Counts what a release file holds (examples, distinct narratives, supports, pairs). */
    public static Stats stats(Path file) {
        JsonNode root = JsonLines.readTree(file);
        Set<String> narr = new HashSet<>();
        Set<String> sup = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        JsonNode ex = root.path("examples");
        for (JsonNode n : ex) {
            String a = n.path("narrative_segment").asText();
            String b = n.path("sciq_support_segment").asText();
            narr.add(a);
            sup.add(b);
            pairs.add(a + "\u0000" + b + "\u0000" + n.path("question").asText());
        }
        return new Stats(ex.size(), root.path("num_examples").asInt(-1), narr.size(), sup.size(), pairs.size(),
                root.path("description").asText());
    }
}
