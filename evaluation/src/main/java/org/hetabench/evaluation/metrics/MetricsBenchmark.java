package org.hetabench.evaluation.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.generation.Generator;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;

/**
 * Cost of every metric per instance: forward rows, native batched calls, backward passes and seconds, at
 * context length T (default 128) on stories260K (float64), with a fixed random attribution (the point is
 * metric cost, not attribution quality). Each metric is measured from a cold context, so the clean pass is
 * included; a last row runs all metrics on one shared context. Prints a Markdown table and JSON.
 *
 * <p>Usage: {@code MetricsBenchmark [modelDir] [T] [instances] [maxBatch]}; the model directory defaults to
 * {@code ${heta.shared.dir:-../shared}/models/stories260K}.
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {}

    /** One measured row. */
    record Row(String metric, double forwardRows, double nativeCalls, double backward, double seconds,
               String note) {}

    public static void main(String[] args) throws Exception {
        String shared = System.getProperty("heta.shared.dir", "../shared");
        Path dir = Path.of(args.length > 0 ? args[0] : shared + "/models/stories260K");
        int t = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (CausalLm model = ModelLoader.load(dir, Precision.FLOAT64)) {
            if (args.length > 3) {
                model.setMaxBatch(Integer.parseInt(args[3]));
            }
            List<int[]> contexts = new ArrayList<>();
            Generator gen = new Generator(model);
            for (int s = 0; s <= n; s++) {
                int[] g = gen.generate(new int[] {1}, new DecodingConfig(t - 1, 1.0, 0, 1, 1, 1000 + s, false));
                int[] ids = new int[t];
                ids[0] = 1;
                System.arraycopy(g, 0, ids, 1, Math.min(g.length, t - 1));
                contexts.add(ids);
            }
            MetricConfig cfg = MetricConfig.of(Map.of("leak.windows", "32,64"));
            List<Row> rows = new ArrayList<>();
            List<Metric> all = MetricRegistry.create(MetricRegistry.names(), cfg);
            // warm-up on context 0 (JIT, native init); measured instances are 1..n
            for (Metric m : all) {
                m.compute(context(model, contexts.get(0), "warmup"));
            }
            for (Metric m : all) {
                double[] acc = new double[4];
                for (int i = 1; i <= n; i++) {
                    MetricContext c = context(model, contexts.get(i), "bench-" + i);
                    PassCounter.Snapshot before = model.passes().snapshot();
                    long t0 = System.nanoTime();
                    m.compute(c);
                    double sec = (System.nanoTime() - t0) / 1e9;
                    PassCounter.Snapshot d = model.passes().snapshot().minus(before);
                    acc[0] += d.forward();
                    acc[1] += d.batches();
                    acc[2] += d.backward();
                    acc[3] += sec;
                }
                rows.add(new Row(m.info().name(), acc[0] / n, acc[1] / n, acc[2] / n, acc[3] / n, note(m)));
            }
            double[] acc = new double[4];
            for (int i = 1; i <= n; i++) {
                MetricContext c = context(model, contexts.get(i), "bench-" + i);
                PassCounter.Snapshot before = model.passes().snapshot();
                long t0 = System.nanoTime();
                for (Metric m : all) {
                    m.compute(c);
                }
                acc[3] += (System.nanoTime() - t0) / 1e9;
                PassCounter.Snapshot d = model.passes().snapshot().minus(before);
                acc[0] += d.forward();
                acc[1] += d.batches();
                acc[2] += d.backward();
            }
            rows.add(new Row("ALL (one shared context)", acc[0] / n, acc[1] / n, acc[2] / n, acc[3] / n,
                    "clean pass, sampler and intervention effects shared"));
            print(rows, t, n, model);
        }
    }

    private static String note(Metric m) {
        return switch (m.info().name()) {
            case "sensitivity" -> "N=5 re-attributions by gradient x input (backward passes)";
            case "window-leakage" -> "leak.windows=32,64 (T=128)";
            case "dsa", "f1", "span-f1", "active-passive" -> "no model passes (synthetic annotations)";
            default -> "";
        };
    }

    /** A context with a fixed random attribution and synthetic annotations for the metrics that need them. */
    static MetricContext context(CausalLm model, int[] ids, String id) {
        int t = ids.length;
        int y = Softmax.argmax(model.lastLogits(ids));
        SplittableRandom r = new SplittableRandom(Long.hashCode(id.hashCode()));
        double[] a = new double[t];
        double[] passive = new double[t];
        for (int i = 0; i < t; i++) {
            a[i] = r.nextDouble();
            passive[i] = a[i] + 0.1 * r.nextDouble();
        }
        int p0 = t / 10;
        int p1 = (8 * t) / 10;
        int[] paragraph = java.util.stream.IntStream.range(p0, p1).toArray();
        int[] distractor = java.util.stream.IntStream.range(p0, (6 * t) / 10).toArray();
        int[] support = java.util.stream.IntStream.range((6 * t) / 10, p1).toArray();
        int[] evidence = java.util.stream.IntStream.range((6 * t) / 10 + 2, (6 * t) / 10 + 8).toArray();
        int[][] words = new int[10][];
        for (int w = 0; w < 10; w++) {
            words[w] = new int[] {1 + 3 * w};
        }
        List<String> names = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            names.add("w" + w);
        }
        Reattributor gradTimesInput = new Reattributor() {
            @Override
            public double[] attribute(ForwardRequest in) {
                return attributeAll(List.of(in)).get(0);
            }

            @Override
            public List<double[]> attributeAll(List<ForwardRequest> inputs) {
                List<Objective> obj = new ArrayList<>();
                inputs.forEach(in -> obj.add(Objective.logProb(y)));
                List<GradientResult> g = model.gradient(inputs, obj);
                List<double[]> out = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) {
                    double[][] e = inputs.get(k).embeddings();
                    double[] s = new double[e.length];
                    for (int i = 0; i < e.length; i++) {
                        for (int h = 0; h < e[i].length; h++) {
                            s[i] += g.get(k).gradient()[i][h] * e[i][h];
                        }
                    }
                    out.add(s);
                }
                return out;
            }
        };
        return MetricContext.builder(model, id, ids, y, a).seed(0)
                .evidence(new EvidenceAnnotation(paragraph, distractor, support, evidence))
                .gold(GoldAnnotation.ofSpans(List.of(new int[] {20, 24}, new int[] {60, 66})))
                .alignedPair(new AlignedPair(passive, words, words, names))
                .reattributor(gradTimesInput)
                .build();
    }

    private static void print(List<Row> rows, int t, int n, CausalLm model) throws Exception {
        System.out.printf(Locale.ROOT, "## Metric cost per instance (%s, float64, T=%d, %d instances, maxBatch=%d)%n%n",
                model.name(), t, n, model.maxBatch());
        System.out.println("| metric | forward rows | native calls | backward | seconds | note |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.4f | %s |%n", r.metric, r.forwardRows,
                    r.nativeCalls, r.backward, r.seconds, r.note);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", r.metric);
            m.put("forwardRowsPerInstance", r.forwardRows);
            m.put("nativeCallsPerInstance", r.nativeCalls);
            m.put("backwardPerInstance", r.backward);
            m.put("secondsPerInstance", r.seconds);
            m.put("note", r.note);
            json.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "metrics");
        doc.put("model", model.name());
        doc.put("precision", "FLOAT64");
        doc.put("contextLength", t);
        doc.put("instances", n);
        doc.put("rows", json);
        System.out.println();
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
}
