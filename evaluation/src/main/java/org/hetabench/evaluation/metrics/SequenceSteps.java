package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.generation.Generator;
import org.hetabench.core.model.CausalLm;

/**
 * The steps of a sequence-level evaluation (spec §1.3, ReAGent's {@code sequence_rationalization.py}): generate
 * {@code N} tokens greedily after the prompt; every {@code stride}-th generated position {@code t} is one step
 * whose context is the prompt plus the tokens generated before {@code t} and whose target is the token at
 * {@code t}. Per-step metric values are averaged per prompt with {@link MetricValue#meanOfSteps} and the
 * per-prompt values aggregated by {@link Metric#aggregate} (for Soft-NS/NC: {@code ln(Σ_i mS_i / Σ_i mR_i)},
 * §2.6).
 */
public final class SequenceSteps {
    private SequenceSteps() {}

    /**
     * One step.
     *
     * @param context prompt plus the tokens generated before the target
     * @param target the generated token
     * @param position the target's position in the full sequence (tables print {@code position + 1})
     */
    public record Step(int[] context, int target, int position) {}

    /**
     * Greedy steps of one prompt.
     *
     * @param maxNewTokens {@code soft.maxNewTokens} (spec default 10)
     * @param stride {@code soft.stride} (spec default 1)
     */
    public static List<Step> greedy(CausalLm model, int[] prompt, int maxNewTokens, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("soft.stride must be >= 1, got " + stride);
        }
        int[] gen = new Generator(model).generate(prompt, DecodingConfig.greedy(maxNewTokens));
        return fromGenerated(prompt, gen, stride);
    }

    /** Steps over already generated tokens (e.g. from a sampled run of the decoding grid). */
    public static List<Step> fromGenerated(int[] prompt, int[] generated, int stride) {
        List<Step> steps = new ArrayList<>();
        int[] seq = Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, seq, prompt.length, generated.length);
        for (int g = 0; g < generated.length; g += stride) {
            int pos = prompt.length + g;
            steps.add(new Step(Arrays.copyOf(seq, pos), seq[pos], pos));
        }
        return steps;
    }
}
