package org.hetabench.jobs.store;

import java.util.List;
import java.util.Map;
import org.hetabench.jobs.store.RunSchema;

/**
 * One attributed target of a run, read back from the attributions table (schema v1, see
 * {@link RunSchema}). Rows read for summaries carry empty token, id and score arrays; rows read for
 * heatmaps carry everything.
 *
 * @param model model name
 * @param dataset dataset name
 * @param instanceId instance id
 * @param targetPosition position of the target (= context length)
 * @param targetId target token id
 * @param method method name
 * @param cell grid cell label ({@code default} or {@code key=value,...})
 * @param seed run seed
 * @param tokens context token texts
 * @param ids context token ids
 * @param evidence evidence positions
 * @param scores one score per context token (empty for a failure row)
 * @param scoreType {@code SIGNED} or {@code NONNEG} (null for a failure row)
 * @param components named per-token components (HETA: gate, curvature, information)
 * @param variant method variant, or null
 * @param hvpMode HVP mode, or null
 * @param metrics metric values of this target
 * @param seconds attribution wall time
 * @param failureClass failure class, or null
 * @param failureMessage failure message, or null
 */
public record TargetRow(String model, String dataset, String instanceId, int targetPosition, int targetId, String method,
                        String cell, long seed, List<String> tokens, int[] ids, int[] evidence, double[] scores,
                        String scoreType, Map<String, double[]> components, String variant, String hvpMode,
                        Map<String, Double> metrics, double seconds, String failureClass, String failureMessage) {

    public TargetRow {
        tokens = List.copyOf(tokens);
        components = Map.copyOf(components);
        metrics = Map.copyOf(metrics);
    }

    /** Whether the row records a failure instead of scores. */
    public boolean failed() {
        return failureClass != null;
    }

    /** The instance this row belongs to. */
    public InstanceKey instance() {
        return new InstanceKey(model, dataset, instanceId);
    }

    /** Method plus its grid cell when not the default, e.g. {@code heta [heta.ablation=kl-only]}. */
    public String label() {
        return "default".equals(cell) ? method : method + " [" + cell + "]";
    }

    /**
     * One instance of a run.
     *
     * @param model model name
     * @param dataset dataset name
     * @param instanceId instance id
     */
    public record InstanceKey(String model, String dataset, String instanceId) implements Comparable<InstanceKey> {
        @Override
        public int compareTo(InstanceKey o) {
            int c = model.compareTo(o.model);
            if (c == 0) {
                c = dataset.compareTo(o.dataset);
            }
            return c != 0 ? c : instanceId.compareTo(o.instanceId);
        }
    }
}
