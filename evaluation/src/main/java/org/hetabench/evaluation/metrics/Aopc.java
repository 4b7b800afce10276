package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * AOPC comprehensiveness and sufficiency (spec §3.2): DeYoung et al., "ERASER", ACL 2020 (scorer
 * {@code _instances_aopc}), after Samek et al. 2017. For each bin {@code f}, the top {@code k_f} positions by
 * attribution are removed (comprehensiveness) or kept alone (sufficiency), and the drop of the target's
 * probability is averaged over the bins.
 *
 * <p>Both numbers of a context share one batched forward call of {@code 2|B|} rows (clean pass cached).
 */
public final class Aopc implements Metric {

    /** Which of the two curves. */
    public enum Kind { COMPREHENSIVENESS, SUFFICIENCY }

    /** How {@code k_f} follows from {@code f·T} (§3.2). */
    public enum Rounding { FLOOR_MIN1, FLOOR_SKIP0, CEIL }

    /** Removal operators (§1.5). */
    public enum Removal { DELETE, ZERO_EMBED, REPLACE_PAD }

    /** Probability or log-probability drops. */
    public enum Scale { PROB, LOGPROB }

    private final Kind kind;
    private final double[] bins;
    private final Rounding rounding;
    private final Removal removal;
    private final boolean onlyPositive;
    private final boolean dedupe;
    private final boolean includeZeroBin;
    private final Scale scale;
    private final boolean protectBos;
    private final MetricInfo info;

