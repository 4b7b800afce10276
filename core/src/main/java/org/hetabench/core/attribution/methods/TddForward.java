package org.hetabench.core.attribution.methods;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;

/**
 * TDD-forward (Feng et al., ICLR 2024; methods.md §4.1): one pass with logits at every position,
 * {@code s_0 = c_0}, {@code s_j = c_j − c_{j−1}}. Reads the prediction "as if the text ended at j".
 * Without an alternative token the contrast is {@code PROB(y)} by default [INFERRED, flagged in
 * methods.md §8.9]; {@code contrast=pair} uses an alternative {@code y'}.
 */
public final class TddForward implements AttributionMethod {
    public static final String NAME = "tdd-forward";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Feng et al., ICLR 2024 (TDD); zijian678/TDD; methods.md §4.1",
            EnumSet.noneOf(Capability.class), ScoreType.SIGNED, "token distribution dynamics (forward)");

    /** @param contrast the contrast function (prob, logprob or pair with an alternative) */
    public record Params(TokenDistributionDynamics.Contrast contrast) {
        public Params {
            Objects.requireNonNull(contrast, "contrast");
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(TokenDistributionDynamics.Contrast.read(r));
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
        double[] s = TokenDistributionDynamics.forward(request, null, p.contrast(), meter);
        meter.note("contrast", p.contrast().kind());
        return meter.finish(NAME, s, ScoreType.SIGNED, p.contrast().kind());
    }
}
