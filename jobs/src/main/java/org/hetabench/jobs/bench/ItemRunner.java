package org.hetabench.jobs.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.generation.Generator;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.Precision;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.jobs.store.ResultRow;

/**
 * Runs work items on a model, without Spark: the Spark job calls it inside {@code mapPartitions}, and
 * the plain in-process runner (overhead benchmark, tests) calls it directly. A failing item becomes a
 * failure row unless {@code failFast}.
 */
public final class ItemRunner implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> metrics;
    private final Map<String, String> metricParams;
    private final MetricEvaluator evaluator;
    private final boolean failFast;

    public ItemRunner(List<String> metrics, Map<String, String> metricParams, MetricEvaluator evaluator, boolean failFast) {
        this.metrics = List.copyOf(metrics);
        this.metricParams = Map.copyOf(metricParams);
        this.evaluator = evaluator;
        this.failFast = failFast;
    }

    /** Loads (or reuses) the item's model replica in this JVM. */
    public static CausalLm modelFor(WorkItem item, String gpu) {
        return ModelHolder.get(Path.of(item.model().path()), Precision.valueOf(item.model().precision().toUpperCase()),
                gpu, item.model().maxBatch());
    }

    /**
     * Rows of one item (one per target step), computed on one of the JVM's {@link ComputeThreads} whatever
     * thread calls.
     */
    public List<ResultRow> run(WorkItem item, CausalLm model) {
        return ComputeThreads.call(() -> runHere(item, model));
    }

    private List<ResultRow> runHere(WorkItem item, CausalLm model) {
        FaultInjection.maybeFail(item);
        BenchInstance inst = item.instance();
        List<ResultRow> rows = new ArrayList<>();
        List<int[]> steps = targets(item, model);
        for (int[] step : steps) {
            int[] context = Arrays.copyOf(step, step.length - 1);
            int target = step[step.length - 1];
            rows.add(runStep(item, model, context, target));
        }
        return rows;
    }

    /** Each element is context ids followed by the target id. */
    private static List<int[]> targets(WorkItem item, CausalLm model) {
        BenchInstance inst = item.instance();
        List<int[]> out = new ArrayList<>();
        if (inst.target() >= 0) {
            int[] s = Arrays.copyOf(inst.context(), inst.context().length + 1);
            s[s.length - 1] = inst.target();
            out.add(s);
            return out;
        }
        DecodingConfig decoding = item.decoding() == null ? DecodingConfig.greedy(inst.generateSteps())
                : item.decoding().toConfig(item.seed(), inst.instanceId());
        int[] gen = new Generator(model).generate(inst.context(), decoding);
        for (int t = 0; t < gen.length; t++) {
            int[] s = Arrays.copyOf(inst.context(), inst.context().length + t + 1);
            System.arraycopy(gen, 0, s, inst.context().length, t + 1);
            out.add(s);
        }
        return out;
    }

    private ResultRow runStep(WorkItem item, CausalLm model, int[] context, int target) {
        BenchInstance inst = item.instance();
        Tokenizer tok = model.tokenizer().orElse(null);
        String[] tokens = new String[context.length];
        for (int i = 0; i < context.length; i++) {
            tokens[i] = tok != null ? tok.piece(context[i]) : Integer.toString(context[i]);
        }
        boolean[] prot = new boolean[context.length];
        System.arraycopy(inst.protectedPositions(), 0, prot, 0, Math.min(prot.length, inst.protectedPositions().length));
        int[] evidence = Arrays.stream(inst.evidence()).filter(i -> i < context.length).toArray();
        try {
            AttributionMethod m = MethodRegistry.get(item.method());
            // item.params() already holds the model preset's keys (merged on the driver by RunPlanner.paramsFor).
            AttributionRequest req = new AttributionRequest(model, inst.instanceId(), context, target, context.length, prot,
                    item.params(), item.seed());
            AttributionResult res = m.attribute(req);
            Map<String, String> failures = new LinkedHashMap<>();
            Map<String, Double> values = metrics.isEmpty() ? Map.of()
                    : evaluator.evaluate(req, res, inst, metrics, metricParams, failures);
            return new ResultRow(item.runId(), item.key(), item.model().name(), inst.dataset(), inst.instanceId(),
                    context.length, target, item.method(), item.cell(), item.seed(), tokens, context, evidence,
                    res.scores(), res.scoreType().name(), res.components(), res.variant(), res.hvpMode(), values,
                    failures, res.passes().forward(), res.passes().backward(), res.passes().hvp(), res.seconds(),
                    ProcessMemory.rssBytes(), null, null);
        } catch (RuntimeException e) {
            if (failFast) {
                throw new IllegalStateException("Item " + item.key() + " failed (failFast): " + e.getMessage(), e);
            }
            return new ResultRow(item.runId(), item.key(), item.model().name(), inst.dataset(), inst.instanceId(),
                    context.length, target, item.method(), item.cell(), item.seed(), tokens, context, evidence,
                    new double[0], null, Map.of(), null, null, Map.of(), Map.of(), 0, 0, 0, 0, ProcessMemory.rssBytes(),
                    e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }
}
