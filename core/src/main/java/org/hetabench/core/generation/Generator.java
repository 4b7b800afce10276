package org.hetabench.core.generation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * Autoregressive generation with greedy, temperature, top-k, top-p and repetition-penalty decoding.
 * Processing order follows Hugging Face's logits processors: repetition penalty, temperature, top-k,
 * top-p, then a draw from the seeded generator. Each step re-runs the whole prefix (no KV cache): the
 * attribution workloads generate few tokens, and this keeps the forward pass single-sourced.
 */
public final class Generator {
    private final CausalLm model;

    public Generator(CausalLm model) {
        this.model = model;
    }

    /** Generated ids (prompt excluded). */
    public int[] generate(int[] prompt, DecodingConfig cfg) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("generation needs a non-empty prompt (at least BOS)");
        }
        Set<Integer> stops = new HashSet<>();
        Tokenizer tok = model.tokenizer().orElse(null);
        if (cfg.stopAtEos() && tok != null) {
            if (tok.eosId() >= 0) {
                stops.add(tok.eosId());
            }
            if ("llama2c".equals(model.config().family()) && tok.bosId() >= 0) {
                stops.add(tok.bosId()); // run.c stops on BOS, which its models emit between stories
            }
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        int limit = Math.min(cfg.maxNewTokens(), model.config().maxPositions() - prompt.length);
        int[] seq = Arrays.copyOf(prompt, prompt.length + Math.max(0, limit));
        int n = prompt.length;
        for (int step = 0; step < limit; step++) {
            double[] z = model.forward(ForwardRequest.ofIds(Arrays.copyOf(seq, n))).lastLogits();
            int next = choose(z, Arrays.copyOf(seq, n), cfg, rng);
            if (stops.contains(next)) {
                break;
            }
            seq[n++] = next;
        }
        return Arrays.copyOfRange(seq, prompt.length, n);
    }

    /** Picks the next token from logits {@code z} given the sequence so far. */
    static int choose(double[] z, int[] prefix, DecodingConfig cfg, SplittableRandom rng) {
        double[] s = z.clone();
        if (cfg.repetitionPenalty() != 1) {
            boolean[] seen = new boolean[s.length];
            for (int id : prefix) {
                seen[id] = true;
            }
            for (int v = 0; v < s.length; v++) {
                if (seen[v]) {
                    s[v] = s[v] > 0 ? s[v] / cfg.repetitionPenalty() : s[v] * cfg.repetitionPenalty();
                }
            }
        }
        if (cfg.isGreedy()) {
            int best = 0;
            for (int v = 1; v < s.length; v++) {
                if (s[v] > s[best]) {
                    best = v;
                }
            }
            return best;
        }
        for (int v = 0; v < s.length; v++) {
            s[v] /= cfg.temperature();
        }
        Integer[] order = new Integer[s.length];
        for (int v = 0; v < s.length; v++) {
            order[v] = v;
        }
        final double[] fs = s;
        Arrays.sort(order, (a, b) -> fs[b] != fs[a] ? Double.compare(fs[b], fs[a]) : Integer.compare(a, b));
        int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), s.length) : s.length;
        double max = s[order[0]];
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(s[order[i]] - max);
            sum += p[i];
        }
        if (cfg.topP() < 1) {
            double cum = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                cum += p[i] / sum;
                if (cum >= cfg.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = cut;
            sum = 0;
            for (int i = 0; i < keep; i++) {
                sum += p[i];
            }
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += p[i];
            if (u < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}
