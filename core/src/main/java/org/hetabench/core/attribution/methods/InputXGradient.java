package org.hetabench.core.attribution.methods;

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
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.Objective;

/**
 * Input × Gradient (Shrikumar et al. 2016; methods.md §2.3). The clean definition is the signed dot
 * product {@code s_i = e_i · ∂F/∂e_i} with the token embedding {@code e_i} (absolute position
 * embeddings are never multiplied in); inseq's variant takes the L2 norm of the elementwise product.
 */
public final class InputXGradient implements AttributionMethod {
    public static final String NAME = "input-x-gradient";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Shrikumar et al. 2016; sequential-rationales signed_gradient; inseq input_x_gradient; methods.md §2.3",
            EnumSet.of(Capability.GRADIENTS), ScoreType.SIGNED, "embedding times its gradient");

    /**
     * @param functional target functional (default {@code logprob})
     * @param reduction {@code dot} (signed, clean) or {@code l2} (non-negative, inseq)
     */
    public record Params(Objective.Kind functional, String reduction) {
        public Params {
            Objects.requireNonNull(functional, "functional");
            if (!List.of("dot", "l2").contains(reduction)) {
                throw new IllegalArgumentException("input-x-gradient.reduction must be dot or l2, got " + reduction);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(Logits.functional(r, "functional", "logprob"),
                    r.choice("reduction", "dot", List.of("dot", "l2")));
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
        double[][] e = request.model().embed(request.context());
        GradientResult g = request.model().gradient(ForwardRequest.ofEmbeddings(e),
                new Objective(p.functional(), request.target(), -1));
        double[] s = new double[e.length];
        for (int i = 0; i < s.length; i++) {
            double acc = 0;
            for (int c = 0; c < e[i].length; c++) {
                double v = e[i][c] * g.gradient()[i][c];
                acc += p.reduction().equals("dot") ? v : v * v;
            }
            s[i] = p.reduction().equals("dot") ? acc : Math.sqrt(acc);
        }
        meter.note("functional", p.functional().name().toLowerCase());
        meter.note("multiplied-vector", "token embedding only (absolute positions excluded)");
        return meter.finish(NAME, s, p.reduction().equals("dot") ? ScoreType.SIGNED : ScoreType.NONNEG,
                p.reduction());
    }
}
