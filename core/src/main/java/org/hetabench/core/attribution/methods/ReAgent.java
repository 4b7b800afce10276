package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.hetabench.core.model.Objective;

/**
 * ReAGent, the Recursive Attribution Generator (Zhao &amp; Shan, AAAI ReLM workshop 2024;
 * casszhao/ReAGent; methods.md §3.2): parallel probes repeatedly replace a random subset of tokens,
 * move every token's logit-scale importance by {@code logit((±Δ+1)/2)} with {@code Δ = p0 − p(y|x')},
 * and stop once keeping only the top tokens keeps {@code y} in the model's top-K.
 *
 * <p><b>Replacement sampler:</b> neither the paper's RoBERTa nor the reference code's POS-tag sampler
 * is available, so the default is the spec's <i>LM-predictive sampler</i> [INFERRED]: the candidate at
 * position {@code i} is drawn from the explained LM's own next-token distribution at {@code i−1}
 * (top-50, original token excluded, temperature 1). {@code sampler=uniform} is the demo code's sampler.
 * Protected positions are never replaced and always kept in the stopping check (a recommended
 * deviation: the reference protects nothing).
 */
public final class ReAgent implements AttributionMethod {
    public static final String NAME = "reagent";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Zhao & Shan 2024 (ReAGent); casszhao/ReAGent; inseq reagent; methods.md §3.2",
            EnumSet.of(Capability.STOCHASTIC), ScoreType.DIST, "recursive replacement probes (LM-predictive sampler)");

    /**
     * @param sampler {@code lm-predictive} or {@code uniform}
     * @param topK stopping top-K
     * @param ratio replacing ratio ρ
     * @param maxSteps S_max
     * @param probes parallel probes P
     * @param keep tokens kept in the stopping check N_keep
     * @param lmTop size of the LM-predictive candidate list
     */
    public record Params(String sampler, int topK, double ratio, int maxSteps, int probes, int keep, int lmTop) {
        public Params {
            if (!List.of("lm-predictive", "uniform").contains(sampler)) {
                throw new IllegalArgumentException(NAME + ".sampler must be lm-predictive or uniform, got " + sampler);
            }
            if (topK < 1 || maxSteps < 1 || probes < 1 || keep < 0 || lmTop < 1) {
                throw new IllegalArgumentException(NAME + " needs top-k, max-steps, probes, lm-top >= 1 and keep >= 0;"
                        + " got top-k=" + topK + ", max-steps=" + maxSteps + ", probes=" + probes + ", keep=" + keep
                        + ", lm-top=" + lmTop);
            }
            if (!(ratio > 0 && ratio < 1)) {
                throw new IllegalArgumentException(NAME + ".ratio must be in (0, 1), got " + ratio);
            }
        }

        /** Defaults: the inseq column of methods.md §3.2 (K=3, ρ=0.3, S_max=3000, P=16, N_keep=5). */
        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("sampler", "lm-predictive", List.of("lm-predictive", "uniform")),
                    r.integer("top-k", 3), r.real("ratio", 0.3), r.integer("max-steps", 3000),
                    r.integer("probes", 16), r.integer("keep", 5), r.integer("lm-top", 50));
            r.finish();
            return p;
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
    }

    /** Draws one candidate per replaceable position. */
    private interface Sampler {
        int draw(int position, SplittableRandom rng);
    }

    @Override
    public void validate(Map<String, String> params) {
        Params.from(params);
    }

    @Override
    public AttributionResult attribute(AttributionRequest request) {
        Params p = Params.from(request.params());
        CausalLm model = request.model();
        RunMeter meter = RunMeter.start(model);
        int[] x = request.context();
        int n = x.length;
        int y = request.target();
        boolean lm = p.sampler().equals("lm-predictive");
        ForwardRequest original = ForwardRequest.ofIds(x);
        ForwardResult f0 = model.forward(lm ? original.withCaptures(ForwardRequest.Capture.LOGITS_ALL) : original);
        Objective prob = new Objective(Objective.Kind.PROB, y, -1);
        double p0 = prob.evaluate(f0.lastLogits());
        int rank = Logits.rank(f0.lastLogits(), y);
        int k = p.topK();
        if (rank > k) {
            k = rank; // otherwise the stopping rule can never fire (methods.md §3.2 pitfall)
            meter.note("top-k-raised", "target rank " + rank + " > top-k " + p.topK() + "; used top-k " + k);
        }
        List<Integer> replaceable = new ArrayList<>();
        for (int i : Players.of(request)) {
            if (!lm || i > 0) {
                replaceable.add(i);
            }
        }
        Sampler sampler = lm ? lmPredictive(f0.allLogits(), x, p.lmTop()) : uniform(model, x);
        SplittableRandom rng = request.random(NAME, "probes");
        int probes = p.probes();
        double[][] g = new double[probes][n];
        for (double[] row : g) {
            for (int i = 0; i < n; i++) {
                row[i] = rng.nextDouble();
            }
        }
        boolean[] done = new boolean[probes];
        int steps = 0;
        for (int step = 1; step <= p.maxSteps(); step++) {
            steps = step;
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < probes; b++) {
                if (!done[b]) {
                    active.add(b);
                }
            }
            List<ForwardRequest> rows = new ArrayList<>(active.size());
            List<boolean[]> replaced = new ArrayList<>(active.size());
            for (int ignored : active) {
                int[] xr = x.clone();
                boolean[] in = new boolean[n];
                for (int i : replaceable) {
                    if (rng.nextDouble() < p.ratio()) {
                        Players.assertPerturbable(request, i);
                        in[i] = true;
                        xr[i] = sampler.draw(i, rng);
                    }
                }
                rows.add(ForwardRequest.ofIds(xr));
                replaced.add(in);
            }
            List<ForwardResult> out = model.forward(rows);
            for (int a = 0; a < active.size(); a++) {
                double delta = p0 - prob.evaluate(out.get(a).lastLogits());
                double[] gb = g[active.get(a)];
                for (int i = 0; i < n; i++) {
                    double u = replaced.get(a)[i] ? delta : -delta;
                    double t = Math.min(1 - 1e-6, Math.max(1e-6, (u + 1) / 2));
                    gb[i] += Math.log(t / (1 - t));
                }
            }
            List<ForwardRequest> checks = new ArrayList<>(active.size());
            for (int b : active) {
                double[] imp = Logits.softmax(g[b]);
                Set<Integer> kept = new HashSet<>();
                replaceable.stream().sorted((i, j) -> imp[i] != imp[j] ? Double.compare(imp[j], imp[i])
                        : Integer.compare(i, j)).limit(p.keep()).forEach(kept::add);
                int[] xs = x.clone();
                for (int i : replaceable) {
                    if (!kept.contains(i)) {
                        xs[i] = sampler.draw(i, rng);
                    }
                }
                checks.add(ForwardRequest.ofIds(xs));
            }
            List<ForwardResult> chk = model.forward(checks);
            boolean all = true;
            for (int a = 0; a < active.size(); a++) {
                if (Logits.inTopK(chk.get(a).lastLogits(), y, k)) {
                    done[active.get(a)] = true;
                }
            }
            for (boolean d : done) {
                all &= d;
            }
            if (all) {
                break;
            }
        }
        double[] s = new double[n];
        int converged = 0;
        for (int b = 0; b < probes; b++) {
            converged += done[b] ? 1 : 0;
        }
        for (int b = 0; b < probes; b++) {
            if (done[b] || converged == 0) {
                double[] imp = Logits.softmax(g[b]);
                for (int i = 0; i < n; i++) {
                    s[i] += imp[i];
                }
            }
        }
        int used = converged == 0 ? probes : converged;
        for (int i = 0; i < n; i++) {
            s[i] /= used;
        }
        meter.note("sampler", lm ? "lm-predictive (our adaptation: the explained LM's own top-" + p.lmTop()
                + " next-token distribution, original token excluded; not the paper's RoBERTa nor the code's POS-tag sampler)"
                : "uniform over the vocabulary minus special tokens");
        meter.note("steps", steps).note("converged-probes", converged).note("probes", probes).note("top-k", k);
        if (converged == 0) {
            meter.note("fallback", "no probe converged; averaged over all probes (inseq behaviour)");
        }
        return meter.finish(NAME, s, ScoreType.DIST, p.sampler());
    }

    private static Sampler lmPredictive(double[][] z, int[] x, int top) {
        int n = x.length;
        int[][] cand = new int[n][];
        double[][] cum = new double[n][];
        for (int i = 1; i < n; i++) {
            int[] order = Logits.topK(z[i - 1], top + 1);
            int original = x[i];
            int[] c = java.util.Arrays.stream(order).filter(v -> v != original).limit(top).toArray();
            double max = z[i - 1][c[0]];
            double[] cu = new double[c.length];
            double acc = 0;
            for (int j = 0; j < c.length; j++) {
                acc += Math.exp(z[i - 1][c[j]] - max);
                cu[j] = acc;
            }
            cand[i] = c;
            cum[i] = cu;
        }
        return (i, rng) -> {
            double u = rng.nextDouble() * cum[i][cum[i].length - 1];
            for (int j = 0; j < cum[i].length; j++) {
                if (u < cum[i][j]) {
                    return cand[i][j];
                }
            }
            return cand[i][cand[i].length - 1];
        };
    }

    private static Sampler uniform(CausalLm model, int[] x) {
        Set<Integer> special = new HashSet<>(model.tokenizer().map(t -> t.specialIds()).orElse(List.of()));
        int[] allowed = java.util.stream.IntStream.range(0, model.config().vocabSize())
                .filter(v -> !special.contains(v)).toArray();
        return (i, rng) -> allowed[rng.nextInt(allowed.length)];
    }
}
