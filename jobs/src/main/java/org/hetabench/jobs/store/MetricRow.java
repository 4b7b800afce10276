package org.hetabench.jobs.store;

import org.hetabench.jobs.store.TargetRow;
/**
 * One row of the long-format metrics table ({@code tables/metrics/run_id=ID/}).
 *
 * @param model model name
 * @param dataset dataset name
 * @param instanceId instance id
 * @param targetPosition target position
 * @param method method name
 * @param cell grid cell label
 * @param seed run seed
 * @param metric metric name
 * @param value metric value (may be NaN)
 */
public record MetricRow(String model, String dataset, String instanceId, int targetPosition, String method, String cell,
                        long seed, String metric, double value) {

    /** Method plus its grid cell when not the default (as {@link TargetRow#label()}). */
    public String label() {
        return "default".equals(cell) ? method : method + " [" + cell + "]";
    }
}
