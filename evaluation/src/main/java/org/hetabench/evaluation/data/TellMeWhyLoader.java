package org.hetabench.evaluation.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * TellMeWhy (Lal et al. 2021, "TellMeWhy: A Dataset for Answering Why-Questions in Narratives",
 * Findings of ACL). Two files: ReAGent's 20 prompts ({@code tellmewhy2.txt}; narrative then a "Why …?"
 * question, separated by a space or, in 4 lines, a TAB) and the annotated test split with ontology labels
 * ({@code hidden_test_set_ontology.csv}, 464 questions). Both become generation targets: the model
 * continues after the question and every generated token is attributed; the crowd answers are kept as
 * references.
 */
public final class TellMeWhyLoader {
    private TellMeWhyLoader() {}

    /** Reads {@code tellmewhy2.txt}. */
    public static LoadResult readPrompts(Path file, int generateTokens) {
        String dataset = "tellmewhy/prompts";
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            String src = file.getFileName() + ":" + (i + 1);
            if (line.isBlank()) {
                q.add(dataset, src, "empty-line", "blank line");
                continue;
            }
            int w = Math.max(line.lastIndexOf(" Why "), line.lastIndexOf("\tWhy "));
            if (w < 0) {
                q.add(dataset, src, "no-question", "no ' Why …' question after the narrative");
                continue;
            }
            Instance.Builder b = Instance.builder("tellmewhy-prompt-" + i, dataset);
            b.append(SegmentRole.NARRATIVE, line.substring(0, w));
            b.append(SegmentRole.SEPARATOR, line.substring(w, w + 1));
            b.append(SegmentRole.QUESTION, line.substring(w + 1));
            b.target(TargetSpec.generate(generateTokens, List.of()));
            b.meta("line", i + 1).meta("separator", line.charAt(w) == '\t' ? "tab" : "space").meta("license", "MIT");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /** Reads {@code hidden_test_set_ontology.csv}: text = narrative + " " + question. */
    public static LoadResult readAnnotated(Path file, int generateTokens) {
        String dataset = "tellmewhy/annotated-test";
        CsvTable t = CsvTable.read(file, false);
        for (String c : List.of("narrative", "question", "Ontology", "all_gold_answers", "is_ques_answerable", "question_meta")) {
            t.column(c);
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            String src = file.getFileName() + " row " + (i + 1);
            if (t.rows().get(i).size() != t.width()) {
                q.add(dataset, src, "ragged-row", t.rows().get(i).size() + " cells, header has " + t.width());
                continue;
            }
            Map<String, String> r = t.record(i);
            String narrative = r.get("narrative").strip();
            String question = r.get("question").strip();
            if (narrative.isEmpty() || question.isEmpty()) {
                q.add(dataset, src, "missing-field", "empty narrative or question");
                continue;
            }
            List<String> answers = Arrays.stream(r.get("all_gold_answers").split(" \\| ")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            Instance.Builder b = Instance.builder("tellmewhy-" + r.get("question_meta"), dataset);
            b.append(SegmentRole.NARRATIVE, narrative);
            b.append(SegmentRole.SEPARATOR, " ");
            b.append(SegmentRole.QUESTION, question);
            b.target(TargetSpec.generate(generateTokens, answers));
            b.meta("row", i + 1).meta("ontology", r.get("Ontology")).meta("answerable", r.get("is_ques_answerable"))
                    .meta("question_meta", r.get("question_meta")).meta("license", "unknown (HF card)");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }
}
