package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * WikiBio prompts. (1) The SelfCheckGPT passages (Manakul et al. 2023, "SelfCheckGPT", EMNLP;
 * {@code potsawee/wiki_bio_gpt3_hallucination}) become continuation prompts
 * {@code "This is a Wikipedia passage about {concept}:"}, the prompt SelfCheckGPT gave GPT-3. The concept
 * string is not in the mirrored file, so it is derived from the real Wikipedia paragraph: the text before
 * the first {@code " ("}, {@code " was "}, {@code " is "}, {@code " are "} or {@code " were "} (trailing commas removed); a paragraph where
 * that yields nothing usable (empty or over 80 characters) is quarantined ({@code no-concept}). The GPT-3
 * passage and its sentence labels are kept as references/metadata. (2) ReAGent's WikiText-style prompts
 * ({@code wikitext.txt}) and (3) its {@code benchmark.csv} rows are read as prompts. All three are
 * generation targets.
 */
public final class WikiBioLoader {
    private WikiBioLoader() {}

    static final int MAX_CONCEPT_CHARS = 80;

    /** Reads {@code dataset-generated.json}. */
    public static LoadResult readSelfCheck(Path file, int generateTokens) {
        String dataset = "wikibio/selfcheckgpt";
        JsonNode root = JsonLines.readTree(file);
        if (!root.isArray()) {
            throw new IllegalArgumentException(file + " must hold one JSON array of passages");
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String src = file.getFileName() + "[" + i + "]";
            String wiki = JsonLines.text(n, "wiki_bio_text");
            String passage = JsonLines.text(n, "main_passage");
            if (wiki == null || passage == null || !n.has("wiki_bio_test_idx")) {
                q.add(dataset, src, "missing-field", "needs wiki_bio_test_idx, wiki_bio_text and main_passage");
                continue;
            }
            String concept = concept(wiki);
            if (concept == null) {
                q.add(dataset, src, "no-concept", "cannot derive the subject from '" + wiki.substring(0, Math.min(60, wiki.length())) + "…'");
                continue;
            }
            Instance.Builder b = Instance.builder("wikibio-" + i, dataset);
            b.append(SegmentRole.TEMPLATE, "This is a Wikipedia passage about ");
            b.append(SegmentRole.CONTEXT, concept);
            b.append(SegmentRole.TEMPLATE, ":");
            b.target(TargetSpec.generate(generateTokens, List.of(passage)));
            TreeMap<String, Integer> labels = new TreeMap<>();
            for (JsonNode a : n.path("annotation")) {
                labels.merge(a.asText(), 1, Integer::sum);
            }
            b.meta("wiki_bio_test_idx", n.get("wiki_bio_test_idx").asInt()).meta("dataset_index", i)
                    .meta("sentences", n.path("main_sentences").size()).meta("annotation_counts", labels.toString())
                    .meta("concept_source", "derived from wiki_bio_text").meta("license", "cc-by-sa-3.0");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /** The subject of a Wikipedia first paragraph, or null. */
    static String concept(String wiki) {
        int cut = wiki.length();
        for (String m : List.of(" (", " was ", " is ", " are ", " were ")) {
            int k = wiki.indexOf(m);
            if (k >= 0) {
                cut = Math.min(cut, k);
            }
        }
        String c = wiki.substring(0, cut).strip();
        while (c.endsWith(",")) {
            c = c.substring(0, c.length() - 1).strip();
        }
        return c.isEmpty() || c.length() > MAX_CONCEPT_CHARS || cut == wiki.length() ? null : c;
    }

    /** Reads {@code wikitext.txt}: one prompt per line, trailing whitespace removed. */
    public static LoadResult readWikitext(Path file, int generateTokens) {
        String dataset = "wikibio/wikitext";
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty()) {
                q.add(dataset, file.getFileName() + ":" + (i + 1), "empty-line", "blank line");
                continue;
            }
            Instance.Builder b = Instance.builder("wikitext-" + i, dataset);
            b.append(SegmentRole.CONTEXT, s);
            b.target(TargetSpec.generate(generateTokens, List.of()));
            b.meta("line", i + 1).meta("license", "MIT");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /**
     * Reads ReAGent's {@code benchmark.csv} ({@code dataset, subset, input}; a space after each comma). The
     * file is not valid CSV: the TinyStories inputs contain unescaped double quotes. Every record is one
     * line, so each line is split at its first two commas and the rest, without its enclosing quotes, is
     * the input.
     */
    public static LoadResult readBenchmarkCsv(Path file, int generateTokens) {
        String dataset = "wikibio/reagent-benchmark";
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).replace(" ", "").equals("dataset,subset,input")) {
            throw new IllegalArgumentException(file + " must start with the header 'dataset, subset, input'");
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String src = file.getFileName() + ":" + (i + 1);
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue; // a blank line is not a record
            }
            String[] parts = line.split(",", 3);
            if (parts.length < 3) {
                q.add(dataset, src, "missing-field", "expected 'dataset, subset, input'");
                continue;
            }
            String input = parts[2].strip();
            if (input.length() >= 2 && input.startsWith("\"") && input.endsWith("\"")) {
                input = input.substring(1, input.length() - 1).strip();
            }
            if (input.isEmpty()) {
                q.add(dataset, src, "missing-field", "empty input");
                continue;
            }
            Instance.Builder b = Instance.builder("reagent-benchmark-" + (i - 1), dataset);
            b.append(SegmentRole.CONTEXT, input);
            b.target(TargetSpec.generate(generateTokens, List.of()));
            b.meta("source_dataset", parts[0].strip()).meta("subset", parts[1].strip()).meta("line", i + 1).meta("license", "MIT");
            out.add(b.build());
        }
        return new LoadResult(dataset, out, q);
    }
}
