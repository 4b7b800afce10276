package org.hetabench.core.attribution.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;

/**
 * Cost of every registered method with its default parameters on stories260K (float64) at a fixed
 * context length: seconds and passes (sequence forwards, backwards, HVPs) per instance. Contexts are
 * sampled from the model itself (fixed seeds, from BOS); the target is the greedy next token. Each
 * method first runs once on a short warm-up context (JIT, one-off calibrations such as PML's), which
 * is not measured. Prints a Markdown table and writes JSON.
 *
 * <p>Usage: {@code MethodsBenchmark [--model DIR] [--length 128] [--instances 3] [--out FILE]
 * [--methods a,b] [--set method.key=value ...]}
 */
public final class MethodsBenchmark {
    private MethodsBenchmark() {}

    public static void main(String[] args) throws IOException {
        String shared = System.getProperty("heta.shared.dir", "../shared");
        Path modelDir = Path.of(shared, "models", "stories260K");
        int length = 128;
        int instances = 3;
        Path out = Path.of("target", "methods-benchmark.json");
        List<String> only = null;
        Map<String, Map<String, String>> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> modelDir = Path.of(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--methods" -> only = Arrays.asList(args[++i].split(","));
                case "--set" -> {
                    String kv = args[++i];
                    int dot = kv.indexOf('.');
                    int eq = kv.indexOf('=');
                    if (dot < 0 || eq < dot) {
                        throw new IllegalArgumentException("--set expects method.key=value, got " + kv);
                    }
                    sets.computeIfAbsent(kv.substring(0, dot), k -> new LinkedHashMap<>())
                            .put(kv.substring(dot + 1, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--model DIR] [--length N] [--instances N] [--out FILE] [--methods a,b] "
                        + "[--set method.key=value]");
            }
        }
        try (CausalLm model = ModelLoader.load(modelDir, Precision.FLOAT64)) {
            int bos = model.tokenizer().orElseThrow().bosId();
            int[][] contexts = BatchSampler.sample(model, Collections.nCopies(instances, new int[] {bos}), length - 1,
                    1.0, 0, new SplittableRandom(20261125L), Set.of());
            List<int[]> ctx = new ArrayList<>();
            for (int[] c : contexts) {
                int[] s = new int[c.length + 1];
                s[0] = bos;
                System.arraycopy(c, 0, s, 1, c.length);
                ctx.add(s);
            }
            int[] warm = Arrays.copyOf(ctx.get(0), 16);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = json.createObjectNode();
            root.put("model", model.name()).put("precision", "FLOAT64").put("contextLength", length)
                    .put("instances", instances).put("maxBatch", model.maxBatch())
                    .put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            ArrayNode rows = root.putArray("methods");
            StringBuilder md = new StringBuilder();
            md.append("| method | seconds / instance | forwards / instance | backwards / instance | HVPs / instance "
                    + "| native batches / instance | notes |\n|---|---:|---:|---:|---:|---:|---|\n");
            for (AttributionMethod m : MethodRegistry.all()) {
                String name = m.info().name();
                if (only != null && !only.contains(name)) {
                    continue;
                }
                if (m.unusableReason(model).isPresent()) {
                    md.append("| ").append(name).append(" | – | – | – | – | – | unusable: ")
                            .append(m.unusableReason(model).get()).append(" |\n");
                    continue;
                }
                Map<String, String> params = sets.getOrDefault(name, Map.of());
                m.attribute(new AttributionRequest(model, "warm-up", warm, argmax(model.lastLogits(warm)),
                        warm.length, protectBos(warm, bos), params, 1));
                double sec = 0;
                long fw = 0;
                long bw = 0;
                long hvp = 0;
                long batches = 0;
                String note = "";
                for (int k = 0; k < instances; k++) {
                    int[] c = ctx.get(k);
                    AttributionResult r = m.attribute(new AttributionRequest(model, "bench-" + k, c,
                            argmax(model.lastLogits(c)), c.length, protectBos(c, bos), params, 1));
                    sec += r.seconds();
                    fw += r.passes().forward();
                    bw += r.passes().backward();
                    hvp += r.passes().hvp();
                    batches += r.passes().batches();
                    note = summary(r);
                }
                ObjectNode row = rows.addObject();
                row.put("method", name).put("secondsPerInstance", sec / instances)
                        .put("forwardsPerInstance", (double) fw / instances)
                        .put("backwardsPerInstance", (double) bw / instances)
                        .put("hvpsPerInstance", (double) hvp / instances)
                        .put("batchesPerInstance", (double) batches / instances).put("lastNotes", note);
                row.putPOJO("params", params);
                md.append(String.format("| %s | %.3f | %.1f | %.1f | %.1f | %.1f | %s |%n", name, sec / instances,
                        (double) fw / instances, (double) bw / instances, (double) hvp / instances,
                        (double) batches / instances, note));
                System.err.println("done " + name);
            }
            System.out.println("stories260K FLOAT64, T=" + length + ", " + instances + " instances, maxBatch "
                    + model.maxBatch() + " (defaults of every method)\n");
            System.out.print(md);
            Files.createDirectories(out.toAbsolutePath().getParent());
            json.writeValue(out.toFile(), root);
            System.out.println("\nJSON written to " + out.toAbsolutePath());
        }
    }

    private static String summary(AttributionResult r) {
        List<String> keys = List.of("steps", "converged-probes", "ablations", "relative-gap", "layer", "extractive",
                "agreement", "best-step", "regression-samples");
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (r.notes().containsKey(k)) {
                String v = r.notes().get(k);
                b.append(b.length() == 0 ? "" : "; ").append(k).append("=")
                        .append(v.length() > 30 ? v.substring(0, 30) : v);
            }
        }
        return b.toString();
    }

    private static boolean[] protectBos(int[] c, int bos) {
        boolean[] p = new boolean[c.length];
        p[0] = c[0] == bos;
        return p;
    }

    private static int argmax(double[] z) {
        return Logits.argmax(z);
    }
}
