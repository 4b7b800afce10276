package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * LongRA, the long-range agreement set of Vafa, Deng, Blei and Rush (2021), "Rationales for Sequential
 * Predictions", EMNLP: Google analogy word pairs placed in one template per analogy section, with a
 * parenthetical distractor sentence between the antecedent word and the target word.
 *
 * <p>{@link #build} rebuilds the set from {@code questions-words.txt} and {@code analogy_templates.json}
 * (construction steps 1, 2 and 4 of PROVENANCE §2; pairs deduplicated per section in first-seen order).
 * The lineage's model-specific filters are options: {@link #singleTokenFilter} (step 3, both words a
 * single token of the given tokenizer) and {@link LongRaModelFilter} (step 6, the model predicts the target
 * with and without the distractor). Step 5 (two hand capitalisations indexed after GPT-2 filtering) is
 * GPT-2-specific and is not applied.
 *
 * <p>Instances: text = the prompt (template filled, target word removed), segments TEMPLATE / DISTRACTOR
 * (from "(" through ")." inclusive) / TEMPLATE, target {@code " " + targetWord}, evidence = the antecedent word.
 */
public final class LongRaLoader {
    private LongRaLoader() {}

    /** Dataset name of the rebuilt set. */
    public static final String REBUILT = "longra/rebuilt";

    /** One template of {@code analogy_templates.json}. */
    record Template(String template, String targetSlot, String antecedentSlot, String distractor) {}

    /** Rebuilds LongRA with no word filter. */
    public static LoadResult build(Path questionsWords, Path templates) {
        return build(questionsWords, templates, w -> true);
    }

