package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * <b>An adaptation, not the published method.</b> SEA-CoT (Yeo, Satapathy, Goh &amp; Cambria, arXiv
 * 2402.11863; wj210/CoT_interpretability) samples chain-of-thought explanations and <i>selects</i> the
 * one that best aligns with question and answer; it produces no token scores. This class implements
 * the spec's proposed "SEA-CoT-overlap" [INFERRED, methods.md §5.2]: sample N rationales after the
 * context and a rationale cue, keep those after which the model still predicts {@code y}, score each
 * by self-entailment (the same LM, few-shot yes/no prompt) plus the reference's overlap
 * {@code |A∩B|/|A|/|A∪B|} of Porter stems, pick the best, and give every context word 1 if its stem
 * occurs in the chosen rationale (soft variant: softmax-weighted over all kept rationales); tokens
 * inherit their word's score. Protected tokens get 0. Differences from the reference in the stem
 * pipeline: punctuation is stripped before stemming, and the stemmer is the original Porter algorithm.
 */
public final class SeaCot implements AttributionMethod {
    public static final String NAME = "sea-cot";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "ADAPTED from Yeo et al. 2024 (SEA-CoT, arXiv 2402.11863): SEA-CoT-overlap of methods.md §5.2",
            EnumSet.of(Capability.STOCHASTIC, Capability.GENERATION, Capability.TOKENIZER), ScoreType.NONNEG,
            "ADAPTATION: word overlap with the self-entailment-selected sampled rationale");

    /** Our own few-shot entailment examples (premise, hypothesis, answer). */
    private static final String[][] SHOTS = {
        {"The cat sat on the warm mat all day.", "The cat was on the mat.", "yes"},
        {"Tom ate an apple after school.", "Tom ate a banana.", "no"},
        {"It rained, so the children played inside.", "The children played inside because of the rain.", "yes"},
        {"The dog barked at the mailman.", "The dog was asleep and silent.", "no"},
        {"Lily gave her friend a red ball.", "Lily's friend got a ball.", "yes"},
        {"The store was closed on Sunday.", "The store was open on Sunday.", "no"},
        {"Sam ran fast and won the race.", "Sam won the race.", "yes"}};

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

    /**
     * @param samples N sampled rationales
     * @param temperature sampling temperature
     * @param topK sampling top-k
     * @param maxNew longest rationale (tokens)
     * @param cue text appended after the context to start the rationale
     * @param answerCue text after the rationale for the agreement check
     * @param output {@code hard} (binary, chosen rationale) or {@code soft}
     * @param premise {@code clean} (context + answer) or {@code reference} (answer only, the reference's bug)
     * @param shots few-shot entailment examples, 0..7
     */
    public record Params(int samples, double temperature, int topK, int maxNew, String cue, String answerCue,
                         String output, String premise, int shots) {
        public Params {
            if (samples < 1 || !(temperature >= 0) || topK < 0 || maxNew < 1) {
                throw new IllegalArgumentException(NAME + " needs samples >= 1, temperature >= 0, top-k >= 0, "
                        + "max-new >= 1; got " + samples + ", " + temperature + ", " + topK + ", " + maxNew);
            }
            if (!List.of("hard", "soft").contains(output)) {
                throw new IllegalArgumentException(NAME + ".output must be hard or soft, got " + output);
            }
            if (!List.of("clean", "reference").contains(premise)) {
                throw new IllegalArgumentException(NAME + ".premise must be clean or reference, got " + premise);
            }
            if (shots < 0 || shots > SHOTS.length) {
                throw new IllegalArgumentException(NAME + ".shots must be in [0, " + SHOTS.length + "], got " + shots);
            }
        }

        /** Defaults: the reference's decoding (N=10, T=0.5, top-k 40, ≤128 tokens, 7 shots). */
        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.integer("samples", 10), r.real("temperature", 0.5), r.integer("top-k", 40),
                    r.integer("max-new", 128), unescape(r.string("cue", "\nReasoning:")),
                    unescape(r.string("answer-cue", "\nSo the answer is")),
                    r.choice("output", "hard", List.of("hard", "soft")),
                    r.choice("premise", "clean", List.of("clean", "reference")), r.integer("shots", 7));
            r.finish();
            return p;
        }

        private static String unescape(String s) {
            return s.replace("\\n", "\n");
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
    }

    @Override
    public Optional<String> unusableReason(CausalLm model) {
        return model.tokenizer().isPresent() ? Optional.empty()
                : Optional.of("needs a tokenizer to encode prompts and decode sampled rationales");
    }

    @Override
    public void validate(Map<String, String> params) {
        Params.from(params);
    }

    @Override
    public AttributionResult attribute(AttributionRequest request) {
        Params p = Params.from(request.params());
        CausalLm model = request.model();
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalArgumentException(NAME + " cannot run on "
                + model.name() + ": " + unusableReason(model).orElse("")));
        RunMeter meter = RunMeter.start(model);
        meter.note("adaptation", "SEA-CoT selects explanations and has no token scores; these are SEA-CoT-overlap "
                + "scores proposed in methods.md §5.2, not a published method");
        int[] x = request.context();
        int n = x.length;
        int y = request.target();
        String answer = tok.decode(new int[] {y}).trim();
        TokenText ctx = TokenText.of(tok, x);
        int[] cue = tok.encode(p.cue(), false).ids();
        int[] prompt = concat(x, cue);
        Set<Integer> stops = new HashSet<>();
        if (tok.eosId() >= 0) {
            stops.add(tok.eosId());
        }
        if (tok.bosId() >= 0) {
            stops.add(tok.bosId());
        }
        int room = model.config().maxPositions() - prompt.length;
        if (room < 1) {
            throw new IllegalArgumentException(NAME + ": instance '" + request.instanceId() + "' leaves no room for a "
                    + "rationale within the model's " + model.config().maxPositions() + " positions");
        }
        int[][] rats = BatchSampler.sample(model, java.util.Collections.nCopies(p.samples(), prompt),
                Math.min(p.maxNew(), room - 1), p.temperature(), p.topK(), request.random(NAME, "rationales"), stops);
        // agreement filter: y must still be the argmax after context + rationale + answer cue
        int[] ans = tok.encode(p.answerCue(), false).ids();
        List<ForwardRequest> rows = new ArrayList<>();
        for (int[] r : rats) {
            int[] seq = concat(concat(prompt, r), ans);
            rows.add(ForwardRequest.ofIds(Arrays.copyOfRange(seq, Math.max(0, seq.length
                    - model.config().maxPositions()), seq.length)));
        }
        List<ForwardResult> agree = model.forward(rows);
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < rats.length; k++) {
            if (Logits.argmax(agree.get(k).lastLogits()) == y) {
                kept.add(k);
            }
        }
        if (kept.isEmpty()) {
            meter.note("agreement", "no rationale led to the target; all kept (flagged)");
            for (int k = 0; k < rats.length; k++) {
                kept.add(k);
            }
        } else {
            meter.note("agreement", kept.size() + " of " + rats.length + " rationales agree");
        }
        String[] texts = new String[rats.length];
        for (int k = 0; k < rats.length; k++) {
            texts[k] = tok.decode(rats[k]);
        }
        String qa = ctx.text() + " " + answer;
        String premise = p.premise().equals("clean") ? qa : answer;
        double[] entail = entailment(model, tok, kept, texts, premise, p.shots(), meter);
        Set<String> qaStems = stems(qa);
        double[] score = new double[kept.size()];
        int best = 0;
        for (int a = 0; a < kept.size(); a++) {
            score[a] = entail[a] + overlap(stems(texts[kept.get(a)]), qaStems);
            if (score[a] > score[best]) {
                best = a;
            }
        }
        double[] weight = new double[kept.size()];
        if (p.output().equals("hard")) {
            weight[best] = 1;
        } else {
            weight = Logits.softmax(score);
        }
        List<Set<String>> ratStems = new ArrayList<>();
        for (int k : kept) {
            ratStems.add(stems(texts[k]));
        }
        double[] s = new double[n];
        Matcher m = WORD.matcher(ctx.text());
        while (m.find()) {
            String w = m.group();
            if (StopWords.ENGLISH.contains(w)) {
                continue;
            }
            String st = PorterStemmer.stem(w);
            double a = 0;
            for (int r = 0; r < kept.size(); r++) {
                if (ratStems.get(r).contains(st)) {
                    a += weight[r];
                }
            }
            for (int i = 0; i < n; i++) {
                if (!request.protectedPositions()[i] && ctx.starts()[i] < m.end() && ctx.ends()[i] > m.start()) {
                    s[i] = Math.max(s[i], a);
                }
            }
        }
        meter.note("chosen-rationale", texts[kept.get(best)]).note("chosen-score", score[best])
                .note("premise", p.premise()).note("output", p.output()).note("samples", p.samples())
                .note("stemmer", "original Porter (1980); punctuation stripped before stemming");
        return meter.finish(NAME, s, ScoreType.NONNEG, "overlap-" + p.output());
    }

    /** Self-entailment: P(yes) (or 1 − P(no)) at the first yes/no token of ≤ 3 greedy tokens, else 0. */
    private static double[] entailment(CausalLm model, Tokenizer tok, List<Integer> kept, String[] texts,
                                       String premise, int shots, RunMeter meter) {
        int maxPos = model.config().maxPositions();
        List<int[]> prompts = new ArrayList<>();
        int tooLong = 0;
        int minShots = shots;
        for (int k : kept) {
            int[] ids = null;
            for (int s = shots; s >= 0; s--) {
                ids = tok.encode(entailPrompt(premise, texts[k], s), true).ids();
                if (ids.length + 3 <= maxPos) {
                    minShots = Math.min(minShots, s);
                    break;
                }
                ids = null;
            }
            if (ids == null) {
                tooLong++;
            }
            prompts.add(ids);
        }
        if (minShots < shots) {
            meter.note("entailment-shots-reduced", "to " + minShots + " to fit the context window");
        }
        if (tooLong > 0) {
            meter.note("entailment-too-long", tooLong + " prompts exceed the context window; entailment 0");
        }
        double[] out = new double[kept.size()];
        boolean[] done = new boolean[kept.size()];
        for (int a = 0; a < prompts.size(); a++) {
            done[a] = prompts.get(a) == null;
        }
        for (int step = 0; step < 3; step++) {
            List<Integer> active = new ArrayList<>();
            List<ForwardRequest> rows = new ArrayList<>();
            for (int a = 0; a < prompts.size(); a++) {
                if (!done[a]) {
                    active.add(a);
                    rows.add(ForwardRequest.ofIds(prompts.get(a)));
                }
            }
            if (rows.isEmpty()) {
                break;
            }
            List<ForwardResult> res = model.forward(rows);
            for (int j = 0; j < active.size(); j++) {
                int a = active.get(j);
                double[] z = res.get(j).lastLogits();
                int next = Logits.argmax(z);
                String piece = tok.decode(new int[] {next}).trim().toLowerCase(java.util.Locale.ROOT);
                double pr = Logits.softmax(z)[next];
                if (piece.equals("yes")) {
                    out[a] = pr;
                    done[a] = true;
                } else if (piece.equals("no")) {
                    out[a] = 1 - pr;
                    done[a] = true;
                } else {
                    prompts.set(a, concat(prompts.get(a), new int[] {next}));
                }
            }
        }
        return out;
    }

    static String entailPrompt(String premise, String hypothesis, int shots) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < shots; s++) {
            b.append("Premise: ").append(SHOTS[s][0]).append("\nHypothesis: ").append(SHOTS[s][1])
                    .append("\nDoes the hypothesis entail the premise? ").append(SHOTS[s][2]).append("\n\n");
        }
        b.append("Premise: ").append(premise).append("\nHypothesis: ").append(hypothesis)
                .append("\nDoes the hypothesis entail the premise?");
        return b.toString();
    }

    /** Whitespace pieces minus stop-words (case-sensitive), punctuation stripped, Porter-stemmed. */
    static Set<String> stems(String text) {
        Set<String> out = new HashSet<>();
        for (String piece : text.split("\\s+")) {
            if (piece.isEmpty() || StopWords.ENGLISH.contains(piece)) {
                continue;
            }
            String clean = piece.replaceAll("[\\p{Punct}“”‘’]", "");
            if (!clean.isEmpty()) {
                out.add(PorterStemmer.stem(clean));
            }
        }
        return out;
    }

    /** The reference's overlap {@code |A∩B| / |A| / |A∪B|} (not a standard IoU); 0 if A is empty. */
    static double overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty()) {
            return 0;
        }
        Set<String> inter = new HashSet<>(a);
        inter.retainAll(b);
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return (double) inter.size() / a.size() / union.size();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
