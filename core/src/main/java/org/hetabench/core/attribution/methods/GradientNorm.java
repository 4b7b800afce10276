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
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.Objective;

/**
 * Gradient norm ("saliency"; Simonyan et al. 2014, as in sequential-rationales and ReAGent; methods.md
 * §2.2): {@code s_i = ||∂F/∂e_i||₂} with {@code F = log p(y)} by default. 1 forward + 1 backward.
 */
public final class GradientNorm implements AttributionMethod {
    public static final String NAME = "gradient-norm";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Simonyan et al. 2014 saliency; sequential-rationales gradient_norm; methods.md §2.2",
            EnumSet.of(Capability.GRADIENTS), ScoreType.NONNEG, "L2 norm of the embedding gradient");

    /**
     * @param functional the target functional F (default {@code logprob}; {@code prob} is inseq's)
     */
    public record Params(Objective.Kind functional) {
        public Params {
            Objects.requireNonNull(functional, "functional");
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(Logits.functional(r, "functional", "logprob"));
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
        GradientResult g = request.model().gradient(ForwardRequest.ofIds(request.context()),
                new Objective(p.functional(), request.target(), -1));
        double[] s = new double[request.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(Lasso.dot(g.gradient()[i], g.gradient()[i]));
        }
        meter.note("functional", p.functional().name().toLowerCase());
        meter.note("objective-value", g.value());
        return meter.finish(NAME, s, ScoreType.NONNEG, p.functional().name().toLowerCase());
    }
}
