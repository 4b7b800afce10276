package org.hetabench.jobs.bench;

import java.io.Serializable;
import java.util.Map;

/**
 * One report row: one (model, dataset, instance, target step, method, cell, seed). A failed item is a
 * row with {@code failureClass} set and empty scores.
 */
public record ResultRow(String runId, String itemKey, String model, String dataset, String instanceId,
                        int targetPosition, int targetId, String method, String cell, long seed, String[] tokens,
                        int[] ids, int[] evidence, double[] scores, String scoreType,
                        Map<String, double[]> components, String variant, String hvpMode,
                        Map<String, Double> metrics, Map<String, String> metricFailures, long forward, long backward,
                        long hvp, double seconds, long rssBytes, String failureClass, String failureMessage)
        implements Serializable {}
