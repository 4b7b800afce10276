package org.hetabench.core.attribution.methods;

import java.util.EnumSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;

/**
 * The random baseline (methods.md §2.1, after ReAGent's "random" rows): {@code s_i ~ U(0,1)} for every
 * non-protected position, 0 for protected ones. The ReAGent-benchmark profile applies {@code SOFTMAX}
 * afterwards (outside the method). Zero model passes.
 */
public final class RandomBaseline implements AttributionMethod {
    public static final String NAME = "random";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "ReAGent (Zhao & Shan 2024) random baseline; methods.md §2.1",
            EnumSet.of(Capability.STOCHASTIC), ScoreType.NONNEG, "uniform random scores, seeded");

    /** No parameters. */
    public record Params() {
        public static Params from(Map<String, String> raw) {
            new ParamReader(NAME, raw).finish();
            return new Params();
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
        Params.from(request.params());
        RunMeter meter = RunMeter.start(request.model());
        SplittableRandom rng = request.random(NAME, "scores");
        double[] s = new double[request.length()];
        for (int i = 0; i < s.length; i++) {
            double u = rng.nextDouble(); // drawn for every position so the stream does not depend on protection
            s[i] = request.protectedPositions()[i] ? 0 : u;
        }
        return meter.finish(NAME, s, ScoreType.NONNEG, "default");
    }
}
