package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.EnumSet;
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
 * Causal tracing (Meng et al., NeurIPS 2022, "Locating and Editing Factual Associations in GPT";
 * kmeng01/rome causal_trace.py; methods.md §3.3), turned into a token ranking by our two adaptations.
 * {@code restore} (variant B, closest to the reference): corrupt every non-protected embedding with
 * Gaussian noise {@code N(0, ν²)}, {@code ν = 3σ} of the embedding table, then restore the clean
 * residual state of one (position, layer) through a {@link ForwardRequest.Patch}; {@code s_i =
 * max_ℓ (p_{i,ℓ} − p_corrupt)}. {@code corrupt-token} (variant A): noise on one token at a time,
 * {@code s_i = p_clean − mean_s p}. The S noise draws are shared by every trace (common random numbers,
 * as the reference reseeds identically).
 */
public final class CausalTracing implements AttributionMethod {
    public static final String NAME = "causal-tracing";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Meng et al., NeurIPS 2022 (ROME causal tracing); methods.md §3.3",
            EnumSet.of(Capability.STOCHASTIC, Capability.HIDDEN_STATES), ScoreType.SIGNED,
            "restore clean hidden states into a noised run");

    /**
     * @param variant {@code restore} (B) or {@code corrupt-token} (A)
     * @param samples noise samples S
     * @param noise noise scale ν; NaN (default) = 3σ of the embedding table
     * @param layers restored residual layers: {@code all} (block outputs 1..L) or a comma list of indices
     *     in [0, L] (index ℓ = the stream entering block ℓ; L = final pre-norm stream)
     * @param aggregate {@code max} or {@code mean} over layers (variant B)
     * @param functional F (the reference uses probabilities)
     */
    public record Params(String variant, int samples, double noise, String layers, String aggregate,
                         Objective.Kind functional) {
        public Params {
            if (!List.of("restore", "corrupt-token").contains(variant)) {
                throw new IllegalArgumentException(NAME + ".variant must be restore or corrupt-token, got " + variant);
            }
            if (samples < 1) {
                throw new IllegalArgumentException(NAME + ".samples must be >= 1, got " + samples);
            }
            if (!(noise >= 0) && !Double.isNaN(noise)) {
                throw new IllegalArgumentException(NAME + ".noise must be >= 0 (or omitted for 3σ), got " + noise);
            }
            if (!layers.equals("all") && !layers.matches("\\d+(,\\d+)*")) {
                throw new IllegalArgumentException(NAME + ".layers must be 'all' or a comma list like 1,3,5; got "
                        + layers);
            }
            if (!List.of("max", "mean").contains(aggregate)) {
                throw new IllegalArgumentException(NAME + ".aggregate must be max or mean, got " + aggregate);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("variant", "restore", List.of("restore", "corrupt-token")),
                    r.integer("samples", 10), r.real("noise", Double.NaN), r.string("layers", "all"),
                    r.choice("aggregate", "max", List.of("max", "mean")), Logits.functional(r, "functional", "prob"));
            r.finish();
            return p;
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
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
        int d = model.config().hiddenSize();
        int nl = model.config().numLayers();
        int[] layers = layers(p.layers(), nl);
        double nu = Double.isNaN(p.noise()) ? 3 * EmbeddingScale.sigma(model) : p.noise();
        Objective obj = new Objective(p.functional(), request.target(), -1);
        int[] players = Players.of(request);
        double[][] e = model.embed(x);
        boolean restore = p.variant().equals("restore");
        ForwardRequest clean = ForwardRequest.ofEmbeddings(e);
        ForwardResult cleanOut = model.forward(restore ? clean.withCaptures(ForwardRequest.Capture.RESIDUALS) : clean);
        double pClean = obj.evaluate(cleanOut.lastLogits());
        SplittableRandom rng = request.random(NAME, "noise");
        int S = p.samples();
        double[][][] eps = new double[S][n][d];
        for (int s = 0; s < S; s++) {
            for (int i : players) {
                for (int c = 0; c < d; c++) {
                    eps[s][i][c] = nu * rng.nextGaussian();
                }
            }
        }
        double[] score = new double[n];
        meter.note("noise-scale", nu).note("samples", S).note("p-clean", pClean).note("variant", p.variant());
        if (!restore) {
            // variant A: rows (player i, sample s), built in chunks to bound memory
            double[] acc = new double[n];
            runChunked(model, players.length * S, idx -> {
                int i = players[idx / S];
                Players.assertPerturbable(request, i);
                double[][] xi = e.clone();
                xi[i] = add(e[i], eps[idx % S][i]);
                return ForwardRequest.ofEmbeddings(xi);
            }, (idx, f) -> acc[players[idx / S]] += obj.evaluate(f.lastLogits()));
            for (int i : players) {
                score[i] = pClean - acc[i] / S;
            }
            return meter.finish(NAME, score, ScoreType.SIGNED, "corrupt-token");
        }
        double[][][] corrupt = new double[S][][];
        for (int s = 0; s < S; s++) {
            corrupt[s] = e.clone();
            for (int i : players) {
                Players.assertPerturbable(request, i);
                corrupt[s][i] = add(e[i], eps[s][i]);
            }
        }
        double[][][] resid = cleanOut.residuals();
        double[] pCorr = new double[1];
        runChunked(model, S, s -> ForwardRequest.ofEmbeddings(corrupt[s]),
                (s, f) -> pCorr[0] += obj.evaluate(f.lastLogits()) / S);
        int nLam = layers.length;
        double[][] pRestored = new double[players.length][nLam];
        runChunked(model, players.length * nLam * S, idx -> {
            int s = idx % S;
            int l = (idx / S) % nLam;
            int i = players[idx / (S * nLam)];
            return ForwardRequest.ofEmbeddings(corrupt[s])
                    .withPatches(List.of(new ForwardRequest.Patch(layers[l], i, resid[layers[l]][i])));
        }, (idx, f) -> pRestored[idx / (S * nLam)][(idx / S) % nLam] += obj.evaluate(f.lastLogits()) / S);
        for (int l = 0; l < nLam; l++) {
            meter.components.put("ie-layer-" + layers[l], new double[n]);
        }
        for (int k = 0; k < players.length; k++) {
            int i = players[k];
            double agg = p.aggregate().equals("max") ? Double.NEGATIVE_INFINITY : 0;
            for (int l = 0; l < nLam; l++) {
                double ie = pRestored[k][l] - pCorr[0];
                meter.components.get("ie-layer-" + layers[l])[i] = ie;
                agg = p.aggregate().equals("max") ? Math.max(agg, ie) : agg + ie / nLam;
            }
            score[i] = agg;
        }
        meter.note("p-corrupt", pCorr[0]).note("layers", java.util.Arrays.toString(layers))
                .note("aggregate", p.aggregate());
        return meter.finish(NAME, score, ScoreType.SIGNED, "restore-" + p.aggregate());
    }

    static int[] layers(String spec, int numLayers) {
        if (spec.equals("all")) {
            return java.util.stream.IntStream.rangeClosed(1, numLayers).toArray();
        }
        int[] l = java.util.Arrays.stream(spec.split(",")).mapToInt(Integer::parseInt).toArray();
        for (int v : l) {
            if (v > numLayers) {
                throw new IllegalArgumentException(NAME + ".layers contains " + v + " but the model has residual "
                        + "layers 0.." + numLayers);
            }
        }
        return l;
    }

    private static double[] add(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] + b[i];
        }
        return o;
    }

    /** Consumes the result of row {@code index}. */
    interface Sink {
        void accept(int index, ForwardResult result);
    }

    /** Runs {@code count} rows in chunks of a few model batches, so that row inputs never pile up in memory. */
    static void runChunked(CausalLm model, int count, java.util.function.IntFunction<ForwardRequest> row, Sink sink) {
        int chunk = Math.max(1, model.maxBatch()) * 4;
        for (int a = 0; a < count; a += chunk) {
            int b = Math.min(count, a + chunk);
            List<ForwardRequest> rows = new ArrayList<>(b - a);
            for (int idx = a; idx < b; idx++) {
                rows.add(row.apply(idx));
            }
            List<ForwardResult> out = model.forward(rows);
            for (int idx = a; idx < b; idx++) {
                sink.accept(idx, out.get(idx - a));
            }
        }
    }
}
