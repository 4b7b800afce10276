package org.hetabench.core.attribution.methods;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.Objective;

/**
 * fAML, per-instance Attributive Masking Learning (Barkan et al., Findings of EMNLP 2024; amlconf/aml;
 * methods.md §5.1) in the spec's <b>direct-mask</b> form [INFERRED]: no auxiliary interpreter model;
 * one free parameter per context token, {@code m_i = σ(θ_i)}, {@code θ = 0}, optimised with Adam on
 * {@code λ_pred·L_pred + λ_inv·L_inv + λ_reg·L_reg}, where the masked input blends
 * {@code e_i ← m_i e_i + (1−m_i) e_ref}, {@code L_pred = −log p(y | E_m)},
 * {@code L_inv = −log(1 − p(y | E_{1−m}))} and {@code L_reg = mean_i −log(1 − m_i)}. The mask gradient
 * follows from the embedding gradient by the chain rule; the masked and inverse inputs form one batch
 * of two gradient rows per step. The best step's mask (by the chosen selection criterion) is returned.
 * Deviation: the prediction loss is {@code −log p(y)} (the spec's variant), because the engine's
 * objectives are functionals of one target, not the full-vocabulary cross-entropy.
 */
public final class Faml implements AttributionMethod {
    public static final String NAME = "faml";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Barkan et al., Findings of EMNLP 2024 (AML), per-instance direct-mask variant; methods.md §5.1",
            EnumSet.of(Capability.GRADIENTS), ScoreType.NONNEG, "per-instance learned soft mask (direct-mask AML)");

    /**
     * @param steps optimisation steps
     * @param learningRate Adam learning rate
     * @param lambdaPred weight of the prediction loss
     * @param lambdaInv weight of the inverse loss
     * @param lambdaReg weight of the sparsity regulariser
     * @param reference reference embedding: {@code unk} or {@code zero}
     * @param select best-step criterion: {@code loss} (lowest total loss) or {@code kl-top20} (largest
     *     KL shift after zeroing the top 20% tokens, HETA-style; costs one forward per step)
     */
    public record Params(int steps, double learningRate, double lambdaPred, double lambdaInv, double lambdaReg,
                         String reference, String select) {
        public Params {
            if (steps < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException(NAME + " needs steps >= 1 and learning-rate > 0, got " + steps
                        + ", " + learningRate);
            }
            if (!(lambdaPred >= 0 && lambdaInv >= 0 && lambdaReg >= 0)) {
                throw new IllegalArgumentException(NAME + " loss weights must be >= 0");
            }
            if (!List.of("unk", "zero").contains(reference)) {
                throw new IllegalArgumentException(NAME + ".reference must be unk or zero, got " + reference);
            }
            if (!List.of("loss", "kl-top20").contains(select)) {
                throw new IllegalArgumentException(NAME + ".select must be loss or kl-top20, got " + select);
            }
        }

        /** Defaults: the spec's direct fallback (Adam, lr 0.1, 50 steps) with equal loss weights. */
        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.integer("steps", 50), r.real("learning-rate", 0.1), r.real("lambda-pred", 1),
                    r.real("lambda-inv", 1), r.real("lambda-reg", 1), r.choice("reference", "unk", List.of("unk", "zero")),
                    r.choice("select", "loss", List.of("loss", "kl-top20")));
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
        int[] players = Players.of(request);
        double[][] e = model.embed(x);
        double[] ref = new double[d];
        String refUsed = p.reference();
        if (p.reference().equals("unk")) {
            int unk = model.tokenizer().map(t -> t.unkId()).orElse(-1);
            if (unk >= 0) {
                ref = model.embed(new int[] {unk})[0];
            } else {
                refUsed = "zero (no UNK token)";
            }
        }
        meter.note("variant", "direct-mask AML (no interpreter model, no pAML pre-training)")
                .note("reference", refUsed).note("prediction-loss", "-log p(y)").note("select", p.select());
        double[] s = new double[n];
        if (players.length == 0) {
            return meter.finish(NAME, s, ScoreType.NONNEG, "direct-mask");
        }
        Objective lp = new Objective(Objective.Kind.LOGPROB, request.target(), -1);
        double[] zOrig = p.select().equals("kl-top20") ? model.forward(ForwardRequest.ofIds(x)).lastLogits() : null;
        int np = players.length;
        double[] theta = new double[np];
        double[] mom = new double[np];
        double[] vel = new double[np];
        double bestCrit = Double.POSITIVE_INFINITY;
        double[] bestMask = null;
        int bestStep = -1;
        for (int step = 0; step < p.steps(); step++) {
            double[] m = new double[np];
            for (int j = 0; j < np; j++) {
                m[j] = Math.min(1 - 1e-6, 1 / (1 + StrictMath.exp(-theta[j])));
            }
            double[][] masked = blend(e, ref, players, m, false);
            double[][] inverse = blend(e, ref, players, m, true);
            List<GradientResult> g = model.gradient(
                    List.of(ForwardRequest.ofEmbeddings(masked), ForwardRequest.ofEmbeddings(inverse)), List.of(lp, lp));
            double lpMasked = g.get(0).value();
            double pInv = Math.min(1 - 1e-12, StrictMath.exp(g.get(1).value()));
            double reg = 0;
            for (double v : m) {
                reg -= StrictMath.log(1 - v) / np;
            }
            double loss = -p.lambdaPred() * lpMasked - p.lambdaInv() * StrictMath.log(1 - pInv) + p.lambdaReg() * reg;
            double crit = p.select().equals("loss") ? loss : -klTop20(model, x, e, players, m, zOrig);
            if (crit < bestCrit) {
                bestCrit = crit;
                bestMask = m.clone();
                bestStep = step;
            }
            double invScale = pInv / (1 - pInv); // d(−log(1−p))/dLOGP
            for (int j = 0; j < np; j++) {
                int i = players[j];
                double dotM = 0;
                double dotI = 0;
                for (int c = 0; c < d; c++) {
                    double diff = e[i][c] - ref[c];
                    dotM += diff * g.get(0).gradient()[i][c];
                    dotI += diff * g.get(1).gradient()[i][c];
                }
                // masked pass: e = ref + m·diff; inverse pass: e = ref + (1−m)·diff, so its sign flips
                double dm = -p.lambdaPred() * dotM - p.lambdaInv() * invScale * dotI
                        + p.lambdaReg() / (np * (1 - m[j]));
                double gradTheta = dm * m[j] * (1 - m[j]);
                mom[j] = 0.9 * mom[j] + 0.1 * gradTheta;
                vel[j] = 0.999 * vel[j] + 0.001 * gradTheta * gradTheta;
                double mh = mom[j] / (1 - StrictMath.pow(0.9, step + 1));
                double vh = vel[j] / (1 - StrictMath.pow(0.999, step + 1));
                theta[j] -= p.learningRate() * mh / (StrictMath.sqrt(vh) + 1e-8);
            }
        }
        for (int j = 0; j < np; j++) {
            s[players[j]] = bestMask[j];
        }
        meter.note("steps", p.steps()).note("best-step", bestStep).note("best-criterion", bestCrit);
        return meter.finish(NAME, s, ScoreType.NONNEG, "direct-mask");
    }

    /** {@code e_i ← m_i e_i + (1−m_i) ref} on players (or with {@code 1−m} when inverse); protected rows keep m = 1. */
    private static double[][] blend(double[][] e, double[] ref, int[] players, double[] m, boolean inverse) {
        double[][] o = e.clone();
        for (int j = 0; j < players.length; j++) {
            int i = players[j];
            double w = inverse ? 1 - m[j] : m[j];
            double[] row = new double[ref.length];
            for (int c = 0; c < ref.length; c++) {
                row[c] = w * e[i][c] + (1 - w) * ref[c];
            }
            o[i] = row;
        }
        return o;
    }

    /** KL(p(x) || p(x with the top 20% of players by mask zeroed)). */
    private static double klTop20(CausalLm model, int[] x, double[][] e, int[] players, double[] m, double[] zOrig) {
        int k = Math.max(1, (int) Math.round(0.2 * players.length));
        Integer[] order = new Integer[players.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> m[a] != m[b] ? Double.compare(m[b], m[a]) : Integer.compare(a, b));
        double[][] z = e.clone();
        for (int t = 0; t < k; t++) {
            z[players[order[t]]] = new double[e[0].length];
        }
        ForwardResult f = model.forward(ForwardRequest.ofEmbeddings(z));
        return Logits.klFromLogits(zOrig, f.lastLogits());
    }
}
