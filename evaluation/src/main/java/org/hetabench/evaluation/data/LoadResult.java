package org.hetabench.evaluation.data;

import java.util.List;

/**
 * What a loader returns: the instances in source order and the quarantined rows.
 *
 * @param dataset dataset name
 * @param instances good instances
 * @param quarantine rejected rows with reasons
 */
public record LoadResult(String dataset, List<Instance> instances, Quarantine quarantine) {
    public LoadResult {
        instances = List.copyOf(instances);
    }

    public int size() {
        return instances.size();
    }
}
