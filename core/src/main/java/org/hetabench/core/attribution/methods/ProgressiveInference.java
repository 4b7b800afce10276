package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Progressive Inference (Kariyappa et al., ICML 2024, arXiv 2406.02625; methods.md §4.2), adapted to
 * next-token targets by reading {@code F(y)} from the LM's own logits at intermediate positions
 * [INFERRED]. {@code single-pass} (SP-PI) differences consecutive prefix predictions and equals
 * TDD-forward with {@code c = F}. {@code multi-pass} (MP-PI) runs {@code m} attention-masked copies
 * ({@link ForwardRequest#withKeyMask}), turns every reading at a kept position into a coalition
 * sample ({@link ProgressiveCoalitions}) and solves the constrained Kernel-SHAP regression of
 * Appendix C ({@link KernelShap}); the importance-weighted estimator is our equivalent-in-expectation
 * substitute for the paper's mask distribution, whose details were not retrievable.
 */
public final class ProgressiveInference implements AttributionMethod {
    public static final String NAME = "progressive-inference";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Kariyappa et al., ICML 2024 (Progressive Inference); methods.md §4.2 and Appendix C",
            EnumSet.of(Capability.STOCHASTIC), ScoreType.SIGNED, "prefix predictions, Kernel-SHAP over masked passes");

    /**
     * @param variant {@code multi-pass} (MP-PI) or {@code single-pass} (SP-PI)
     * @param functional F read at each position (default {@code prob}, as the paper's class probabilities)
     * @param samples number of masked passes m (MP-PI)
     * @param clipQuantile importance weights are capped at this quantile (1 = no clipping)
     */
    public record Params(String variant, Objective.Kind functional, int samples, double clipQuantile) {
        public Params {
            Objects.requireNonNull(functional, "functional");
            if (!List.of("multi-pass", "single-pass").contains(variant)) {
                throw new IllegalArgumentException(NAME + ".variant must be multi-pass or single-pass, got " + variant);
            }
            if (samples < 1) {
                throw new IllegalArgumentException(NAME + ".samples must be >= 1, got " + samples);
            }
            if (!(clipQuantile > 0 && clipQuantile <= 1)) {
                throw new IllegalArgumentException(NAME + ".clip-quantile must be in (0, 1], got " + clipQuantile);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("variant", "multi-pass", List.of("multi-pass", "single-pass")),
                    Logits.functional(r, "functional", "prob"), r.integer("samples", 64),
                    r.real("clip-quantile", 1.0));
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
        RunMeter meter = RunMeter.start(request.model());
        meter.note("functional", p.functional().name().toLowerCase());
        if (p.variant().equals("single-pass")) {
            double[] s = TokenDistributionDynamics.forward(request, p.functional(), null, null);
            return meter.finish(NAME, s, ScoreType.SIGNED, "single-pass");
        }
        return meter.finish(NAME, multiPass(request, p, meter), ScoreType.SIGNED, "multi-pass-" + p.samples());
    }

    private static double[] multiPass(AttributionRequest request, Params p, RunMeter meter) {
        CausalLm model = request.model();
        int[] x = request.context();
        int n = x.length;
        boolean[] prot = request.protectedPositions();
        int[] players = Players.of(request);
        int np = players.length;
        Objective obj = new Objective(p.functional(), request.target(), -1);
        double[] s = new double[n];
        int lastProt = -1;
        for (int i = 0; i < n; i++) {
            if (prot[i]) {
                lastProt = i;
            }
        }
        boolean prefix = np == 0 || lastProt < players[0];
        boolean finalMode = !prefix && prot[n - 1];
        ForwardResult full = model.forward(ForwardRequest.ofIds(x).withCaptures(ForwardRequest.Capture.LOGITS_ALL));
        double vFull = obj.evaluate(full.lastLogits());
        if (np == 0) {
            meter.note("players", 0);
            return s;
        }
        double vEmpty;
        if (lastProt < 0) {
            vEmpty = Double.NaN;
        } else if (prefix) {
            vEmpty = obj.evaluate(full.allLogits()[lastProt]);
        } else {
            vEmpty = obj.evaluate(model.forward(masked(x, prot, new boolean[n])).allLogits()[lastProt]);
        }
        boolean[][] masks = ProgressiveCoalitions.draw(np, p.samples(), request.random(NAME, "masks"));
        double[][] readings = new double[p.samples()][];
        // chunked so that logits at every position never pile up for more than one native batch
        int chunk = Math.max(1, model.maxBatch());
        for (int r0 = 0; r0 < p.samples(); r0 += chunk) {
            int r1 = Math.min(p.samples(), r0 + chunk);
            List<ForwardRequest> rows = new ArrayList<>(r1 - r0);
            for (int r = r0; r < r1; r++) {
                boolean[] keep = new boolean[n];
                for (int j = 0; j < np; j++) {
                    keep[players[j]] = masks[r][j];
                }
                rows.add(masked(x, prot, keep));
            }
            List<ForwardResult> out = model.forward(rows);
            for (int r = r0; r < r1; r++) {
                double[][] z = out.get(r - r0).allLogits();
                readings[r] = new double[np];
                for (int j = 0; j < np; j++) {
                    if (finalMode) {
                        readings[r][j] = obj.evaluate(z[n - 1]);
                        break;
                    }
                    if (masks[r][j]) {
                        readings[r][j] = obj.evaluate(z[players[j]]);
                    }
                }
            }
        }
        ProgressiveCoalitions.Samples smp = finalMode
                ? ProgressiveCoalitions.fromFinalReadings(masks, np, r -> readings[r][0], p.clipQuantile())
                : ProgressiveCoalitions.fromPrefixReadings(masks, np, (r, j) -> readings[r][j], p.clipQuantile());
        double[] phi = KernelShap.solve(smp.z(), smp.v(), smp.w(), vEmpty, vFull, np);
        for (int j = 0; j < np; j++) {
            s[players[j]] = phi[j];
        }
        meter.note("mode", finalMode ? "final-position readings (protected suffix)" : "prefix readings")
                .note("v-full", vFull).note("v-empty", Double.isNaN(vEmpty) ? "free intercept" : vEmpty)
                .note("regression-samples", smp.v().length).note("clipped-weights", smp.clipped());
        if (!prefix && !finalMode) {
            meter.note("caveat", "protected positions are not a prefix; intermediate readings do not see later "
                    + "protected tokens");
        }
        return s;
    }

    /** The ids with an attention mask: key k visible to query q iff k ≤ q and (kept, own, or protected). */
    private static ForwardRequest masked(int[] x, boolean[] prot, boolean[] keep) {
        int n = x.length;
        boolean[][] m = new boolean[n][n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k <= q; k++) {
                m[q][k] = keep[k] || prot[k] || k == q;
            }
        }
        return ForwardRequest.ofIds(x).withKeyMask(m).withCaptures(ForwardRequest.Capture.LOGITS_ALL);
    }
}
