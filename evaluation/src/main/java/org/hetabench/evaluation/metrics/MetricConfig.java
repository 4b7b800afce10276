package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hetabench.core.util.Suggestions;

/**
 * The [SPEC] configuration of every metric (spec §13), immutable and validated on construction.
 * Unknown keys and bad values fail with the key, the allowed values and a "did you mean".
 *
 * <p>Keys and defaults are those of the spec's table; a few keys the spec implies but does not list are
 * marked "(added)" in {@link #describe()}.
 */
public final class MetricConfig {

    /** Value kinds, for validation. */
    private enum Kind { CHOICE, INT, REAL, BOOL, REALS, INTS, STRING }

    private record Key(String name, Kind kind, String def, List<String> choices, String doc) {}

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    private static void key(String name, Kind kind, String def, String doc, String... choices) {
        KEYS.put(name, new Key(name, kind, def, List.of(choices), doc));
    }

    static {
        key("seeds", Kind.INTS, "0,1,2", "master seeds of the 3-seed protocol (§11.3)");
        key("importance.normalization", Kind.CHOICE, "SUM_TO_ONE_ABS", "§1.4",
                "SUM_TO_ONE_ABS", "SOFTMAX", "MINMAX", "SIGMOID", "NONE");
        key("perturb.protectBos", Kind.BOOL, "false", "never perturb a BOS at position 0 (§1.5)");
        key("spearman.minN", Kind.INT, "3", "§1.7");
        key("soft.variant", Kind.CHOICE, "REAGENT_HSQ", "§2", "REAGENT_HSQ", "ZHAO_ALETRAS_TARGET_PROB", "HETA_REPO_KL");
        key("soft.numMaskSamples", Kind.INT, "1", "K masks per measurement (§2.7)");
        key("soft.clipNc", Kind.BOOL, "false", "§2.3");
        key("soft.shareRandomBaselineAcrossMethods", Kind.BOOL, "true", "§2.12");
        key("soft.logRatioEpsilon", Kind.REAL, "0", "§2.5");
        key("soft.stride", Kind.INT, "1", "sequence-level stride (§1.3; used by the dataset runner)");
        key("soft.maxNewTokens", Kind.INT, "10", "sequence-level steps (§1.3; used by the dataset runner)");
        key("soft.hetaFractions", Kind.REALS, "0.1,0.2,0.3", "§2.10");
        key("aopc.bins", Kind.REALS, "0.01,0.05,0.10,0.20,0.50", "§3.2");
        key("aopc.rounding", Kind.CHOICE, "FLOOR_MIN1", "§3.2", "FLOOR_MIN1", "FLOOR_SKIP0", "CEIL");
        key("aopc.removal", Kind.CHOICE, "DELETE", "§3.2", "DELETE", "ZERO_EMBED", "REPLACE_PAD");
        key("aopc.onlyPositive", Kind.BOOL, "false", "§3.2");
        key("aopc.dedupe", Kind.BOOL, "false", "§3.2");
        key("aopc.includeZeroBin", Kind.BOOL, "false", "§3.2");
        key("aopc.scale", Kind.CHOICE, "PROB", "§3.2", "PROB", "LOGPROB");
        key("cfaopc.sampler", Kind.CHOICE, "LM_SELF", "§3.4", "LM_SELF", "MLM_INFILL", "POS_UNIFORM", "PRECOMPUTED");
        key("cfaopc.draws", Kind.INT, "3", "§3.4");
        key("cfaopc.topK", Kind.INT, "50", "§3.4");
        key("dsa.normalizeOver", Kind.CHOICE, "PARAGRAPH", "§4.3", "PARAGRAPH", "ALL_CONTEXT");
        key("dsa.relevantSet", Kind.CHOICE, "EVIDENCE_WORDS", "§4.3", "EVIDENCE_WORDS", "WHOLE_SUPPORT_SEGMENT");
        key("dsa.negativeHandling", Kind.CHOICE, "ABS", "§4.3", "ABS", "CLIP_ZERO", "SIGNED");
        key("dsa.reportScale", Kind.CHOICE, "MASS", "§4.5", "MASS", "MASS_X10", "PERCENT", "DENSITY_LIFT");
        key("dsa.target", Kind.CHOICE, "MODEL_GREEDY", "§4.3 (used by the curated-set builder)", "MODEL_GREEDY",
                "GOLD_FORCED");
        key("dsa.answerPrompt", Kind.STRING, " Answer:", "§4.3 (used by the curated-set builder)");
        key("f1.k", Kind.CHOICE, "GOLD_SIZE", "§5.2: GOLD_SIZE or a positive integer");
        key("f1.eligible", Kind.CHOICE, "ALL_CONTEXT", "§5.2", "ALL_CONTEXT", "PARAGRAPH");
        key("f1.level", Kind.CHOICE, "TOKEN", "§5.2", "TOKEN", "WORD");
        key("f1.average", Kind.CHOICE, "MACRO", "§5.2", "MACRO", "MICRO");
        key("spanF1.iou", Kind.REAL, "0.5", "§5.3");
        key("spanF1.matching", Kind.CHOICE, "ONE_TO_ONE", "§5.3", "ONE_TO_ONE", "ERASER_COMPAT");
        key("spanF1.mode", Kind.CHOICE, "IOU", "§5.3", "IOU", "STRICT");
        key("sensitivity.N", Kind.INT, "5", "§6.1");
        key("sensitivity.sigma", Kind.REAL, "0.01", "§6.1");
        key("sensitivity.sigmaMode", Kind.CHOICE, "ABSOLUTE", "§6.1", "ABSOLUTE", "RELATIVE");
        key("sensitivity.normalize", Kind.CHOICE, "SUM_TO_ONE_ABS", "§6.1",
                "SUM_TO_ONE_ABS", "SOFTMAX", "MINMAX", "SIGMOID", "NONE");
        key("ap.target", Kind.CHOICE, "SHARED_CONTINUATION", "§6.2 (target choice is made by the pair builder)",
                "SHARED_CONTINUATION");
        key("ap.minAligned", Kind.INT, "3", "§6.2");
        key("grid.reference", Kind.CHOICE, "GREEDY", "§7.3", "GREEDY", "GRID_MEAN");
        key("grid.statistic", Kind.CHOICE, "MAX_ABS_REL", "§7.3", "MAX_ABS_REL", "RANGE");
        key("grid.targets", Kind.CHOICE, "FIRST_GENERATED", "§7.2", "FIRST_GENERATED", "SEQUENCE");
        key("grid.maxNewTokens", Kind.INT, "10", "§7.2");
        key("grid.metricOnProcessedLogits", Kind.BOOL, "false", "§7.2");
        key("grid.maxInstances", Kind.INT, "100", "§7.3");
        key("grid.absFloor", Kind.REAL, "1e-6", "§7.3");
        key("patch.source", Kind.CHOICE, "REPLACE_SAMPLED",
                "§8.1: REPLACE_SAMPLED, RESIDUAL_LAYER(l), ZERO_EMBED, MEAN_EMBED");
        key("patch.draws", Kind.INT, "4", "§8.1");
        key("patch.absDelta", Kind.BOOL, "false", "§8.2");
        key("intervention.k", Kind.INT, "5", "§8.2");
        key("intervention.normalized", Kind.BOOL, "false",
                "(added) also report ΔJ_k(top-k by A) / ΔJ_k(top-k by Δ) (§8.2 optional form)");
        key("misattribution.k", Kind.INT, "10", "§8.2");
        key("misattribution.tau", Kind.REAL, "0.01", "§8.2 (nats)");
        key("causalPass.k", Kind.INT, "5", "§8.2");
        key("causalPass.criterion", Kind.CHOICE, "FLIP", "§8.2", "FLIP", "DELTA");
        key("leak.mode", Kind.CHOICE, "TRUNCATE_LAST_W", "§9",
                "TRUNCATE_LAST_W", "MASK_OUTSIDE", "PER_WINDOW", "ATTRIBUTION_MASS");
        key("leak.distance", Kind.CHOICE, "ABS_DELTA_LOGP", "§9", "ABS_DELTA_LOGP", "TV");
        key("leak.windows", Kind.INTS, "128,256,512,1024", "§9");
        key("leak.overlap", Kind.REAL, "0.5", "§9");
        key("leak.windowStatistic", Kind.CHOICE, "MEAN", "(added) PER_WINDOW: mean or max over windows (§9)",
                "MEAN", "MAX");
        key("recon.g", Kind.CHOICE, "LOGPROB", "§10", "LOGPROB", "PROB", "LOGIT");
        key("recon.mask", Kind.CHOICE, "ZERO_EMBED", "§10", "ZERO_EMBED", "DELETE", "REPLACE_SAMPLED");
        key("recon.fractions", Kind.REALS, "0.1,0.2,0.3", "(added) §10 subset fractions");
        key("recon.randomSubsets", Kind.INT, "8", "(added) §10 random subsets per fraction");
        key("recon.reportSensitivityN", Kind.BOOL, "true", "§10");
        key("stats.bootstrap", Kind.INT, "10000", "§11.2");
        key("stats.alpha", Kind.REAL, "0.05", "§11.2");
        key("stats.multipleTesting", Kind.CHOICE, "HOLM", "§11.2", "HOLM", "NONE");
    }

