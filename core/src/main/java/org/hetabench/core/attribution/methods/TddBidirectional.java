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
 * TDD-bidirectional (Feng et al., ICLR 2024; methods.md §4.1): the mean of TDD-forward and
 * TDD-backward (same contrast). n + 1 forwards.
 * Without an alternative token the contrast is {@code PROB(y)} by default [INFERRED, flagged in
 * methods.md §8.9]; {@code contrast=pair} uses an alternative {@code y'}.
 */
public final class TddBidirectional implements AttributionMethod {
    public static final String NAME = "tdd-bidirectional";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Feng et al., ICLR 2024 (TDD); zijian678/TDD; methods.md §4.1",
            EnumSet.noneOf(Capability.class), ScoreType.SIGNED, "token distribution dynamics (bidirectional)");

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
        double[] s = bidirectional(request, p.contrast(), meter);
        meter.note("contrast", p.contrast().kind());
        return meter.finish(NAME, s, ScoreType.SIGNED, p.contrast().kind());
    }

    private static double[] bidirectional(AttributionRequest request, TokenDistributionDynamics.Contrast c,
                                          RunMeter meter) {
        double[] f = TokenDistributionDynamics.forward(request, null, c, meter);
        double[] b = TokenDistributionDynamics.backward(request, c, meter);
        double[] s = new double[f.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (f[i] + b[i]) / 2;
        }
        return s;
    }
}
