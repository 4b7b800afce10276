package org.hetabench.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hetabench.core.util.Suggestions;

/**
 * Resolves a suite. Layers, lowest first: {@link SuiteDefaults}, {@code conf/base.yaml}, the suite file,
 * {@code --set key=value} overrides; models named in the suite come from {@code conf/models/NAME.yaml}.
 * Each layer is checked for unknown keys on its own, so an error names the file it came from. List
 * values under {@code params} expand into the grid.
 */
public final class ConfigLoader {
    static final Set<String> TOP = Set.of("suite", "description", "models", "datasets", "methods", "params", "metrics",
            "metricParams", "seeds", "output", "spark", "failFast");
    static final Set<String> SPARK = Set.of("master", "partitions", "chunkSize", "conf");
    static final Set<String> MODEL = Set.of("name", "path", "paperName", "precision", "maxBatch", "params", "description");
    static final Set<String> DATASET = Set.of("name", "sample", "generate", "maxTokens");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Path confDir;

    /** @param confDir the {@code conf/} directory */
    public ConfigLoader(Path confDir) {
        this.confDir = confDir;
    }

    /** The {@code conf/} directory: {@code heta.conf.dir}, else {@code <heta.repo.dir>/conf}, else {@code ./conf}. */
    public static Path defaultConfDir() {
        String c = System.getProperty("heta.conf.dir");
        if (c != null) {
            return Path.of(c);
        }
        String r = System.getProperty("heta.repo.dir");
        return r != null ? Path.of(r, "conf") : Path.of("conf");
    }

    /**
     * Loads a suite by name ({@code conf/suites/NAME.yaml}) or path, applying overrides.
     *
     * @param suite name or path of the suite file
     * @param overrides {@code key=value} strings
     * @param methodNames known methods (for "did you mean"), or null to skip the check
     */
    public SuiteConfig load(String suite, List<String> overrides, Set<String> methodNames) {
        return load(suite, overrides, methodNames, null);
    }

    /** As {@link #load(String, List, Set)}, also checking metric names against {@code metricNames} if given. */
    public SuiteConfig load(String suite, List<String> overrides, Set<String> methodNames, Set<String> metricNames) {
        Path suiteFile = suiteFile(suite);
        ObjectNode merged = SuiteDefaults.tree();
        Path base = confDir.resolve("base.yaml");
        if (Files.isRegularFile(base)) {
            merge(merged, checked(read(base), base.toString()));
        }
        merge(merged, checked(read(suiteFile), relative(suiteFile)));
        for (String o : overrides) {
            applyOverride(merged, o);
        }
        checkTop(merged, "--set");
        return bind(merged, relative(suiteFile), methodNames, metricNames);
    }

