package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.core.util.Seeds;

/**
 * Builds the curated NarrativeQA⊕SciQ set of the HETA paper (DSA, metrics.md §4) from the real data, since
 * the authors released only a 10×10 toy set. Each instance reads
 * {@code narrative <s> support <s> Question: question} (the release's layout) where
 * <ul>
 *   <li>the narrative is 1–3 consecutive sentences of a NarrativeQA Wikipedia summary (the DISTRACTOR),
 *       drawn with a per-instance seed and redrawn (up to {@value #NARRATIVE_ATTEMPTS} times) if it
 *       contains the answer;</li>
 *   <li>the support is the SciQ support paragraph, or a window of its sentences around the answer when it
 *       exceeds the character budget (the EVIDENCE segment);</li>
 *   <li>the question is the SciQ question and the target is the first token of {@code " " + answer}.</li>
 * </ul>
 * Evidence is annotated automatically: (1) the answer occurrence the question points to, i.e. the
 * whole-word occurrence whose sentence shares the most content words with the question (earliest on ties),
 * labelled {@code answer}; (2) every support word outside that occurrence whose normalised form is a
 * content word of the question, labelled {@code shared-word}. Rows that cannot make a valid instance go
 * to the quarantine: {@code empty-support}, {@code answer-not-in-support}, {@code answer-in-question},
 * {@code question-over-long}, {@code support-over-long}, {@code narrative-contains-answer}, and, with a
 * token budget ({@link Options#withTokenBudget}), {@code over-long-tokens} (only the candidates examined
 * until {@code size} instances are found are tokenized, so this count depends on the seed).
 *
 * <p>Selection: every SciQ record of the given splits is examined (so quarantine counts cover all of
 * them); the {@code size} good candidates with the smallest {@code Seeds.fold(seed, hash(id))} are kept
 * and emitted in source order. The ids ({@code curated-sciq-<split>-<index>}) do not depend on the seed;
 * the same seed gives byte-identical JSONL ({@link #writeJsonl}).
 */
public final class CuratedSetBuilder {

    /** Dataset name of the built set. */
    public static final String DATASET = "curated-nqa-sciq";
    static final int NARRATIVE_ATTEMPTS = 20;
    private static final int MAX_NARRATIVE_SENTENCES = 3;
    private static final int MIN_NARRATIVE_WORDS = 4;

    /**
     * Build options, validated on construction.
     *
     * @param size number of instances
     * @param seed selection and narrative seed
     * @param maxNarrativeChars budget of the narrative segment
     * @param maxSupportChars budget of the support segment
     * @param maxQuestionChars budget of the question
     * @param tokenizer if not null, instances whose {@code tokenizer.encode(text, true)} is longer than
     *     {@code maxTokens} are quarantined ({@code over-long-tokens}); leave room for the answer prompt
     * @param maxTokens token budget (used only with a tokenizer)
     */
    public record Options(int size, long seed, int maxNarrativeChars, int maxSupportChars, int maxQuestionChars,
            Tokenizer tokenizer, int maxTokens) {
        public Options {
            if (tokenizer != null && maxTokens < 16) {
                throw new IllegalArgumentException("curated.maxTokens must be >= 16 with a tokenizer, got " + maxTokens);
            }
            if (size < 1) {
                throw new IllegalArgumentException("curated.size must be >= 1, got " + size);
            }
            if (maxNarrativeChars < 20 || maxSupportChars < 20 || maxQuestionChars < 10) {
                throw new IllegalArgumentException("curated character budgets are too small: narrative " + maxNarrativeChars
                        + " (min 20), support " + maxSupportChars + " (min 20), question " + maxQuestionChars + " (min 10)");
            }
        }

        public static Options defaults() {
            return new Options(DatasetDefaults.CURATED_SIZE, DatasetDefaults.CURATED_SEED,
                    DatasetDefaults.CURATED_MAX_NARRATIVE_CHARS, DatasetDefaults.CURATED_MAX_SUPPORT_CHARS,
                    DatasetDefaults.CURATED_MAX_QUESTION_CHARS, null, 0);
        }

        /** The same options with the character budgets given. */
        public Options withBudgets(int narrative, int support, int question) {
            return new Options(size, seed, narrative, support, question, tokenizer, maxTokens);
        }

        /** The same options with a token budget under {@code tok} (e.g. a model's context minus the answer prompt). */
        public Options withTokenBudget(Tokenizer tok, int tokens) {
            return new Options(size, seed, maxNarrativeChars, maxSupportChars, maxQuestionChars, tok, tokens);
        }

        public Options withSize(int n) {
            return new Options(n, seed, maxNarrativeChars, maxSupportChars, maxQuestionChars, tokenizer, maxTokens);
        }

        public Options withSeed(long s) {
            return new Options(size, s, maxNarrativeChars, maxSupportChars, maxQuestionChars, tokenizer, maxTokens);
        }
    }

