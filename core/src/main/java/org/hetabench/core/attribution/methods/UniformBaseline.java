package org.hetabench.core.attribution.methods;

import java.util.EnumSet;
import java.util.Map;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;

/**
 * The deliberately dumb uniform baseline: equal mass {@code 1/n'} on each of the {@code n'}
 * non-protected positions (every position if all are protected), so that "cannot beat uniform" is
 * visible in every table. Zero model passes.
 */
public final class UniformBaseline implements AttributionMethod {
    public static final String NAME = "uniform";
    private static final MethodInfo INFO = new MethodInfo(NAME, "uniform reference baseline (no paper)",
            EnumSet.noneOf(org.hetabench.core.attribution.Capability.class), ScoreType.DIST,
            "equal mass on every non-protected position");

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
        int[] players = Players.of(request);
        double[] s = new double[request.length()];
        if (players.length == 0) {
            java.util.Arrays.fill(s, 1.0 / s.length);
            meter.note("all-protected", "mass spread over every position because no position is perturbable");
        } else {
            for (int i : players) {
                s[i] = 1.0 / players.length;
            }
        }
        return meter.finish(NAME, s, ScoreType.DIST, "default");
    }
}
