package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hetabench.core.model.PassCounter;

/**
 * Runs a list of metrics over instances. A failure of one (instance, metric) — bad input, a missing extra
 * input, a model error — becomes a failure row (exception class + message) and the run goes on, unless
 * {@code failFast} is set. Each row carries the forward passes and seconds that metric spent (passes shared
 * through the context cache are charged to the first metric that needed them).
 */
public final class MetricRunner {
    private final List<Metric> metrics;
    private final boolean failFast;

    /**
     * One (instance, metric) outcome.
     *
     * @param instanceId the instance
     * @param metric metric name
     * @param value the value, or null on failure
     * @param failureClass simple class name of the failure, or null
     * @param failureMessage its message, or null
     * @param passes model work charged to this metric (null if the context could not be built)
     * @param seconds wall time
     */
    public record Outcome(String instanceId, String metric, MetricValue value, String failureClass,
                          String failureMessage, PassCounter.Snapshot passes, double seconds) {
        public boolean failed() {
            return failureClass != null;
        }
    }

    public MetricRunner(List<Metric> metrics, boolean failFast) {
        this.metrics = List.copyOf(metrics);
        this.failFast = failFast;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** Every metric on one context. */
    public List<Outcome> run(MetricContext ctx) {
        List<Outcome> out = new ArrayList<>();
        for (Metric m : metrics) {
            PassCounter.Snapshot before = ctx.model().passes().snapshot();
            long t0 = System.nanoTime();
            try {
                m.checkRequirements(ctx);
                MetricValue v = m.compute(ctx);
                out.add(new Outcome(ctx.instanceId(), m.info().name(), v, null, null,
                        ctx.model().passes().snapshot().minus(before), (System.nanoTime() - t0) / 1e9));
            } catch (RuntimeException e) {
                if (failFast) {
                    throw e;
                }
                out.add(new Outcome(ctx.instanceId(), m.info().name(), null, e.getClass().getSimpleName(),
                        String.valueOf(e.getMessage()), ctx.model().passes().snapshot().minus(before),
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        return out;
    }

    /**
     * Every metric on every instance. Contexts are built lazily; a context that cannot be built (e.g. an
     * attribution with NaN) fails every metric of that instance.
     *
     * @param instances instance id → context builder
     */
    public List<Outcome> runAll(Map<String, Supplier<MetricContext>> instances) {
        List<Outcome> out = new ArrayList<>();
        for (Map.Entry<String, Supplier<MetricContext>> e : instances.entrySet()) {
            MetricContext ctx;
            try {
                ctx = e.getValue().get();
            } catch (RuntimeException ex) {
                if (failFast) {
                    throw ex;
                }
                for (Metric m : metrics) {
                    out.add(new Outcome(e.getKey(), m.info().name(), null, ex.getClass().getSimpleName(),
                            String.valueOf(ex.getMessage()), null, 0));
                }
                continue;
            }
            out.addAll(run(ctx));
        }
        return out;
    }

    /** Dataset numbers per metric; failed rows count as excluded ("failed: Class"). */
    public Map<String, DatasetAggregate> aggregate(List<Outcome> outcomes) {
        Map<String, DatasetAggregate> res = new LinkedHashMap<>();
        for (Metric m : metrics) {
            List<MetricValue> vals = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.metric().equals(m.info().name())) {
                    vals.add(o.failed() ? MetricValue.undefined("failed: " + o.failureClass()) : o.value());
                }
            }
            res.put(m.info().name(), m.aggregate(vals));
        }
        return res;
    }
}
