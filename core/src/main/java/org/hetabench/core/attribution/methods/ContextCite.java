package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * ContextCite (Cohen-Wang et al., NeurIPS 2024, arXiv 2409.00729; methods.md §3.1): ablate random
 * groups of context sources ({@code DELETE} at the token-id level), record the logit-probability of
 * the target ({@code z_y − logsumexp_{v≠y} z_v}), and fit a sparse linear surrogate with the
 * scikit-learn-equivalent {@link Lasso}; its weights are the attributions. Sources are the
 * non-protected tokens (our token-level adaptation, [INFERRED]) or sentences ({@link TokenText},
 * BreakIterator instead of NLTK punkt), whose weight is broadcast to their tokens. All masked
 * forwards run as one batch. Masks are drawn from the request's seeded stream, or
 * ({@code masks=reference}) exactly as the reference does (NumPy MT19937 seeded with the mask index,
 * Appendix D).
 */
public final class ContextCite implements AttributionMethod {
    public static final String NAME = "context-cite";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Cohen-Wang et al., NeurIPS 2024 (ContextCite); MadryLab/context-cite; methods.md §3.1, Appendix B",
            EnumSet.of(Capability.STOCHASTIC), ScoreType.SIGNED, "LASSO surrogate over random source ablations");

    /**
     * @param sources {@code token} or {@code sentence}
     * @param ablations number of ablated forwards m; 0 = automatic ({@code max(64, 2k)} capped at 256 for
     *     tokens, 64 for sentences)
     * @param keepProbability probability q that a source is kept
     * @param alpha LASSO strength
     * @param masks {@code seeded} (the request's stream) or {@code reference} (NumPy MT19937, seed = index)
     */
    public record Params(String sources, int ablations, double keepProbability, double alpha, String masks) {
        public Params {
            if (!List.of("token", "sentence").contains(sources)) {
                throw new IllegalArgumentException(NAME + ".sources must be token or sentence, got " + sources);
            }
            if (ablations < 0) {
                throw new IllegalArgumentException(NAME + ".ablations must be >= 0 (0 = automatic), got " + ablations);
            }
            if (!(keepProbability > 0 && keepProbability < 1)) {
                throw new IllegalArgumentException(NAME + ".keep-probability must be in (0, 1), got " + keepProbability);
            }
            if (!(alpha >= 0)) {
                throw new IllegalArgumentException(NAME + ".alpha must be >= 0, got " + alpha);
            }
            if (!List.of("seeded", "reference").contains(masks)) {
                throw new IllegalArgumentException(NAME + ".masks must be seeded or reference, got " + masks);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("sources", "token", List.of("token", "sentence")),
                    r.integer("ablations", 0), r.real("keep-probability", 0.5), r.real("alpha", 0.01),
                    r.choice("masks", "seeded", List.of("seeded", "reference")));
            r.finish();
            return p;
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
    }

    @Override
    public java.util.Optional<String> unusableReason(CausalLm model) {
        return java.util.Optional.empty(); // sentence sources need a tokenizer; checked per call with a clear error
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
        List<int[]> sources = sources(request, p);
        int k = sources.size();
        double[] s = new double[n];
        meter.note("granularity", p.sources()).note("sources", k);
        if (k == 0) {
            return meter.finish(NAME, s, ScoreType.SIGNED, p.sources());
        }
        int m = p.ablations() > 0 ? p.ablations()
                : p.sources().equals("token") ? Math.min(256, Math.max(64, 2 * k)) : 64;
        boolean[][] keep = masks(request, p, m, k);
        List<ForwardRequest> rows = new ArrayList<>(m);
        List<Integer> used = new ArrayList<>(m);
        int bos = model.tokenizer().map(t -> t.bosId()).orElse(-1);
        int emptied = 0;
        for (int r = 0; r < m; r++) {
            boolean[] remove = new boolean[n];
            for (int j = 0; j < k; j++) {
                if (!keep[r][j]) {
                    for (int i : sources.get(j)) {
                        Players.assertPerturbable(request, i);
                        remove[i] = true;
                    }
                }
            }
            int[] ids = Players.delete(x, remove);
            if (ids.length == 0) {
                if (bos < 0) {
                    emptied++;
                    continue; // an empty context cannot be run and there is no BOS to stand for it
                }
                ids = new int[] {bos};
            }
            rows.add(ForwardRequest.ofIds(ids));
            used.add(r);
        }
        if (emptied > 0) {
            meter.note("dropped-empty-ablations", emptied);
        }
        List<ForwardResult> out = model.forward(rows);
        Objective lp = new Objective(Objective.Kind.LOGITPROB, request.target(), -1);
        double[][] design = new double[used.size()][k];
        double[] y = new double[used.size()];
        for (int r = 0; r < used.size(); r++) {
            for (int j = 0; j < k; j++) {
                design[r][j] = keep[used.get(r)][j] ? 1 : 0;
            }
            y[r] = lp.evaluate(out.get(r).lastLogits()); // single-token response: |y_resp| = 1, no rescaling
        }
        Lasso.Fit fit = new Lasso(p.alpha(), 1000, 1e-4).fit(design, y);
        double[] perSource = fit.coef();
        int nonzero = 0;
        for (int j = 0; j < k; j++) {
            nonzero += perSource[j] != 0 ? 1 : 0;
            for (int i : sources.get(j)) {
                s[i] = perSource[j];
            }
        }
        meter.note("ablations", used.size()).note("keep-probability", p.keepProbability()).note("alpha", p.alpha())
                .note("masks", p.masks()).note("intercept", fit.intercept()).note("nonzero-weights", nonzero)
                .note("lasso-sweeps", fit.sweeps()).note("lasso-converged", fit.converged());
        if (p.sources().equals("sentence")) {
            meter.note("sentence-scores", "each sentence's weight broadcast to its tokens");
        }
        return meter.finish(NAME, s, ScoreType.SIGNED, p.sources() + "-" + used.size());
    }

    /** Sources as lists of token positions, in context order. */
    static List<int[]> sources(AttributionRequest request, Params p) {
        int[] players = Players.of(request);
        List<int[]> out = new ArrayList<>();
        if (p.sources().equals("token")) {
            for (int i : players) {
                out.add(new int[] {i});
            }
            return out;
        }
        var tok = request.model().tokenizer().orElseThrow(() -> new IllegalArgumentException(NAME
                + ".sources=sentence needs the model's tokenizer to find sentences, and " + request.model().name()
                + " has none; use sources=token"));
        int[] sent = TokenText.of(tok, request.context()).sentenceOfToken();
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : players) {
            groups.computeIfAbsent(sent[i], g -> new ArrayList<>()).add(i);
        }
        for (List<Integer> g : groups.values()) {
            out.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static boolean[][] masks(AttributionRequest request, Params p, int m, int k) {
        boolean[][] keep = new boolean[m][k];
        if (p.masks().equals("reference")) {
            for (int r = 0; r < m; r++) {
                MersenneTwister mt = new MersenneTwister(r);
                for (int j = 0; j < k; j++) {
                    keep[r][j] = mt.uniform53() >= 1 - p.keepProbability();
                }
            }
            return keep;
        }
        SplittableRandom rng = request.random(NAME, "masks");
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < k; j++) {
                keep[r][j] = rng.nextDouble() < p.keepProbability();
            }
        }
        return keep;
    }
}
