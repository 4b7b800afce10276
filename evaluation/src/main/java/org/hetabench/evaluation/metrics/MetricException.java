package org.hetabench.evaluation.metrics;

/**
 * Bad input for one metric on one instance (mismatched lengths, a NaN attribution, an empty evidence
 * set, a missing extra input). The message names the instance and the metric; {@link MetricRunner}
 * records it as a failure row instead of aborting the run.
 */
public class MetricException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String instanceId;
    private final String metric;

    public MetricException(String instanceId, String metric, String problem) {
        super("Instance '" + instanceId + "'" + (metric == null ? "" : ", metric '" + metric + "'") + ": " + problem);
        this.instanceId = instanceId;
        this.metric = metric;
    }

    /** The instance whose input was bad. */
    public String instanceId() {
        return instanceId;
    }

    /** The metric that rejected it, or null when the shared context was rejected. */
    public String metric() {
        return metric;
    }
}
