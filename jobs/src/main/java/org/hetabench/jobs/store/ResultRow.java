package org.hetabench.jobs.store;

import java.io.Serializable;
import java.util.Map;
import org.hetabench.jobs.store.RunSchema.Required;

/**
 * One report row: one (model, dataset, instance, target step, method, cell, seed). A failed item is a
 * row with {@code failureClass} set and empty scores. {@link RunSchema} derives the attributions table
 * from these components (snake-case names, this order); docs/report-schema.md documents each column.
 */
public record ResultRow(@Required String runId, @Required String itemKey, @Required String model,
                        @Required String dataset, @Required String instanceId, int targetPosition, int targetId,
                        @Required String method, @Required String cell, long seed, String[] tokens, int[] ids,
                        int[] evidence, double[] scores, String scoreType, Map<String, double[]> components,
                        String variant, String hvpMode, Map<String, Double> metrics, Map<String, String> metricFailures,
                        long passesForward, long passesBackward, long passesHvp, double seconds, long rssBytes,
                        String failureClass, String failureMessage)
        implements Serializable {}
