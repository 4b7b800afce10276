package org.hetabench.jobs.bench;

import java.io.Serializable;
import java.util.Map;
import org.hetabench.jobs.config.ModelPreset;

/**
 * The unit of sharding: one (model, instance, method, grid cell, seed). Generated-target instances
 * expand into one result row per target step inside the item, deterministically.
 *
 * @param runId run id
 * @param model model preset
 * @param instance the instance
 * @param method method name
 * @param cell grid cell label
 * @param params method parameters of the cell
 * @param seed run seed
 * @param decoding for generated-target instances: the decoding setting that chooses the targets (decoding-grid
 *     runs); null for the default greedy generation
 */
public record WorkItem(String runId, ModelPreset model, BenchInstance instance, String method, String cell,
                       Map<String, String> params, long seed, GridDecoding decoding) implements Serializable {

    public WorkItem {
        params = Map.copyOf(params);
    }

    /** An item whose generated targets (if any) come from greedy decoding. */
    public WorkItem(String runId, ModelPreset model, BenchInstance instance, String method, String cell,
                    Map<String, String> params, long seed) {
        this(runId, model, instance, method, cell, params, seed, null);
    }

    /** Stable key: what resume compares. */
    public String key() {
        return String.join("|", model.name(), instance.dataset(), instance.instanceId(), method, cell, Long.toString(seed));
    }
}
