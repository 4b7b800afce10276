package org.hetabench.core.generation;

/**
 * Decoding settings (the paper's decoding grid varies all of them).
 *
 * @param maxNewTokens how many tokens to generate at most
 * @param temperature 0 means greedy
 * @param topK keep the k most likely tokens; 0 disables
 * @param topP nucleus mass in (0, 1]; 1 disables
 * @param repetitionPenalty CTRL-style penalty (&gt; 1 discourages repeats); 1 disables
 * @param seed seed of the sampler
 * @param stopAtEos stop when the tokenizer's end token (or, for llama2.c, BOS) is produced
 */
public record DecodingConfig(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty,
                             long seed, boolean stopAtEos) {

    public DecodingConfig {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 disables), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0)) {
            throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + repetitionPenalty);
        }
    }

    /** Greedy decoding of {@code n} tokens. */
    public static DecodingConfig greedy(int n) {
        return new DecodingConfig(n, 0, 0, 1, 1, 0, true);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
