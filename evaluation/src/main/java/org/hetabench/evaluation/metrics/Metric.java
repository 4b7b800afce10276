package org.hetabench.evaluation.metrics;

import java.util.List;
import java.util.Set;

/**
 * One attribution-evaluation metric (Tribuo-style: small, stateless after construction, computing from
 * a shared {@link MetricContext} so that many metrics reuse one clean forward pass).
 *
 * <p>Implementations read their configuration once, at construction, from a {@link MetricConfig}; the
 * values they read are part of {@link #info()}. Perturbing metrics send their forward passes as one
 * batched {@code model.forward(list)} call per instance where the definition allows it.
 */
public interface Metric {

    MetricInfo info();

    /** Inputs this metric needs beyond model, context, target and scores. */
    default Set<Requirement> requires() {
        return Set.of();
    }

    /**
     * Computes the metric on one instance.
     *
     * @throws MetricException for bad input of this instance (the message names it)
     */
    MetricValue compute(MetricContext context);

    /** Combines per-instance values into the dataset number following {@link MetricInfo#aggregation()}. */
    default DatasetAggregate aggregate(List<MetricValue> perInstance) {
        return DatasetAggregate.of(info(), perInstance, 0);
    }

    /** Throws a {@link MetricException} naming the instance if an input this metric needs is absent. */
    default void checkRequirements(MetricContext context) {
        for (Requirement r : requires()) {
            if (!context.has(r)) {
                throw new MetricException(context.instanceId(), info().name(), "this metric needs " + r.description()
                        + ", which was not supplied");
            }
        }
    }
}