    private static final MetricConfig DEFAULTS = new MetricConfig(Map.of());

    private final Map<String, String> values;

    private MetricConfig(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>();
        KEYS.values().forEach(k -> v.put(k.name, k.def));
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Key k = KEYS.get(e.getKey());
            if (k == null) {
                throw new IllegalArgumentException("Unknown metric configuration key '" + e.getKey() + "'"
                        + Suggestions.didYouMean(e.getKey(), KEYS.keySet()) + " Known keys: "
                        + String.join(", ", KEYS.keySet()));
            }
            v.put(k.name, normalise(k, e.getValue()));
        }
        this.values = Collections.unmodifiableMap(v);
    }

    /** The spec's defaults. */
    public static MetricConfig defaults() {
        return DEFAULTS;
    }

    /** Defaults overridden by {@code overrides} ({@code key → value}), validated. */
    public static MetricConfig of(Map<String, String> overrides) {
        return new MetricConfig(overrides);
    }

    /** A copy with more overrides. */
    public MetricConfig with(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(values);
        o.put(key, value);
        return new MetricConfig(o);
    }

    private static IllegalArgumentException bad(Key k, String value, String allowed) {
        return new IllegalArgumentException("Metric configuration " + k.name + "=" + value + " is invalid: " + allowed);
    }

    private static String normalise(Key k, String raw) {
        if (k.kind == Kind.STRING) {
            return raw == null ? "" : raw;
        }
        String v = raw == null ? "" : raw.trim();
        switch (k.kind) {
            case CHOICE: {
                if (k.name.equals("f1.k")) {
                    if (v.equalsIgnoreCase("GOLD_SIZE")) {
                        return "GOLD_SIZE";
                    }
                    try {
                        if (Integer.parseInt(v) > 0) {
                            return v;
                        }
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                    throw bad(k, v, "expected GOLD_SIZE or a positive integer");
                }
                if (k.name.equals("patch.source")) {
                    String u = v.toUpperCase(Locale.ROOT).replace(" ", "");
                    if (u.matches("RESIDUAL_LAYER\\(\\d+\\)") || List.of("REPLACE_SAMPLED", "ZERO_EMBED", "MEAN_EMBED")
                            .contains(u)) {
                        return u;
                    }
                    throw bad(k, v, "allowed values are REPLACE_SAMPLED, RESIDUAL_LAYER(l) with a layer index l, "
                            + "ZERO_EMBED, MEAN_EMBED" + Suggestions.didYouMean(u,
                            List.of("REPLACE_SAMPLED", "ZERO_EMBED", "MEAN_EMBED")));
                }
                for (String c : k.choices) {
                    if (c.equalsIgnoreCase(v)) {
                        return c;
                    }
                }
                throw bad(k, v, "allowed values are " + k.choices + Suggestions.didYouMean(v, k.choices));
            }
            case INT:
                try {
                    return Integer.toString(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw bad(k, v, "expected an integer");
                }
            case REAL:
                try {
                    double d = Double.parseDouble(v);
                    if (!Double.isFinite(d)) {
                        throw bad(k, v, "expected a finite number");
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw bad(k, v, "expected a number");
                }
            case BOOL: {
                String s = v.toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return s;
                }
                throw bad(k, v, "expected true or false");
            }
            case REALS:
            case INTS: {
                String s = v.replace("[", "").replace("]", "");
                List<String> parts = new ArrayList<>();
                for (String p : s.split(",")) {
                    String t = p.trim();
                    if (t.isEmpty()) {
                        continue;
                    }
                    try {
                        if (k.kind == Kind.INTS) {
                            Integer.parseInt(t);
                        } else {
                            Double.parseDouble(t);
                        }
                    } catch (NumberFormatException e) {
                        throw bad(k, v, "expected a comma-separated list of " + (k.kind == Kind.INTS ? "integers"
                                : "numbers") + "; '" + t + "' is not one");
                    }
                    parts.add(t);
                }
                if (parts.isEmpty()) {
                    throw bad(k, v, "the list is empty");
                }
                return String.join(",", parts);
            }
            default:
                throw new AssertionError(k.kind);
        }
    }

    private String raw(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("metric code reads an undeclared configuration key '" + key + "'");
        }
        return v;
    }

    /** A free-text value (kept verbatim, spaces included). */
    public String string(String key) {
        return raw(key);
    }

    public String choice(String key) {
        return raw(key);
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        return Enum.valueOf(type, raw(key));
    }

    public int integer(String key) {
        return Integer.parseInt(raw(key));
    }

    public double real(String key) {
        return Double.parseDouble(raw(key));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(raw(key));
    }

    public double[] reals(String key) {
        return Arrays.stream(raw(key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    public int[] ints(String key) {
        return Arrays.stream(raw(key).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The values of {@code keys}, for {@link MetricInfo#config()}. */
    public Map<String, String> subset(String... keys) {
        Map<String, String> m = new TreeMap<>();
        for (String k : keys) {
            m.put(k, raw(k));
        }
        return m;
    }

    /** Every key with its value. */
    public Map<String, String> asMap() {
        return values;
    }

    /** One line per key: name, default, documentation. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        KEYS.values().forEach(k -> sb.append(k.name).append(" = ").append(k.def)
                .append(k.choices.isEmpty() ? "" : "  " + k.choices).append("  ").append(k.doc).append('\n'));
        return sb.toString();
    }

    /** All known key names. */
    public static List<String> keys() {
        return List.copyOf(KEYS.keySet());
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
