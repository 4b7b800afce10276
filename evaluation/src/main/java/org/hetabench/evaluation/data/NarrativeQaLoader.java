package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NarrativeQA (Kočiský et al. 2018, "The NarrativeQA Reading Comprehension Challenge", TACL), in the
 * summaries setting. The mirror holds the document metadata ({@code documents.csv}, all 1,572 documents)
 * and a 50-question sample of the test split with its Wikipedia summaries ({@code test-tiny.jsonl}); the
 * full summaries and QA files are not mirrored (see the manifest's gaps).
 *
 * <p>Double-encoded characters (UTF-8 read as Latin-1, e.g. {@code "â\u0080\u0099"} for {@code "’"}) are
 * repaired and the number of repairs is recorded in each instance's metadata.
 */
public final class NarrativeQaLoader {
    private NarrativeQaLoader() {}

    /**
     * One row of {@code documents.csv}.
     *
     * @param documentId the document hash
     * @param set train, valid or test
     * @param kind movie or gutenberg
     * @param wikiTitle Wikipedia title of the summary
     */
    public record Document(String documentId, String set, String kind, String wikiTitle) {}

    /** The parsed {@code documents.csv} and its quarantine. */
    public record Documents(List<Document> documents, Quarantine quarantine) {}

    /**
     * A distinct summary of the QA sample.
     *
     * @param id stable id ({@code nqa-summary-NN}, in order of first appearance)
     * @param text the repaired summary text
     * @param repairs number of mojibake sequences repaired
     */
    public record Summary(String id, String text, int repairs) {}

    /** Reads {@code documents.csv}. */
    public static Documents readDocuments(Path file) {
        CsvTable t = CsvTable.read(file, false);
        int id = t.column("document_id");
        int set = t.column("set");
        int kind = t.column("kind");
        int title = t.column("wiki_title");
        Quarantine q = new Quarantine();
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            List<String> r = t.rows().get(i);
            if (r.size() != t.width() || r.get(id).isBlank() || r.get(set).isBlank()) {
                q.add("narrativeqa/documents", file.getFileName() + " row " + (i + 1), "missing-field",
                        r.size() + " cells (header " + t.width() + ") or empty document_id/set");
                continue;
            }
            out.add(new Document(r.get(id), r.get(set), r.get(kind), r.get(title)));
        }
        return new Documents(out, q);
    }

    /**
     * Reads {@code test-tiny.jsonl} as QA instances: CONTEXT summary, SEPARATOR {@code "\nQuestion: "},
     * QUESTION; generation target with the two reference answers.
     */
    public static LoadResult readQa(Path file, int generateTokens, int maxChars) {
        String dataset = "narrativeqa/qa";
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        Map<String, String> summaryIds = new LinkedHashMap<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            String src = file.getFileName() + ":" + line.number();
            if (line.node() == null) {
                q.add(dataset, src, "invalid-json", line.error());
                continue;
            }
            JsonNode n = line.node();
            String passage = JsonLines.text(n, "passage");
            String question = JsonLines.text(n, "question");
            List<String> answers = new ArrayList<>();
            for (JsonNode a : n.path("answer")) {
                if (!a.asText().isBlank()) {
                    answers.add(a.asText().strip());
                }
            }
            if (passage == null || question == null || answers.isEmpty()) {
                q.add(dataset, src, "missing-field", "needs passage, question and at least one answer");
                continue;
            }
            String[] rep = repairMojibake(passage);
            String text = rep[0].strip();
            String sid = summaryIds.computeIfAbsent(text, k -> String.format("nqa-summary-%02d", summaryIds.size()));
            if (text.length() + question.length() > maxChars) {
                q.add(dataset, src, "over-long", (text.length() + question.length()) + " characters > " + maxChars);
                continue;
            }
            Instance.Builder b = Instance.builder("nqa-qa-" + (line.number() - 1), dataset);
            b.append(SegmentRole.CONTEXT, text);
            b.append(SegmentRole.SEPARATOR, "\nQuestion: ");
            b.append(SegmentRole.QUESTION, question.strip());
            b.target(TargetSpec.generate(generateTokens, answers));
            b.meta("summary_id", sid).meta("mojibake_repairs", rep[1]).meta("line", line.number())
                    .meta("license", "Apache-2.0; summaries CC BY-SA 3.0");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /** The distinct summaries of {@code test-tiny.jsonl}, repaired, in order of first appearance. */
    public static List<Summary> readSummaries(Path file) {
        Map<String, Summary> m = new LinkedHashMap<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            String p = line.node() == null ? null : JsonLines.text(line.node(), "passage");
            if (p == null) {
                continue; // readQa quarantines the same line; summaries only need the good ones
            }
            String[] rep = repairMojibake(p);
            String text = rep[0].strip();
            m.computeIfAbsent(text, k -> new Summary(String.format("nqa-summary-%02d", m.size()), k, Integer.parseInt(rep[1])));
        }
        return List.copyOf(m.values());
    }

    /**
     * Repairs UTF-8 text that was decoded as Latin-1: each maximal run of characters U+0080–U+00FF that
     * re-encodes to valid UTF-8 is replaced by its decoding. Returns {text, number of repairs}.
     */
    static String[] repairMojibake(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int repairs = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0xC2 && c <= 0xF4) {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) >= 0x80 && s.charAt(j) <= 0xBF) {
                    j++;
                }
                if (j - i >= 2) {
                    byte[] bytes = new byte[j - i];
                    for (int k = i; k < j; k++) {
                        bytes[k - i] = (byte) s.charAt(k);
                    }
                    try {
                        String dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                        sb.append(dec);
                        repairs++;
                        i = j;
                        continue;
                    } catch (CharacterCodingException e) {
                        // not mojibake: keep the characters as they are
                    }
                }
            }
            sb.append(c);
            i++;
        }
        return new String[] {sb.toString(), Integer.toString(repairs)};
    }
}
