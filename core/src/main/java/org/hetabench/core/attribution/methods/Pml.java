package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
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
import org.hetabench.core.util.Seeds;

/**
 * PML, "Peering into the Mind of Language Models" (Phukan et al., Findings of ACL 2024, arXiv
 * 2405.17980; methods.md §4.3), adapted to one target token [INFERRED]: append the target, compare its
 * hidden state with every context token's by cosine; the target is "extractive" (copied) if the best
 * cosine at layer ℓ1 reaches τ(ℓ1); gated scores are {@code max(cos at ℓ2, 0)} when extractive, else 0.
 *
 * <p><b>Calibration</b> (the paper's per-model layer and threshold were not retrievable): with
 * {@code calibration=generated}, once per model, sample sequences from the model itself (fixed seed,
 * from BOS), label every teacher-forced pair (prefix, next token) "copied" when the token already
 * occurs in the prefix, pick ℓ1 among the block outputs 1..L by ROC-AUC of the max cosine, and τ by
 * F1. Layer 0 (the embedding itself) is excluded: there copying is identity and AUC is trivially 1.
 * {@code calibration=fallback}: ℓ1 = round(L/2), τ = mean + 2·std of cosines between distinct
 * context positions of the instance. Explicit {@code layer}/{@code threshold} override both.
 */