    private String relative(Path p) {
        try {
            return confDir.toAbsolutePath().relativize(p.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    /** All suite names under {@code conf/suites}. */
    public List<String> suiteNames() {
        try (var s = Files.list(confDir.resolve("suites"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Path suiteFile(String suite) {
        Path p = Path.of(suite);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path named = confDir.resolve("suites").resolve(suite.endsWith(".yaml") ? suite : suite + ".yaml");
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new ConfigException("Unknown suite '" + suite + "' (no file " + named + ")"
                + Suggestions.didYouMean(suite, suiteNames()) + " Known: " + String.join(", ", suiteNames()));
    }

    private static ObjectNode read(Path file) {
        try {
            JsonNode n = YAML.readTree(file.toFile());
            if (n == null || n.isMissingNode() || n.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!n.isObject()) {
                throw new ConfigException(file + " must hold a YAML mapping at the top level");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new ConfigException("Cannot parse " + file + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static ObjectNode checked(ObjectNode n, String where) {
        checkTop(n, where);
        return n;
    }

    private static void checkTop(ObjectNode n, String where) {
        checkKeys(n, TOP, where, "");
        JsonNode sp = n.get("spark");
        if (sp != null && sp.isObject()) {
            checkKeys((ObjectNode) sp, SPARK, where, "spark.");
        }
        JsonNode ds = n.get("datasets");
        if (ds != null && ds.isArray()) {
            for (int i = 0; i < ds.size(); i++) {
                if (ds.get(i).isObject()) {
                    checkKeys((ObjectNode) ds.get(i), DATASET, where, "datasets[" + i + "].");
                }
            }
        }
    }

    static void checkKeys(ObjectNode n, Set<String> allowed, String where, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException("Unknown key '" + prefix + k + "' in " + where
                        + Suggestions.didYouMean(k, allowed) + " Known: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** Deep merge: objects merge key by key, everything else is replaced. */
    static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode cur = into.get(e.getKey());
            if (cur != null && cur.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) cur, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** {@code key=value}; the value is read as YAML ({@code [a, b]} is a list). */
    static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set needs key=value, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        JsonNode value;
        try {
            value = YAML.readTree(override.substring(eq + 1));
        } catch (IOException e) {
            throw new ConfigException("--set " + key + ": cannot parse value: " + firstLine(e.getMessage()));
        }
        if (value == null || value.isMissingNode()) {
            value = JsonNodeFactory.instance.textNode("");
        }
        String[] path;
        if (key.startsWith("params.") || key.startsWith("metricParams.")) {
            int dot = key.indexOf('.');
            path = new String[] {key.substring(0, dot), key.substring(dot + 1)};
        } else if (key.startsWith("spark.conf.")) {
            path = new String[] {"spark", "conf", key.substring("spark.conf.".length())};
        } else {
            path = key.split("\\.");
        }
        if (!TOP.contains(path[0])) {
            throw new ConfigException("Unknown key '" + path[0] + "' in --set " + override
                    + Suggestions.didYouMean(path[0], TOP) + " Known: " + String.join(", ", new java.util.TreeSet<>(TOP)));
        }
        ObjectNode cur = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = cur.get(path[i]);
            if (next == null || !next.isObject()) {
                next = cur.putObject(path[i]);
            }
            cur = (ObjectNode) next;
        }
        cur.set(path[path.length - 1], value);
    }

    private SuiteConfig bind(ObjectNode n, String where, Set<String> methodNames, Set<String> metricNames) {
        String name = text(n, "suite", where);
        List<String> methods = strings(n.get("methods"), "methods", where);
        if (methods.isEmpty()) {
            throw new ConfigException("No methods in " + where + ": add a 'methods:' list");
        }
        if (methodNames != null) {
            for (int i = 0; i < methods.size(); i++) {
                if (!methodNames.contains(methods.get(i))) {
                    throw new ConfigException("Unknown method '" + methods.get(i) + "' in " + where + " (methods[" + i + "])"
                            + Suggestions.didYouMean(methods.get(i), methodNames) + " Known: "
                            + String.join(", ", new java.util.TreeSet<>(methodNames)));
                }
            }
        }
        List<String> metrics = strings(n.get("metrics"), "metrics", where);
        if (metricNames != null) {
            for (int i = 0; i < metrics.size(); i++) {
                if (!metricNames.contains(metrics.get(i))) {
                    throw new ConfigException("Unknown metric '" + metrics.get(i) + "' in " + where + " (metrics[" + i + "])"
                            + Suggestions.didYouMean(metrics.get(i), metricNames) + " Known: "
                            + String.join(", ", new java.util.TreeSet<>(metricNames)));
                }
            }
        }
        List<ModelPreset> models = new ArrayList<>();
        List<String> modelNames = strings(n.get("models"), "models", where);
        if (modelNames.isEmpty()) {
            throw new ConfigException("No models in " + where + ": add a 'models:' list (presets in conf/models/)");
        }
        for (String m : modelNames) {
            models.add(preset(m, where));
        }
        List<DatasetSpec> datasets = new ArrayList<>();
        JsonNode ds = n.get("datasets");
        if (ds != null) {
            for (int i = 0; i < ds.size(); i++) {
                JsonNode d = ds.get(i);
                if (d.isTextual()) {
                    datasets.add(new DatasetSpec(d.asText(), 0, 0, 0));
                } else {
                    datasets.add(new DatasetSpec(text(d, "name", where + " datasets[" + i + "]"),
                            d.path("sample").asInt(0), d.path("generate").asInt(0), d.path("maxTokens").asInt(0)));
                }
            }
        }
        Map<String, String> fixed = new TreeMap<>();
        Map<String, List<String>> axes = new TreeMap<>();
        JsonNode params = n.get("params");
        if (params != null) {
            params.fields().forEachRemaining(e -> {
                String k = e.getKey();
                String method = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
                if (methodNames != null && !methodNames.contains(method)) {
                    throw new ConfigException("Parameter 'params." + k + "' in " + where + " names no known method '" + method
                            + "'" + Suggestions.didYouMean(method, methodNames) + " (keys are method.key, e.g. heta.hvp.samples)");
                }
                if (e.getValue().isArray()) {
                    List<String> vals = new ArrayList<>();
                    e.getValue().forEach(v -> vals.add(v.asText()));
                    axes.put(k, vals);
                } else {
                    fixed.put(k, e.getValue().asText());
                }
            });
        }
        List<Map<String, String>> grid = new ArrayList<>();
        grid.add(new TreeMap<>());
        for (Map.Entry<String, List<String>> ax : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> cell : grid) {
                for (String v : ax.getValue()) {
                    Map<String, String> c = new TreeMap<>(cell);
                    c.put(ax.getKey(), v);
                    next.add(c);
                }
            }
            grid = next;
        }
        Map<String, String> metricParams = flat(n.get("metricParams"));
        List<Long> seeds = new ArrayList<>();
        n.path("seeds").forEach(s -> seeds.add(s.asLong()));
        if (seeds.isEmpty()) {
            throw new ConfigException("'seeds' in " + where + " is empty: give at least one seed");
        }
        Map<String, String> spark = new TreeMap<>();
        JsonNode sp = n.path("spark");
        sp.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("conf")) {
                spark.put(e.getKey(), e.getValue().asText());
            }
        });
        sp.path("conf").fields().forEachRemaining(e -> spark.put("conf." + e.getKey(), e.getValue().asText()));
        String yaml;
        try {
            // The hash covers the resolved run: the presets' paths, precision, batch and parameters too.
            ObjectNode hashed = ((ObjectNode) n).deepCopy();
            ObjectNode presets = hashed.putObject("modelPresets");
            for (ModelPreset m : models) {
                ObjectNode p = presets.putObject(m.name());
                p.put("path", m.path()).put("precision", m.precision()).put("maxBatch", m.maxBatch());
                ObjectNode mp = p.putObject("params");
                m.params().forEach(mp::put);
            }
            yaml = YAML.writeValueAsString(sorted(hashed));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SuiteConfig(name, n.path("description").asText(""), List.copyOf(models), List.copyOf(datasets),
                List.copyOf(methods), Map.copyOf(fixed), List.copyOf(grid), List.copyOf(metrics),
                Map.copyOf(metricParams), List.copyOf(seeds), text(n, "output", where), Map.copyOf(spark),
                n.path("failFast").asBoolean(false), yaml, sha256(yaml));
    }

    private ModelPreset preset(String name, String where) {
        Path f = confDir.resolve("models").resolve(name + ".yaml");
        if (!Files.isRegularFile(f)) {
            List<String> known = presetNames();
            throw new ConfigException("Unknown model '" + name + "' in " + where + " (no conf/models/" + name + ".yaml)"
                    + Suggestions.didYouMean(name, known) + " Known: " + String.join(", ", known));
        }
        ObjectNode n = read(f);
        checkKeys(n, MODEL, relative(f), "");
        String precision = n.path("precision").asText("float32");
        if (!precision.equals("float32") && !precision.equals("float64")) {
            throw new ConfigException("Key 'precision' in " + relative(f) + " is '" + precision
                    + "': allowed values are float32, float64" + Suggestions.didYouMean(precision, List.of("float32", "float64")));
        }
        int maxBatch = n.path("maxBatch").asInt(16);
        if (maxBatch < 1) {
            throw new ConfigException("Key 'maxBatch' in " + relative(f) + " is " + maxBatch + ": give at least 1");
        }
        return new ModelPreset(n.path("name").asText(name), text(n, "path", relative(f)), n.path("paperName").asText(name),
                precision, maxBatch, flat(n.get("params")));
    }

    /** Model preset names under {@code conf/models}. */
    public List<String> presetNames() {
        try (var s = Files.list(confDir.resolve("models"))) {
            return s.map(p -> p.getFileName().toString()).filter(x -> x.endsWith(".yaml"))
                    .map(x -> x.substring(0, x.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> flat(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        if (n != null) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new ConfigException("Missing key '" + key + "' in " + where);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String key, String where) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new ConfigException("'" + key + "' in " + where + " must be a list, e.g. " + key + ": [a, b]");
        }
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            m.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> a.add(sorted(x)));
            return a;
        }
        return n;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
