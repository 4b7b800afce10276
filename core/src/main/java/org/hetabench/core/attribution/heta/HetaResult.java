package org.hetabench.core.attribution.heta;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.PassCounter;

/**
 * HETA's output with its components kept apart (heta.md §5), so that other mixes, metrics and
 * jobs can reuse them without re-parsing an {@link AttributionResult}. Components that the chosen
 * ablation did not need are null.
 *
 * @param scores the final scores (per the ablation)
 * @param gate {@code M_T}, non-negative, summing to 1
 * @param curvature {@code S_i}
 * @param information {@code I_i}
 * @param envelope {@code Env_i} when asked for ({@code heta.envelope=true})
 * @param gradientNorm {@code ‖∇_{x_i} g‖₂} (variant GS only)
 * @param logProb {@code g(X) = log p(y | context)} (for windowed variants: of the last window)
 * @param variant variant label, e.g. {@code full}, {@code LR-64-WIN-256}
 * @param ablation ablation name, e.g. {@code none}
 * @param hvpMode HVP mode label, or null if no HVP was computed
 * @param passes model work of this call
 * @param seconds wall time of this call
 * @param notes fallbacks and choices a report must show
 */
public record HetaResult(double[] scores, double[] gate, double[] curvature, double[] information, double[] envelope,
                         double[] gradientNorm, double logProb, String variant, String ablation, String hvpMode,
                         PassCounter.Snapshot passes, double seconds, Map<String, String> notes) {

    public HetaResult {
        notes = new LinkedHashMap<>(notes);
    }

    /** The named components, in the order gate, curvature, information, envelope, gradient-norm. */
    public Map<String, double[]> components() {
        Map<String, double[]> c = new LinkedHashMap<>();
        if (gate != null) {
            c.put("gate", gate);
        }
        if (curvature != null) {
            c.put("curvature", curvature);
        }
        if (information != null) {
            c.put("information", information);
        }
        if (envelope != null) {
            c.put("envelope", envelope);
        }
        if (gradientNorm != null) {
            c.put("gradient-norm", gradientNorm);
        }
        return c;
    }

    /** As a generic {@link AttributionResult} of method {@code heta}. */
    public AttributionResult toAttributionResult() {
        return new AttributionResult(Heta.NAME, scores, ScoreType.NONNEG, components(), variant, hvpMode, passes, seconds,
                notes);
    }
}
