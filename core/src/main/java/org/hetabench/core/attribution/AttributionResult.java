package org.hetabench.core.attribution;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hetabench.core.model.PassCounter;

/**
 * The output of one method on one request: raw (never normalised) scores plus provenance.
 *
 * @param method registry name
 * @param scores one score per context position
 * @param scoreType declared type
 * @param components named per-token components (HETA: gate, curvature, information); may be empty
 * @param variant variant label (e.g. {@code full}, {@code LR-64}); {@code default} if none
 * @param hvpMode how HVPs were computed, or null if none were
 * @param passes forwards/backwards/HVPs this call used
 * @param seconds wall time of this call
 * @param notes free-form facts a report must show (e.g. a fallback that was used)
 */
public record AttributionResult(String method, double[] scores, ScoreType scoreType, Map<String, double[]> components,
                                String variant, String hvpMode, PassCounter.Snapshot passes, double seconds,
                                Map<String, String> notes) {
    public AttributionResult {
        components = new LinkedHashMap<>(components);
        notes = new LinkedHashMap<>(notes);
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException(method + " produced a non-finite score at position " + i);
            }
        }
    }
}