public final class Pml implements AttributionMethod {
    public static final String NAME = "pml";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Phukan et al., Findings of ACL 2024 (Peering into the Mind of Language Models); methods.md §4.3",
            EnumSet.of(Capability.HIDDEN_STATES), ScoreType.NONNEG, "hidden-state cosine with a copy gate");

    private static final Map<CausalLm, Map<String, Calibration>> CACHE = new WeakHashMap<>();

    /**
     * @param layer ℓ1 (residual index 1..L), or -1 to calibrate
     * @param attributionLayer ℓ2, or -1 for ℓ1
     * @param threshold τ, or NaN to calibrate
     * @param calibration {@code generated} or {@code fallback}
     * @param calibrationSequences sequences sampled for calibration
     * @param calibrationLength length of each calibration sequence
     * @param output {@code gated} (NONNEG) or {@code raw} (SIGNED cosines)
     * @param center subtract the mean hidden state over the sequence before the cosines
     */
    public record Params(int layer, int attributionLayer, double threshold, String calibration,
                         int calibrationSequences, int calibrationLength, String output, boolean center) {
        public Params {
            if (layer < -1 || attributionLayer < -1) {
                throw new IllegalArgumentException(NAME + ".layer and attribution-layer must be >= 1 (or -1 = "
                        + "calibrated), got " + layer + ", " + attributionLayer);
            }
            if (!List.of("generated", "fallback").contains(calibration)) {
                throw new IllegalArgumentException(NAME + ".calibration must be generated or fallback, got " + calibration);
            }
            if (calibrationSequences < 1 || calibrationLength < 3) {
                throw new IllegalArgumentException(NAME + ".calibration-sequences must be >= 1 and calibration-length"
                        + " >= 3, got " + calibrationSequences + ", " + calibrationLength);
            }
            if (!List.of("gated", "raw").contains(output)) {
                throw new IllegalArgumentException(NAME + ".output must be gated or raw, got " + output);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.integer("layer", -1), r.integer("attribution-layer", -1),
                    r.real("threshold", Double.NaN), r.choice("calibration", "generated", List.of("generated", "fallback")),
                    r.integer("calibration-sequences", 16), r.integer("calibration-length", 64),
                    r.choice("output", "gated", List.of("gated", "raw")), r.bool("center", false));
            r.finish();
            return p;
        }
    }

    /** A calibrated layer and threshold. */
    record Calibration(int layer, double threshold, double auc, String source) {}

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
        int nl = model.config().numLayers();
        for (int l : new int[] {p.layer(), p.attributionLayer()}) {
            if (l > nl || l == 0) {
                throw new IllegalArgumentException(NAME + ".layer " + l + " is outside the block outputs 1.." + nl
                        + " of " + model.name());
            }
        }
        int[] x = request.context();
        int n = x.length;
        int[] seq = Arrays.copyOf(x, n + 1);
        seq[n] = request.target();
        double[][][] h = model.forward(ForwardRequest.ofIds(seq).withCaptures(ForwardRequest.Capture.RESIDUALS))
                .residuals();
        int[] players = Players.of(request);
        Calibration cal;
        if (p.layer() > 0 && !Double.isNaN(p.threshold())) {
            cal = new Calibration(p.layer(), p.threshold(), Double.NaN, "given");
        } else if (p.calibration().equals("generated") && model.tokenizer().map(t -> t.bosId() >= 0).orElse(false)) {
            cal = generated(model, p, meter);
        } else {
            int l = p.layer() > 0 ? p.layer() : Math.max(1, (int) Math.round(nl / 2.0));
            cal = new Calibration(l, fallbackThreshold(h[l], players, p.center()), Double.NaN, "fallback");
        }
        int l1 = p.layer() > 0 ? p.layer() : cal.layer();
        double tau = Double.isNaN(p.threshold()) ? cal.threshold() : p.threshold();
        int l2 = p.attributionLayer() > 0 ? p.attributionLayer() : l1;
        double[] sim1 = cosines(h[l1], n, players, p.center());
        double[] sim2 = cosines(h[l2], n, players, p.center());
        double best = Double.NEGATIVE_INFINITY;
        for (int i : players) {
            best = Math.max(best, sim1[i]);
        }
        boolean extractive = players.length > 0 && best >= tau;
        double[] s = new double[n];
        boolean raw = p.output().equals("raw");
        for (int i : players) {
            s[i] = raw ? sim2[i] : extractive ? Math.max(sim2[i], 0) : 0;
        }
        meter.note("layer", l1).note("attribution-layer", l2).note("threshold", tau)
                .note("calibration", cal.source() + (Double.isNaN(cal.auc()) ? "" : " (AUC " + cal.auc() + ")"))
                .note("max-similarity", best).note("extractive", extractive).note("output", p.output());
        return meter.finish(NAME, s, raw ? ScoreType.SIGNED : ScoreType.NONNEG, p.output());
    }

    /** Cosine between the row at {@code target} and each player row (others 0). */
    private static double[] cosines(double[][] h, int target, int[] players, boolean center) {
        double[][] v = center ? centered(h) : h;
        double[] s = new double[h.length - 1];
        for (int i : players) {
            s[i] = cos(v[target], v[i]);
        }
        return s;
    }

    private static double[][] centered(double[][] h) {
        int d = h[0].length;
        double[] mu = new double[d];
        for (double[] row : h) {
            for (int c = 0; c < d; c++) {
                mu[c] += row[c] / h.length;
            }
        }
        double[][] o = new double[h.length][d];
        for (int i = 0; i < h.length; i++) {
            for (int c = 0; c < d; c++) {
                o[i][c] = h[i][c] - mu[c];
            }
        }
        return o;
    }

    static double cos(double[] a, double[] b) {
        double ab = Lasso.dot(a, b);
        double na = Math.sqrt(Lasso.dot(a, a));
        double nb = Math.sqrt(Lasso.dot(b, b));
        return na == 0 || nb == 0 ? 0 : ab / (na * nb);
    }

    private static double fallbackThreshold(double[][] h, int[] players, boolean center) {
        double[][] v = center ? centered(h) : h;
        List<Double> c = new ArrayList<>();
        for (int a = 0; a < players.length; a++) {
            for (int b = a + 1; b < players.length; b++) {
                c.add(cos(v[players[a]], v[players[b]]));
            }
        }
        if (c.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = c.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = c.stream().mapToDouble(x -> (x - mean) * (x - mean)).average().orElse(0);
        return mean + 2 * Math.sqrt(var);
    }

    private static Calibration generated(CausalLm model, Params p, RunMeter meter) {
        String key = p.calibrationSequences() + "x" + p.calibrationLength() + "-center=" + p.center();
        synchronized (CACHE) {
            Calibration c = CACHE.computeIfAbsent(model, m -> new HashMap<>()).get(key);
            if (c != null) {
                meter.note("calibration-cost", "cached");
                return c;
            }
            var before = model.passes().snapshot();
            c = calibrate(model, p.calibrationSequences(), p.calibrationLength(), p.center());
            meter.note("calibration-cost", "computed in this call: "
                    + model.passes().snapshot().minus(before).forward() + " sequence forwards");
            CACHE.get(model).put(key, c);
            return c;
        }
    }

    /** The calibration procedure of methods.md §4.3 on sequences sampled from the model. */
    static Calibration calibrate(CausalLm model, int count, int length, boolean center) {
        int bos = model.tokenizer().orElseThrow().bosId();
        List<int[]> prompts = Collections.nCopies(count, new int[] {bos});
        SplittableRandom rng = new SplittableRandom(Seeds.of(0, "pml-calibration", 0, NAME, "sequences"));
        int[][] cont = BatchSampler.sample(model, prompts, length - 1, 1.0, 0, rng, Set.of());
        List<ForwardRequest> rows = new ArrayList<>();
        List<int[]> seqs = new ArrayList<>();
        for (int[] c : cont) {
            int[] s = new int[c.length + 1];
            s[0] = bos;
            System.arraycopy(c, 0, s, 1, c.length);
            seqs.add(s);
            rows.add(ForwardRequest.ofIds(s).withCaptures(ForwardRequest.Capture.RESIDUALS));
        }
        List<ForwardResult> out = model.forward(rows);
        int nl = model.config().numLayers();
        Calibration best = null;
        for (int l = 1; l <= nl; l++) {
            List<double[]> scored = new ArrayList<>(); // {score, label}
            for (int r = 0; r < seqs.size(); r++) {
                int[] s = seqs.get(r);
                double[][] h = center ? centered(out.get(r).residuals()[l]) : out.get(r).residuals()[l];
                for (int t = 2; t < s.length; t++) {
                    if (s[t] == bos) {
                        continue;
                    }
                    double mx = Double.NEGATIVE_INFINITY;
                    boolean copied = false;
                    for (int i = 1; i < t; i++) {
                        if (s[i] == bos) {
                            continue;
                        }
                        mx = Math.max(mx, cos(h[t], h[i]));
                        copied |= s[i] == s[t];
                    }
                    if (mx > Double.NEGATIVE_INFINITY) {
                        scored.add(new double[] {mx, copied ? 1 : 0});
                    }
                }
            }
            double auc = auc(scored);
            if (Double.isNaN(auc)) {
                continue;
            }
            if (best == null || auc > best.auc()) {
                best = new Calibration(l, bestF1Threshold(scored), auc, "generated");
            }
        }
        if (best == null) {
            throw new IllegalStateException("PML calibration on " + model.name() + " found no copied or no "
                    + "non-copied pairs in " + count + "x" + length + " sampled tokens; raise calibration-length "
                    + "or use calibration=fallback");
        }
        return best;
    }

    /** ROC-AUC by the Mann–Whitney statistic (ties count one half); NaN if a class is empty. */
    static double auc(List<double[]> scored) {
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        long pos = sorted.stream().filter(a -> a[1] == 1).count();
        long neg = sorted.size() - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                j++;
            }
            double avgRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (sorted.get(k)[1] == 1) {
                    rankSum += avgRank;
                }
            }
            i = j;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }

    /** The threshold τ (one of the scores) maximising F1 of "score ≥ τ ⇒ copied". */
    static double bestF1Threshold(List<double[]> scored) {
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort((a, b) -> Double.compare(b[0], a[0]));
        long pos = sorted.stream().filter(a -> a[1] == 1).count();
        double bestF1 = -1;
        double tau = Double.POSITIVE_INFINITY;
        int tp = 0;
        for (int k = 0; k < sorted.size(); k++) {
            tp += sorted.get(k)[1] == 1 ? 1 : 0;
            if (k + 1 < sorted.size() && sorted.get(k + 1)[0] == sorted.get(k)[0]) {
                continue;
            }
            double f1 = 2.0 * tp / ((k + 1) + pos);
            if (f1 > bestF1) {
                bestF1 = f1;
                tau = sorted.get(k)[0];
            }
        }
        return tau;
    }
}
