package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * The {@code LM_SELF} counterfactual sampler of spec §3.4: a replacement for position {@code i > 0} is drawn
 * from the model's own next-token distribution at position {@code i − 1} of the <em>original</em> sequence,
 * restricted to its top-K tokens, temperature 1, the original token excluded; every position is drawn
 * independently (no sequential re-conditioning). Position 0 draws from the distribution predicted after a
 * single BOS (or token 0 when the tokenizer has no BOS).
 *
 * <p>Built once per context from one batched call (the original sequence with all-position logits, which
 * also serves as the clean pass, plus the one-token prefix row).
 */
public final class LmSelfSampler {
    private final int[][] ids;
    private final double[][] cdf;

    private LmSelfSampler(int[][] ids, double[][] cdf) {
        this.ids = ids;
        this.cdf = cdf;
    }

    /** The context's sampler (cached per top-K). */
    public static LmSelfSampler of(MetricContext ctx, int topK) {
        return ctx.shared("lm-self:" + topK, () -> build(ctx, topK));
    }

    private static LmSelfSampler build(MetricContext ctx, int topK) {
        int[] x = ctx.context();
        int bos = ctx.model().tokenizer().map(t -> t.bosId()).orElse(-1);
        List<ForwardRequest> rows = new ArrayList<>();
        rows.add(ForwardRequest.ofIds(x).withCaptures(ForwardRequest.Capture.LOGITS_ALL));
        rows.add(ForwardRequest.ofIds(Math.max(0, bos)));
        List<ForwardResult> out = ctx.model().forward(rows);
        ctx.offerClean(out.get(0));
        int t = x.length;
        int[][] ids = new int[t][];
        double[][] cdf = new double[t][];
        for (int i = 0; i < t; i++) {
            double[] z = i == 0 ? out.get(1).lastLogits() : out.get(0).allLogits()[i - 1];
            int[] order = Ranking.descending(z, null);
            int k = 0;
            int[] cand = new int[Math.min(topK, z.length - 1)];
            for (int j = 0; j < order.length && k < cand.length; j++) {
                if (order[j] != x[i]) {
                    cand[k++] = order[j];
                }
            }
            double max = z[cand[0]];
            double[] c = new double[cand.length];
            double s = 0;
            for (int j = 0; j < cand.length; j++) {
                s += Math.exp(z[cand[j]] - max);
                c[j] = s;
            }
            for (int j = 0; j < cand.length; j++) {
                c[j] /= s;
            }
            ids[i] = cand;
            cdf[i] = c;
        }
        return new LmSelfSampler(ids, cdf);
    }

    /** One replacement id for {@code position} (inverse CDF with one uniform). */
    public int sample(int position, Draws draws) {
        double u = draws.uniform();
        double[] c = cdf[position];
        for (int j = 0; j < c.length; j++) {
            if (u < c[j]) {
                return ids[position][j];
            }
        }
        return ids[position][c.length - 1];
    }

    /** Independent replacements for {@code positions}, one stream per call. */
    public int[] sample(int[] positions, Draws draws) {
        int[] o = new int[positions.length];
        for (int j = 0; j < positions.length; j++) {
            o[j] = sample(positions[j], draws);
        }
        return o;
    }

    /** The candidate ids of a position (for tests: the original token is never among them). */
    public int[] candidates(int position) {
        return ids[position].clone();
    }
}
