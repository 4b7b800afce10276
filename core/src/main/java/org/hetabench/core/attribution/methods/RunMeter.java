package org.hetabench.core.attribution.methods;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.PassCounter;

/**
 * Measures one method call: wall time and the model's pass counts (a {@link PassCounter} snapshot
 * difference), and assembles the {@link AttributionResult}.
 */
final class RunMeter {
    private final CausalLm model;
    private final PassCounter.Snapshot start;
    private final long t0;
    final Map<String, String> notes = new LinkedHashMap<>();
    final Map<String, double[]> components = new LinkedHashMap<>();

    private RunMeter(CausalLm model) {
        this.model = model;
        this.start = model.passes().snapshot();
        this.t0 = System.nanoTime();
    }

    static RunMeter start(CausalLm model) {
        return new RunMeter(model);
    }

    RunMeter note(String key, Object value) {
        notes.put(key, String.valueOf(value));
        return this;
    }

    AttributionResult finish(String method, double[] scores, ScoreType type, String variant) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new AttributionResult(method, scores, type, components, variant, null,
                model.passes().snapshot().minus(start), seconds, notes);
    }
}