    /** A SciQ record that passed the checks, with its support window and chosen answer occurrence. */
    private record Candidate(SciQLoader.Record record, String answer, String support, int answerStart, int answerEnd, long rank) {}

    private final List<NarrativeQaLoader.Summary> summaries;
    private final List<List<int[]>> summarySentences;
    private final List<SciQLoader.Record> sciq;
    private final Options options;

    /**
     * @param summaries NarrativeQA summaries (distractor source)
     * @param sciq SciQ records in source order (all splits to draw from)
     * @param options build options
     */
    public CuratedSetBuilder(List<NarrativeQaLoader.Summary> summaries, List<SciQLoader.Record> sciq, Options options) {
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("CuratedSetBuilder needs at least one NarrativeQA summary");
        }
        this.summaries = List.copyOf(summaries);
        this.sciq = List.copyOf(sciq);
        this.options = options;
        this.summarySentences = new ArrayList<>();
        for (NarrativeQaLoader.Summary s : this.summaries) {
            List<int[]> usable = new ArrayList<>();
            for (int[] sp : TextMatch.sentences(s.text())) {
                String t = s.text().substring(sp[0], sp[1]);
                // Headings such as "Act 1" have no final punctuation and few words.
                if (TextMatch.words(t).size() >= MIN_NARRATIVE_WORDS && ".!?\"”'’)".indexOf(t.charAt(t.length() - 1)) >= 0) {
                    usable.add(sp);
                }
            }
            summarySentences.add(usable);
        }
    }

    /** Builds the set. */
    public LoadResult build() {
        Quarantine q = new Quarantine();
        List<Candidate> pool = new ArrayList<>();
        for (SciQLoader.Record r : sciq) {
            Candidate c = check(r, q);
            if (c != null) {
                pool.add(c);
            }
        }
        // Seeded selection that keeps a candidate's fate independent of the others: rank by a hash.
        List<Candidate> ranked = new ArrayList<>(pool);
        ranked.sort(Comparator.comparingLong(Candidate::rank).thenComparing(c -> c.record().id()));
        List<Instance> out = new ArrayList<>();
        Set<String> chosen = new HashSet<>();
        for (Candidate c : ranked) {
            if (chosen.size() == options.size()) {
                break;
            }
            Instance inst = assemble(c, q);
            if (inst != null) {
                out.add(inst);
                chosen.add(inst.id());
            }
        }
        if (out.size() < options.size()) {
            throw new IllegalArgumentException("Only " + out.size() + " SciQ records can make curated instances (pool "
                    + pool.size() + ", quarantine " + q.countsByReason() + "); requested curated.size " + options.size());
        }
        out.sort(Comparator.comparingInt((Instance i) -> splitOrder(i.metadata().get("sciq_split")))
                .thenComparingInt(i -> Integer.parseInt(i.metadata().get("sciq_index"))));
        return new LoadResult(DATASET, out, q);
    }

    private static int splitOrder(String split) {
        return switch (split) {
            case "train" -> 0;
            case "valid" -> 1;
            case "test" -> 2;
            default -> 3;
        };
    }

    /**
     * The answer as the target: a leading article ("a", "an", "the") is dropped so that the first answer
     * token carries content ({@code "a zygote"} → {@code "zygote"}).
     */
    static String targetAnswer(String answer) {
        String a = answer.strip();
        String lower = a.toLowerCase(java.util.Locale.ROOT);
        for (String art : List.of("a ", "an ", "the ")) {
            if (lower.startsWith(art) && a.length() > art.length()) {
                return a.substring(art.length()).strip();
            }
        }
        return a;
    }

    private Candidate check(SciQLoader.Record r, Quarantine q) {
        String id = r.id();
        String answer = targetAnswer(r.answer());
        if (r.support().isEmpty()) {
            q.add(DATASET, id, "empty-support", "SciQ support paragraph was not released");
            return null;
        }
        if (r.question().length() > options.maxQuestionChars()) {
            q.add(DATASET, id, "question-over-long", r.question().length() + " > " + options.maxQuestionChars() + " characters");
            return null;
        }
        if (!TextMatch.wordOccurrences(r.question(), answer).isEmpty()) {
            q.add(DATASET, id, "answer-in-question", "the answer '" + answer + "' occurs in the question, so the target can be copied from it");
            return null;
        }
        List<int[]> occ = TextMatch.wordOccurrences(r.support(), answer);
        if (occ.isEmpty()) {
            q.add(DATASET, id, "answer-not-in-support", "no whole-word, case-insensitive occurrence of '" + answer + "' in the support");
            return null;
        }
        Set<String> qWords = questionWords(r.question());
        List<int[]> sentences = TextMatch.sentences(r.support());
        int[] best = null;
        int bestScore = -1;
        int[] bestSentence = null;
        for (int[] o : occ) {
            int[] sent = containing(sentences, o[0]);
            int score = 0;
            Set<String> seen = new HashSet<>();
            for (int[] w : TextMatch.words(r.support().substring(sent[0], sent[1]))) {
                String norm = ContentWords.normalize(r.support().substring(sent[0] + w[0], sent[0] + w[1]));
                if (qWords.contains(norm) && seen.add(norm)) {
                    score++;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = o;
                bestSentence = sent;
            }
        }
        int from = 0;
        int to = r.support().length();
        if (to > options.maxSupportChars()) {
            if (bestSentence[1] - bestSentence[0] > options.maxSupportChars()) {
                q.add(DATASET, id, "support-over-long", "the answer sentence alone has " + (bestSentence[1] - bestSentence[0])
                        + " > " + options.maxSupportChars() + " characters");
                return null;
            }
            // Grow a sentence window around the answer sentence, preceding sentence first, within budget.
            int k = indexOf(sentences, bestSentence);
            int lo = k;
            int hi = k;
            boolean grew = true;
            while (grew) {
                grew = false;
                if (lo > 0 && sentences.get(hi)[1] - sentences.get(lo - 1)[0] <= options.maxSupportChars()) {
                    lo--;
                    grew = true;
                }
                if (hi + 1 < sentences.size() && sentences.get(hi + 1)[1] - sentences.get(lo)[0] <= options.maxSupportChars()) {
                    hi++;
                    grew = true;
                }
            }
            from = sentences.get(lo)[0];
            to = sentences.get(hi)[1];
        }
        String window = r.support().substring(from, to);
        long rank = Seeds.fold(options.seed(), Seeds.hash(id));
        return new Candidate(r, answer, window, best[0] - from, best[1] - from, rank);
    }

    private static int[] containing(List<int[]> sentences, int pos) {
        for (int[] s : sentences) {
            if (pos >= s[0] && pos < s[1]) {
                return s;
            }
        }
        // Between sentences cannot happen for a word start; fall back to the nearest preceding sentence.
        int[] prev = sentences.get(0);
        for (int[] s : sentences) {
            if (s[0] <= pos) {
                prev = s;
            }
        }
        return prev;
    }

    private static int indexOf(List<int[]> sentences, int[] s) {
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i) == s) {
                return i;
            }
        }
        throw new IllegalStateException("sentence not in list");
    }

    private static Set<String> questionWords(String question) {
        Set<String> out = new HashSet<>();
        for (int[] w : TextMatch.words(question)) {
            String word = question.substring(w[0], w[1]);
            if (ContentWords.isContent(word)) {
                out.add(ContentWords.normalize(word));
            }
        }
        return out;
    }

    private Instance assemble(Candidate c, Quarantine q) {
        SciQLoader.Record r = c.record();
        String id = "curated-" + r.id();
        SplittableRandom rng = new SplittableRandom(Seeds.fold(options.seed(), Seeds.hash(id), Seeds.hash("narrative")));
        String narrative = null;
        int summaryIndex = -1;
        int firstSentence = -1;
        int sentenceCount = 0;
        for (int attempt = 0; attempt < NARRATIVE_ATTEMPTS && narrative == null; attempt++) {
            int si = rng.nextInt(summaries.size());
            List<int[]> sents = summarySentences.get(si);
            if (sents.isEmpty()) {
                continue;
            }
            int start = rng.nextInt(sents.size());
            int want = 1 + rng.nextInt(MAX_NARRATIVE_SENTENCES);
            String text = summaries.get(si).text();
            int end = start;
            while (end < sents.size() && end - start < want
                    && sents.get(end)[1] - sents.get(start)[0] <= options.maxNarrativeChars()
                    && (end == start || sents.get(end)[0] - sents.get(end - 1)[1] <= 2)) {
                end++;
            }
            if (end == start) {
                continue; // the first sentence alone exceeds the budget
            }
            String cand = text.substring(sents.get(start)[0], sents.get(end - 1)[1]).replace('\n', ' ');
            if (!TextMatch.wordOccurrences(cand, c.answer()).isEmpty()) {
                continue;
            }
            narrative = cand;
            summaryIndex = si;
            firstSentence = start;
            sentenceCount = end - start;
        }
        if (narrative == null) {
            q.add(DATASET, r.id(), "narrative-contains-answer", "no narrative draw within " + NARRATIVE_ATTEMPTS
                    + " attempts avoided the answer and fit " + options.maxNarrativeChars() + " characters");
            return null;
        }
        Instance.Builder b = Instance.builder(id, DATASET);
        b.append(SegmentRole.DISTRACTOR, narrative);
        b.append(SegmentRole.SEPARATOR, DatasetDefaults.CURATED_SEPARATOR);
        int s0 = b.append(SegmentRole.EVIDENCE, c.support());
        b.append(SegmentRole.SEPARATOR, DatasetDefaults.CURATED_SEPARATOR + DatasetDefaults.CURATED_QUESTION_LABEL);
        b.append(SegmentRole.QUESTION, r.question());
        b.evidence(s0 + c.answerStart(), s0 + c.answerEnd(), "answer");
        Set<String> qWords = questionWords(r.question());
        List<String> shared = new ArrayList<>();
        for (int[] w : TextMatch.words(c.support())) {
            if (w[1] > c.answerStart() && w[0] < c.answerEnd()) {
                continue;
            }
            String word = c.support().substring(w[0], w[1]);
            if (ContentWords.isContent(word) && qWords.contains(ContentWords.normalize(word))) {
                b.evidence(s0 + w[0], s0 + w[1], "shared-word");
                shared.add(word);
            }
        }
        b.target(TargetSpec.nextToken(" " + c.answer()));
        NarrativeQaLoader.Summary s = summaries.get(summaryIndex);
        b.meta("sciq_id", r.id()).meta("sciq_split", r.split()).meta("sciq_index", r.index()).meta("answer", c.answer()).meta("sciq_answer", r.answer())
                .meta("narrative_summary_id", s.id()).meta("narrative_first_sentence", firstSentence)
                .meta("narrative_sentences", sentenceCount).meta("shared_words", String.join(" | ", shared))
                .meta("support_truncated", c.support().length() < r.support().length()).meta("seed", options.seed())
                .meta("annotation", "automatic").meta("license", "SciQ CC BY-NC 3.0; NarrativeQA summaries CC BY-SA 3.0");
        Instance inst = b.build();
        if (options.tokenizer() != null) {
            int n = options.tokenizer().encode(inst.text(), true).size();
            if (n > options.maxTokens()) {
                q.add(DATASET, r.id(), "over-long-tokens", n + " tokens (with BOS) > " + options.maxTokens());
                return null;
            }
        }
        return inst;
    }

    private static ObjectMapper jsonlMapper() {
        return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The instances as JSON Lines bytes (UTF-8, one instance per line, {@code \n} line ends). */
    public static byte[] toJsonl(List<Instance> instances) {
        ObjectMapper m = jsonlMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Instance i : instances) {
                out.write(m.writeValueAsBytes(i));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@link #toJsonl} to a file. */
    public static void writeJsonl(List<Instance> instances, Path file) {
        try {
            Files.write(file, toJsonl(instances));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Reads instances written by {@link #writeJsonl}. */
    public static List<Instance> readJsonl(Path file) {
        ObjectMapper m = jsonlMapper();
        List<Instance> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(m.readValue(line, Instance.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException("Line " + n + " of " + file + " is not an instance: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return out;
    }
}
