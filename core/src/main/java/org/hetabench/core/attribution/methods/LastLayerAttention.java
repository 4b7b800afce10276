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
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Last-layer attention (sequential-rationales {@code last_attention}, ReAGent attention/last;
 * methods.md §2.6): {@code s_i = (1/H) Σ_h A^{L,h}[T−1][i]}. Variant {@code layers=all} averages over
 * every layer as well. One forward with attention capture.
 */
public final class LastLayerAttention implements AttributionMethod {
    public static final String NAME = "last-layer-attention";
    private static final MethodInfo INFO = new MethodInfo(NAME,
            "sequential-rationales last_attention; ReAGent attention evaluator; methods.md §2.6",
            EnumSet.of(Capability.ATTENTION), ScoreType.DIST, "head-averaged attention row of the last position");

    /** @param layers {@code last} or {@code all} */
    public record Params(String layers) {
        public Params {
            if (!List.of("last", "all").contains(layers)) {
                throw new IllegalArgumentException(NAME + ".layers must be last or all, got " + layers);
            }
        }

        public static Params from(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            Params p = new Params(r.choice("layers", "last", List.of("last", "all")));
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
        int n = request.length();
        int last = n - 1;
        int nl = f.attention().length;
        int from = p.layers().equals("last") ? nl - 1 : 0;
        double[] s = new double[n];
        int count = 0;
        for (int l = from; l < nl; l++) {
            for (double[][] head : f.attention()[l]) {
                for (int i = 0; i < n; i++) {
                    s[i] += head[last][i];
                }
                count++;
            }
        }
        for (int i = 0; i < n; i++) {
            s[i] /= count;
        }
        return meter.finish(NAME, s, ScoreType.DIST, p.layers());
    }
}