    /**
     * Rebuilds LongRA.
     *
     * @param wordFilter keeps a pair only if both words pass (e.g. {@link #singleTokenFilter}); pairs
     *     that fail go to the quarantine with reason {@code word-filter}
     */
    public static LoadResult build(Path questionsWords, Path templates, Predicate<String> wordFilter) {
        Map<String, Template> tpl = readTemplates(templates);
        Quarantine q = new Quarantine();
        LinkedHashMap<String, LinkedHashSet<List<String>>> pairs = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(questionsWords, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + questionsWords, e);
        }
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(":")) {
                section = line.substring(1).strip();
                pairs.put(section, new LinkedHashSet<>());
                continue;
            }
            String[] w = line.split("\\s+");
            if (section == null || w.length != 4) {
                q.add(REBUILT, questionsWords.getFileName() + ":" + (i + 1), "malformed-line",
                        section == null ? "analogy line before the first ': section' header" : "expected 4 words, got " + w.length);
                continue;
            }
            pairs.get(section).add(List.of(w[0], w[1]));
            pairs.get(section).add(List.of(w[2], w[3]));
        }
        List<Instance> out = new ArrayList<>();
        int id = 0;
        for (Map.Entry<String, LinkedHashSet<List<String>>> e : pairs.entrySet()) {
            Template t = tpl.get(e.getKey());
            if (t == null) {
                q.add(REBUILT, questionsWords.getFileName() + " section " + e.getKey(), "no-template",
                        "section '" + e.getKey() + "' has no template in " + templates.getFileName() + "; its "
                                + e.getValue().size() + " pairs are not used");
                continue;
            }
            int pairIndex = 0;
            for (List<String> p : e.getValue()) {
                String a = p.get(0);
                String b = p.get(1);
                if (!wordFilter.test(a) || !wordFilter.test(b)) {
                    q.add(REBUILT, e.getKey() + " pair " + a + " " + b, "word-filter",
                            "a word is not a single token of the filter's tokenizer");
                    continue;
                }
                out.add(fill(REBUILT, "longra-" + id, t, e.getKey(), pairIndex, a, b));
                id++;
                pairIndex++;
            }
        }
        return new LoadResult(REBUILT, out, q);
    }

    static Map<String, Template> readTemplates(Path templates) {
        JsonNode root = JsonLines.readTree(templates);
        Map<String, Template> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            Template t = new Template(JsonLines.text(n, "template"), JsonLines.text(n, "target_slot"),
                    JsonLines.text(n, "antecedent_slot"), JsonLines.text(n, "distractor"));
            if (t.template() == null || t.distractor() == null || !t.template().contains(t.distractor())
                    || !t.template().endsWith("[" + t.targetSlot() + "]")) {
                throw new IllegalArgumentException("Template '" + e.getKey() + "' in " + templates
                        + " must have a template ending with its target slot and containing its distractor");
            }
            m.put(e.getKey(), t);
        }
        return m;
    }

    private static Instance fill(String dataset, String id, Template t, String category, int pairIndex, String a, String b) {
        String target = t.targetSlot().equals("A") ? a : b;
        String antecedent = t.antecedentSlot().equals("A") ? a : b;
        String tplText = t.template();
        // Fill left to right, remembering where the antecedent lands.
        StringBuilder sb = new StringBuilder();
        int antecedentStart = -1;
        int i = 0;
        while (i < tplText.length()) {
            if (tplText.startsWith("[A]", i) || tplText.startsWith("[B]", i)) {
                String slot = tplText.substring(i + 1, i + 2);
                if (slot.equals(t.antecedentSlot())) {
                    antecedentStart = sb.length();
                }
                sb.append(slot.equals("A") ? a : b);
                i += 3;
            } else {
                sb.append(tplText.charAt(i));
                i++;
            }
        }
        String text = sb.toString();
        String prompt = text.substring(0, text.length() - target.length() - 1);
        int dStart = prompt.indexOf(t.distractor());
        int dEnd = dStart + t.distractor().length();
        Instance.Builder ib = Instance.builder(id, dataset);
        ib.append(SegmentRole.TEMPLATE, prompt.substring(0, dStart));
        ib.append(SegmentRole.DISTRACTOR, prompt.substring(dStart, dEnd));
        ib.append(SegmentRole.TEMPLATE, prompt.substring(dEnd));
        ib.evidence(antecedentStart, antecedentStart + antecedent.length(), "antecedent");
        ib.target(TargetSpec.nextToken(" " + target));
        ib.meta("category", category).meta("pair_index", pairIndex).meta("word_a", a).meta("word_b", b)
                .meta("antecedent_word", antecedent).meta("target_word", target)
                .meta("license", "MIT templates; analogy pairs from the Google analogy test set");
        return ib.build();
    }

    /**
     * Step 3 of the construction for any tokenizer: the word, preceded by a space as it appears in the
     * templates, is covered by exactly one token that covers nothing else.
     */
    public static Predicate<String> singleTokenFilter(Tokenizer tokenizer) {
        return word -> {
            String s = "x " + word;
            Encoding e = tokenizer.encode(s, false);
            int[] t = e.tokensOverlapping(2, s.length());
            return t.length == 1 && e.ends()[t[0]] == s.length() && e.starts()[t[0]] >= 1;
        };
    }

    /** Reads {@code longra_unfiltered.jsonl} (the derived reference file) as instances. */
    public static LoadResult readUnfiltered(Path file) {
        String dataset = "longra/unfiltered";
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
            String prompt = JsonLines.text(n, "prompt");
            String target = JsonLines.text(n, "target_word");
            String antecedent = JsonLines.text(n, "antecedent_word");
            if (text == null || prompt == null || target == null || antecedent == null || !n.has("id")
                    || !n.has("distractor_char_start") || !n.has("distractor_char_end") || !n.has("antecedent_char_start")) {
                q.add(dataset, src, "missing-field", "needs id, text, prompt, target_word, antecedent_word and the char offsets");
                continue;
            }
            int ds = n.get("distractor_char_start").asInt();
            int de = n.get("distractor_char_end").asInt();
            int as = n.get("antecedent_char_start").asInt();
            if (!text.equals(prompt + " " + target) || de > prompt.length() || ds < 0 || ds >= de
                    || !text.startsWith(antecedent, as)) {
                q.add(dataset, src, "inconsistent-offsets", "text, prompt, target and offsets do not agree");
                continue;
            }
            Instance.Builder ib = Instance.builder("longra-" + n.get("id").asInt(), dataset);
            ib.append(SegmentRole.TEMPLATE, prompt.substring(0, ds));
            ib.append(SegmentRole.DISTRACTOR, prompt.substring(ds, de));
            ib.append(SegmentRole.TEMPLATE, prompt.substring(de));
            ib.evidence(as, as + antecedent.length(), "antecedent");
            ib.target(TargetSpec.nextToken(" " + target));
            ib.meta("category", JsonLines.text(n, "category")).meta("pair_index", n.path("pair_index").asInt())
                    .meta("word_a", JsonLines.text(n, "word_a")).meta("word_b", JsonLines.text(n, "word_b"))
                    .meta("antecedent_word", antecedent).meta("target_word", target).meta("license", "MIT");
            out.add(ib.build());
        }
        return new LoadResult(dataset, out, q);
    }

    /**
     * Reads a ReAGent-evaluated LongRA file ({@code longra_reagent_gpt2medium.jsonl} or {@code ..._gpt2xl.jsonl}).
     * The category and antecedent come from joining each prompt with {@code unfiltered} (case-insensitively,
     * because ReAGent's inputs carry the two GPT-2 capitalisation fixes); a record that does not join is
     * quarantined with reason {@code no-antecedent}.
     *
     * @param dataset dataset name, e.g. {@code longra/reagent-gpt2medium}
     */
    public static LoadResult readReagent(Path file, Path unfiltered, String dataset) {
        Map<String, Instance> byText = new HashMap<>();
        for (Instance u : readUnfiltered(unfiltered).instances()) {
            byText.put((u.text() + u.target().gold()).toLowerCase(Locale.ROOT), u);
        }
        Quarantine q = new Quarantine();
        List<Instance> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            String src = file.getFileName() + ":" + line.number();
            if (line.node() == null) {
                q.add(dataset, src, "invalid-json", line.error());
                continue;
            }
            JsonNode n = line.node();
            String prompt = JsonLines.text(n, "prompt");
            String target = JsonLines.text(n, "target");
            if (prompt == null || target == null || !n.has("id")) {
                q.add(dataset, src, "missing-field", "needs id, prompt and target");
                continue;
            }
            Instance u = byText.get((prompt + target).toLowerCase(Locale.ROOT));
            if (u == null) {
                q.add(dataset, src, "no-antecedent", "prompt does not occur in the unfiltered LongRA set, so its antecedent is unknown");
                continue;
            }
            // Same template text up to case: the unfiltered instance's offsets apply.
            Instance.Builder ib = Instance.builder("longra-reagent-" + n.get("id").asInt(), dataset);
            for (Segment s : u.segments()) {
                ib.append(s.role(), prompt.substring(s.start(), s.end()));
            }
            for (EvidenceSpan e : u.evidence()) {
                ib.evidence(e.start(), e.end(), e.label());
            }
            ib.target(TargetSpec.nextToken(target));
            ib.meta("category", u.metadata().get("category")).meta("antecedent_word", prompt.substring(
                    u.evidence().get(0).start(), u.evidence().get(0).end()))
                    .meta("target_word", target.strip()).meta("unfiltered_id", u.id())
                    .meta("tokenizer", JsonLines.text(n, "tokenizer")).meta("source_file", JsonLines.text(n, "source_file"))
                    .meta("license", "MIT");
            out.add(ib.build());
        }
        return new LoadResult(dataset, out, q);
    }
}
