package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Counterfactual AOPC (spec §3.4, [SPEC] after Kamahi &amp; Yaghoobzadeh 2024, "Counterfactuals as a means for
 * evaluating faithfulness of attribution methods in autoregressive LMs", arXiv 2408.11252): AOPC
 * comprehensiveness where the top-{@code k_f} positions are replaced by fluent in-distribution tokens
 * ({@link LmSelfSampler}) instead of deleted, averaged over {@code M} replacement draws.
 *
 * <p>Cost: the sampler pass (shared) plus one batched call of {@code |B|·M} rows.
 */
public final class CounterfactualAopc implements Metric {
    private static final int SAMPLE_OFFSET = 2_000_000;

    private final double[] bins;
    private final Aopc.Rounding rounding;
    private final boolean onlyPositive;
    private final boolean dedupe;
    private final boolean includeZeroBin;
    private final Aopc.Scale scale;
    private final int draws;
    private final int topK;
    private final boolean protectBos;
    private final MetricInfo info;

    public CounterfactualAopc(MetricConfig config) {
        String sampler = config.choice("cfaopc.sampler");
        if (!sampler.equals("LM_SELF")) {
            throw new IllegalArgumentException("Metric configuration cfaopc.sampler=" + sampler + " is not available "
                    + "in this build (MLM_INFILL needs a masked LM, POS_UNIFORM a part-of-speech tagger, PRECOMPUTED an "
                    + "external counterfactual editor); use LM_SELF");
        }
        this.bins = config.reals("aopc.bins");
        this.rounding = config.choice("aopc.rounding", Aopc.Rounding.class);
        this.onlyPositive = config.bool("aopc.onlyPositive");
        this.dedupe = config.bool("aopc.dedupe");
        this.includeZeroBin = config.bool("aopc.includeZeroBin");
        this.scale = config.choice("aopc.scale", Aopc.Scale.class);
        this.draws = config.integer("cfaopc.draws");
        this.topK = config.integer("cfaopc.topK");
        if (draws < 1 || topK < 1) {
            throw new IllegalArgumentException("Metric configuration cfaopc.draws and cfaopc.topK must be >= 1, got "
                    + draws + " and " + topK);
        }
        this.protectBos = config.bool("perturb.protectBos");
        info = new MetricInfo("cf-aopc", "CF-AOPC", MetricInfo.Family.FAITHFULNESS,
                MetricInfo.Direction.HIGHER_IS_BETTER, scale == Aopc.Scale.PROB ? -1 : Double.NEGATIVE_INFINITY,
                scale == Aopc.Scale.PROB ? 1 : Double.POSITIVE_INFINITY,
                scale == Aopc.Scale.PROB ? 1 : Double.POSITIVE_INFINITY, MetricInfo.Aggregation.MEAN,
                scale == Aopc.Scale.PROB ? "probability" : "nats", MetricInfo.Provenance.SPEC, "3.4",
                config.subset("cfaopc.sampler", "cfaopc.draws", "cfaopc.topK", "aopc.bins", "aopc.rounding",
                        "aopc.onlyPositive", "aopc.dedupe", "aopc.includeZeroBin", "aopc.scale", "perturb.protectBos"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /**
     * CF-AOPC from probabilities (unit test 3-B): {@code draws[b][m]} is {@code p(y)} under draw {@code m} of
     * bin {@code b}; the per-bin mean is subtracted from {@code p}.
     */
    public static double fromDraws(double p, double[][] drawProbs, Aopc.Scale scale, boolean includeZeroBin) {
        double[] mean = new double[drawProbs.length];
        for (int b = 0; b < drawProbs.length; b++) {
            if (scale == Aopc.Scale.PROB) {
                mean[b] = Arrays.stream(drawProbs[b]).average().orElse(Double.NaN);
            } else {
                // LOGPROB: average the log-probabilities, expressed back as a probability for fromProbabilities
                mean[b] = Math.exp(Arrays.stream(drawProbs[b]).map(Math::log).average().orElse(Double.NaN));
            }
        }
        return Aopc.fromProbabilities(p, mean, scale, includeZeroBin);
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        int t = ctx.length();
        int[] ids = ctx.context();
        double[] a = ctx.scores();
        boolean[] prot = ctx.protectedPositions(protectBos);
        Aopc.Ranked ranked = Aopc.rank(a, prot, bins, rounding, onlyPositive, dedupe);
        int[] order = ranked.order();
        List<Integer> ks = ranked.ks();
        if (ks.isEmpty()) {
            return MetricValue.undefined("no valid bin (too few eligible positions)");
        }
        LmSelfSampler sampler = LmSelfSampler.of(ctx, topK);
        List<ForwardRequest> rows = new ArrayList<>();
        for (int b = 0; b < ks.size(); b++) {
            int[] top = Arrays.copyOf(order, ks.get(b));
            for (int m = 0; m < draws; m++) {
                Draws d = ctx.draws().stream("replacement", DrawRole.REPLACEMENT, SAMPLE_OFFSET + b * draws + m);
                rows.add(ForwardRequest.ofIds(Perturbation.replace(ids, top, sampler.sample(top, d))));
            }
        }
        double p = Math.exp(ctx.cleanLogProb());
        List<ForwardResult> out = ctx.model().forward(rows);
        double[][] probs = new double[ks.size()][draws];
        Map<String, Double> comp = new LinkedHashMap<>();
        comp.put("pFull", p);
        for (int b = 0; b < ks.size(); b++) {
            for (int m = 0; m < draws; m++) {
                probs[b][m] = Math.exp(Softmax.logProb(out.get(b * draws + m).lastLogits(), ctx.target()));
            }
            comp.put("meanP@k=" + ks.get(b), Arrays.stream(probs[b]).average().orElse(Double.NaN));
        }
        return new MetricValue(fromDraws(p, probs, scale, includeZeroBin), Double.NaN, comp, Map.of());
    }
}