    public Aopc(Kind kind, MetricConfig config) {
        this.kind = kind;
        this.bins = config.reals("aopc.bins");
        for (double b : bins) {
            if (!(b > 0 && b <= 1)) {
                throw new IllegalArgumentException("Metric configuration aopc.bins contains " + b
                        + "; bins are fractions in (0, 1]");
            }
        }
        this.rounding = config.choice("aopc.rounding", Rounding.class);
        this.removal = config.choice("aopc.removal", Removal.class);
        this.onlyPositive = config.bool("aopc.onlyPositive");
        this.dedupe = config.bool("aopc.dedupe");
        this.includeZeroBin = config.bool("aopc.includeZeroBin");
        this.scale = config.choice("aopc.scale", Scale.class);
        this.protectBos = config.bool("perturb.protectBos");
        Map<String, String> used = config.subset("aopc.bins", "aopc.rounding", "aopc.removal", "aopc.onlyPositive",
                "aopc.dedupe", "aopc.includeZeroBin", "aopc.scale", "perturb.protectBos");
        boolean comp = kind == Kind.COMPREHENSIVENESS;
        double lo = scale == Scale.PROB ? -1 : Double.NEGATIVE_INFINITY;
        double hi = scale == Scale.PROB ? 1 : Double.POSITIVE_INFINITY;
        info = new MetricInfo(comp ? "aopc-comp" : "aopc-suff", comp ? "AOPC-comp" : "AOPC-suff",
                MetricInfo.Family.FAITHFULNESS,
                comp ? MetricInfo.Direction.HIGHER_IS_BETTER : MetricInfo.Direction.LOWER_IS_BETTER, lo, hi,
                comp ? hi : 0, MetricInfo.Aggregation.MEAN, scale == Scale.PROB ? "probability" : "nats",
                MetricInfo.Provenance.CODE, "3.2", used);
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /** {@code k} for a bin, or 0 when the bin is skipped (§3.2 rounding options). */
    public static int binSize(double f, int eligible, Rounding rounding) {
        double x = f * eligible;
        int k;
        switch (rounding) {
            case FLOOR_MIN1:
                k = Math.max(1, (int) Math.floor(x + 1e-9));
                break;
            case FLOOR_SKIP0:
                k = (int) Math.floor(x + 1e-9);
                break;
            case CEIL:
                k = (int) Math.ceil(x - 1e-9);
                break;
            default:
                throw new AssertionError(rounding);
        }
        return Math.min(k, eligible);
    }

    /**
     * AOPC from probabilities: mean over bins of {@code p − p'_f} (PROB) or {@code ln p − ln p'_f} (LOGPROB),
     * averaged over {@code n_B + 1} points if {@code includeZeroBin}. NaN without bins.
     */
    public static double fromProbabilities(double p, double[] perturbed, Scale scale, boolean includeZeroBin) {
        if (perturbed.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double q : perturbed) {
            s += scale == Scale.PROB ? p - q : Math.log(p) - Math.log(q);
        }
        return s / (perturbed.length + (includeZeroBin ? 1 : 0));
    }

    /** Per-bin probabilities of both curves for one context. */
    private record Curves(double p, double[] comp, double[] suff, int[] ks) {}

    @Override
    public MetricValue compute(MetricContext ctx) {
        Curves c = ctx.shared("aopc:" + info.config(), () -> curves(ctx));
        if (c.ks.length == 0) {
            return MetricValue.undefined("no valid bin (too few eligible positions)");
        }
        double[] pert = kind == Kind.COMPREHENSIVENESS ? c.comp : c.suff;
        double v = fromProbabilities(c.p, pert, scale, includeZeroBin);
        Map<String, Double> comp = new LinkedHashMap<>();
        comp.put("pFull", c.p);
        for (int j = 0; j < c.ks.length; j++) {
            comp.put("p@k=" + c.ks[j], pert[j]);
        }
        return new MetricValue(v, Double.NaN, comp, Map.of());
    }

    /** Eligible positions by descending score, and the bin sizes k (spec §3.2) over them. */
    record Ranked(int[] order, List<Integer> ks) {}

    /**
     * Ranks the eligible positions (not protected; with {@code onlyPositive}, a positive score) and turns the
     * bin fractions into sizes k, dropping empty bins and, with {@code dedupe}, repeats of the previous k.
     */
    static Ranked rank(double[] a, boolean[] prot, double[] bins, Rounding rounding, boolean onlyPositive,
                       boolean dedupe) {
        boolean[] eligible = new boolean[a.length];
        int nEl = 0;
        for (int i = 0; i < a.length; i++) {
            eligible[i] = !prot[i] && (!onlyPositive || a[i] > 0);
            nEl += eligible[i] ? 1 : 0;
        }
        int[] order = Ranking.descending(a, eligible);
        List<Integer> ks = new ArrayList<>();
        int prev = -1;
        for (double f : bins) {
            int k = binSize(f, nEl, rounding);
            if (k <= 0 || (dedupe && k == prev)) {
                continue;
            }
            ks.add(k);
            prev = k;
        }
        return new Ranked(order, ks);
    }

    private Curves curves(MetricContext ctx) {
        int t = ctx.length();
        int[] ids = ctx.context();
        double[] a = ctx.scores();
        boolean[] prot = ctx.protectedPositions(protectBos);
        Ranked ranked = rank(a, prot, bins, rounding, onlyPositive, dedupe);
        int[] order = ranked.order();
        List<Integer> ks = ranked.ks();
        List<ForwardRequest> rows = new ArrayList<>();
        for (int k : ks) {
            boolean[] top = Perturbation.mask(t, Arrays.copyOf(order, k));
            rows.add(removed(ctx, ids, top));
            rows.add(removed(ctx, ids, Perturbation.complement(top, prot)));
        }
        double p = Math.exp(ctx.cleanLogProb());
        List<ForwardResult> out = rows.isEmpty() ? List.of() : ctx.model().forward(rows);
        double[] comp = new double[ks.size()];
        double[] suff = new double[ks.size()];
        for (int j = 0; j < ks.size(); j++) {
            comp[j] = Math.exp(Softmax.logProb(out.get(2 * j).lastLogits(), ctx.target()));
            suff[j] = Math.exp(Softmax.logProb(out.get(2 * j + 1).lastLogits(), ctx.target()));
        }
        return new Curves(p, comp, suff, ks.stream().mapToInt(Integer::intValue).toArray());
    }

    private ForwardRequest removed(MetricContext ctx, int[] ids, boolean[] remove) {
        switch (removal) {
            case DELETE: {
                int[] kept = Perturbation.delete(ids, remove);
                if (kept.length == 0) {
                    // deleting every token leaves nothing to read the target from: use one zero row instead
                    return ForwardRequest.ofEmbeddings(new double[1][ctx.model().config().hiddenSize()]);
                }
                return ForwardRequest.ofIds(kept);
            }
            case ZERO_EMBED:
                return ForwardRequest.ofEmbeddings(Perturbation.zeroRows(ctx.embeddings(), remove));
            case REPLACE_PAD: {
                int pad = ctx.model().tokenizer().map(tk -> tk.unkId()).orElse(0);
                int[] o = ids.clone();
                for (int i = 0; i < o.length; i++) {
                    if (remove[i]) {
                        o[i] = Math.max(0, pad);
                    }
                }
                return ForwardRequest.ofIds(o);
            }
            default:
                throw new AssertionError(removal);
        }
    }
}
