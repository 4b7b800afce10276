package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hetabench.core.util.Suggestions;

/**
 * Every per-instance metric by registry name, created from a {@link MetricConfig}. Unknown names fail with
 * a "did you mean". (The decoding-grid Δ% of spec §7 is a dataset-level computation across runs, see
 * {@link DecodingGridDelta}.)
 */
public final class MetricRegistry {
    private static final Map<String, Function<MetricConfig, Metric>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("soft-ns", c -> new SoftErasure(SoftErasure.Kind.NS, c));
        FACTORIES.put("soft-nc", c -> new SoftErasure(SoftErasure.Kind.NC, c));
        FACTORIES.put("aopc-comp", c -> new Aopc(Aopc.Kind.COMPREHENSIVENESS, c));
        FACTORIES.put("aopc-suff", c -> new Aopc(Aopc.Kind.SUFFICIENCY, c));
        FACTORIES.put("cf-aopc", CounterfactualAopc::new);
        FACTORIES.put("dsa", Dsa::new);
        FACTORIES.put("f1", TokenF1::new);
        FACTORIES.put("span-f1", SpanF1::new);
        FACTORIES.put("sensitivity", Sensitivity::new);
        FACTORIES.put("active-passive", ActivePassiveRobustness::new);
        FACTORIES.put("patch-corr", c -> new Intervention(Intervention.Kind.PATCH_CORR, c));
        FACTORIES.put("intervention-at-k", c -> new Intervention(Intervention.Kind.INTERVENTION_AT_K, c));
        FACTORIES.put("misattribution-rate", c -> new Intervention(Intervention.Kind.MISATTRIBUTION_RATE, c));
        FACTORIES.put("causal-pass-at-k", c -> new Intervention(Intervention.Kind.CAUSAL_PASS_AT_K, c));
        FACTORIES.put("window-leakage", WindowLeakage::new);
        FACTORIES.put("reconstruction-error", ReconstructionError::new);
    }

    private MetricRegistry() {}

    /** Registry names in declaration order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The metric called {@code name}, configured by {@code config}. */
    public static Metric create(String name, MetricConfig config) {
        Function<MetricConfig, Metric> f = FACTORIES.get(name == null ? "" : name.trim());
        if (f == null) {
            throw new IllegalArgumentException("Unknown metric '" + name + "'" + Suggestions.didYouMean(name, names())
                    + " Known: " + String.join(", ", names()));
        }
        return f.apply(config);
    }

    /** Several metrics, in the given order. */
    public static List<Metric> create(List<String> names, MetricConfig config) {
        List<Metric> out = new ArrayList<>();
        for (String n : names) {
            out.add(create(n, config));
        }
        return out;
    }
}
