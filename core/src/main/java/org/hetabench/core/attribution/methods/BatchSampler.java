package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Batched autoregressive sampling of several continuations at once (one batched forward per step,
 * no KV cache), with temperature and top-k; draws are taken in row order from one seeded stream, so
 * the result does not depend on the model's batch size. Used by PML's calibration and SEA-CoT.
 */
final class BatchSampler {
    private BatchSampler() {}

    /**
     * Continuations (prompt excluded) of each prompt.
     *
     * @param temperature 0 = greedy
     * @param topK 0 = no top-k filter
     * @param stops ids that end a row (not included in its continuation)
     */
    static int[][] sample(CausalLm model, List<int[]> prompts, int maxNew, double temperature, int topK,
                          SplittableRandom rng, Set<Integer> stops) {
        int b = prompts.size();
        int[][] seq = new int[b][];
        int[] len = new int[b];
        boolean[] done = new boolean[b];
        int maxPos = model.config().maxPositions();
        for (int r = 0; r < b; r++) {
            seq[r] = Arrays.copyOf(prompts.get(r), prompts.get(r).length + maxNew);
            len[r] = prompts.get(r).length;
            done[r] = len[r] >= maxPos;
        }
        for (int step = 0; step < maxNew; step++) {
            List<Integer> active = new ArrayList<>();
            List<ForwardRequest> rows = new ArrayList<>();
            for (int r = 0; r < b; r++) {
                if (!done[r]) {
                    active.add(r);
                    rows.add(ForwardRequest.ofIds(Arrays.copyOf(seq[r], len[r])));
                }
            }
            if (active.isEmpty()) {
                break;
            }
            List<ForwardResult> out = model.forward(rows);
            for (int a = 0; a < active.size(); a++) {
                int r = active.get(a);
                int next = choose(out.get(a).lastLogits(), temperature, topK, rng);
                if (stops.contains(next)) {
                    done[r] = true;
                    continue;
                }
                seq[r][len[r]++] = next;
                if (len[r] >= maxPos) {
                    done[r] = true;
                }
            }
        }
        int[][] res = new int[b][];
        for (int r = 0; r < b; r++) {
            res[r] = Arrays.copyOfRange(seq[r], prompts.get(r).length, len[r]);
        }
        return res;
    }

    static int choose(double[] z, double temperature, int topK, SplittableRandom rng) {
        if (temperature == 0) {
            return Logits.argmax(z);
        }
        int[] cand = Logits.topK(z, topK > 0 ? topK : z.length);
        double max = z[cand[0]];
        double[] cum = new double[cand.length];
        double acc = 0;
        for (int j = 0; j < cand.length; j++) {
            acc += Math.exp((z[cand[j]] - max) / temperature);
            cum[j] = acc;
        }
        double u = rng.nextDouble() * acc;
        for (int j = 0; j < cand.length; j++) {
            if (u < cum[j]) {
                return cand[j];
            }
        }
        return cand[cand.length - 1];
    }
}
