package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
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
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Attention rollout (Abnar &amp; Zuidema, ACL 2020; methods.md §2.6): row {@code T−1} of
 * {@code Ahat_L ··· Ahat_1} with {@code Ahat_ℓ = 0.5·Abar_ℓ + 0.5·I} (head averages), computed by
 * {@link Rollout#row}. {@code residual=0} gives the TDD repository's variant. The 0.5/0.5 rule is kept
 * for every architecture, parallel attention/MLP blocks included (it is the baseline's definition).
 */
public final class AttentionRollout implements AttributionMethod {
    public static final String NAME = "attention-rollout";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Abnar & Zuidema, ACL 2020; sequential-rationales attention_rollout; methods.md §2.6",
            EnumSet.of(Capability.ATTENTION), ScoreType.DIST, "attention rollout with residual identity");

    /** @param residual weight r of the identity in {@code (1−r)·Abar + r·I}, in [0, 1] */
    public record Params(double residual) {
        public Params {
            if (!(residual >= 0 && residual <= 1)) {
                throw new IllegalArgumentException(NAME + ".residual must be in [0, 1], got " + residual);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.real("residual", 0.5));
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
        ForwardResult f = request.model().forward(ForwardRequest.ofIds(request.context())
                .withCaptures(ForwardRequest.Capture.ATTENTION));
        List<double[][]> layers = new ArrayList<>();
        for (double[][][] heads : f.attention()) {
            layers.add(Rollout.headAverage(heads));
        }
        double[] s = Rollout.row(layers, request.length() - 1, p.residual());
        meter.note("residual", p.residual());
        return meter.finish(NAME, s, ScoreType.DIST, "residual-" + p.residual());
    }
}
