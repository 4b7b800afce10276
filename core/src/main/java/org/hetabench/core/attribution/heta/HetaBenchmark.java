package org.hetabench.core.attribution.heta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * Speed benchmark of HETA's variants, batched schedule against the release's naive one (one HVP and
 * one masked forward per model call). Prints a Markdown table and writes a JSON file.
 *
 * <p>Usage: {@code HetaBenchmark MODEL_DIR OUT.json [LENGTHS=32,128,512] [M=10] [key=value ...]} with
 * optional keys {@code precision} (float32 | float64, default float32), {@code maxBatch} (rows per
 * native call, default 32), {@code instances} (contexts per length, default 2), {@code naiveLimit}
 * (seconds; a naive run predicted to take longer per instance is skipped and said so, default 300),
 * {@code variants} (comma list, {@code W} stands for T/2; default {@code full,LS-2,LR-64,WIN-W,LR-64-WIN-W}).
 * Contexts are BOS + a story text repeated and cut to T tokens (different starting offsets per
 * instance); the target is the model's greedy next token. Set {@code DJL_OFFLINE=true
 * OPT_OUT_TRACKING=true DJL_CACHE_DIR=...} and {@code -Dai.djl.pytorch.num_threads=N}.
 */
public final class HetaBenchmark {

    private static final String STORY = "Once upon a time, there was a little girl named Lily. She loved to play outside "
            + "in the park with her dog, Max. One day, Lily and Max found a big red ball under a tree. Lily threw the "
            + "ball and Max ran fast to get it. Then the sun went down and the sky was pink. Lily was tired but happy. "
            + "She said, \"Thank you, Max, for playing with me.\" Max wagged his tail and they walked home together. ";

    private HetaBenchmark() {}

    /** One measured configuration. */
    record Row(int length, String variant, String schedule, String hvpMode, int instances, double secondsPerInstance,
               double hvpPerInstance, double forwardRowsPerInstance, double nativeCallsPerInstance, long peakRssMb,
               long vmHwmMb, String skipped) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: HetaBenchmark MODEL_DIR OUT.json [LENGTHS=32,128,512] [M=10] [key=value ...]");
            System.exit(2);
        }
        Path modelDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Integer> lengths = new ArrayList<>();
        for (String s : (args.length > 2 ? args[2] : "32,128,512").split(",")) {
            lengths.add(Integer.parseInt(s.trim()));
        }
        int m = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Map<String, String> opt = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Option '" + args[i] + "' must be key=value (precision, maxBatch, "
                        + "instances, naiveLimit, variants)");
            }
            opt.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Precision precision = Precision.valueOf(opt.getOrDefault("precision", "float32").toUpperCase(Locale.ROOT));
        int maxBatch = Integer.parseInt(opt.getOrDefault("maxBatch", "32"));
        int instances = Integer.parseInt(opt.getOrDefault("instances", "2"));
        double naiveLimit = Double.parseDouble(opt.getOrDefault("naiveLimit", "300"));
        List<String> variants = List.of(opt.getOrDefault("variants", "full,LS-2,LR-64,WIN-W,LR-64-WIN-W").split(","));
        // heta.hvp.mode values measured back to back for each batched variant; the naive schedule uses the first.
        List<String> modes = List.of(opt.getOrDefault("modes", Heta.Params.defaults().hvpModeKey()).split(","));

        List<Row> rows = new ArrayList<>();
        try (CausalLm model = ModelLoader.load(modelDir, precision)) {
            model.setMaxBatch(maxBatch);
            Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalArgumentException(
                    "Model " + modelDir + " has no tokenizer; the benchmark builds its contexts from text"));
            int[] story = tok.encode(STORY, false).ids();
            // warm-up: JIT and native allocator
            for (String mode : modes) {
                run(model, context(story, 32, 0), "full", "batched", mode, m);
            }
            run(model, context(story, 32, 0), "full", "naive", modes.get(0), m);
            Map<String, Double> speedup = new HashMap<>();
            for (int t : lengths) {
                // untimed: native buffers and JIT at this length (the gradient-squared variant runs gate,
                // information term and one gradient, no HVP)
                run(model, context(story, t, 3), "GS", "batched", modes.get(0), m);
                for (String v : variants) {
                    String variant = v.trim().replace("WIN-W", "WIN-" + Math.max(1, t / 2));
                    Row batched = null;
                    for (String mode : modes) {
                        Row b = measure(model, story, t, variant, "batched", mode.trim(), m, instances);
                        batched = batched == null ? b : batched;
                        rows.add(b);
                        print(b);
                        write(out, modelDir, precision, maxBatch, m, rows);
                    }
                    double predicted = batched.secondsPerInstance() * speedup.getOrDefault(v, 10.0);
                    if (predicted > naiveLimit) {
                        Row skip = new Row(t, variant, "naive", modes.get(0), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, -1,
                                String.format(Locale.ROOT, "skipped: predicted %.0f s per instance > naiveLimit %.0f s",
                                        predicted, naiveLimit));
                        rows.add(skip);
                        print(skip);
                        write(out, modelDir, precision, maxBatch, m, rows);
                        continue;
                    }
                    Row naive = measure(model, story, t, variant, "naive", modes.get(0), m, 1);
                    rows.add(naive);
                    print(naive);
                    write(out, modelDir, precision, maxBatch, m, rows);
                    speedup.put(v, naive.secondsPerInstance() / batched.secondsPerInstance());
                }
            }
        }
        System.out.println();
        System.out.println(markdown(rows, precision, maxBatch, m));
        write(out, modelDir, precision, maxBatch, m, rows);
        System.out.println("JSON written to " + out);
    }

    /** Writes the JSON report (called after every row, so an interrupted run keeps what it measured). */
    private static void write(Path out, Path modelDir, Precision precision, int maxBatch, int m, List<Row> rows)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", modelDir.toString());
        json.put("precision", precision.name());
        json.put("hvpMode", Heta.Params.defaults().hvpMode(precision).label());
        json.put("maxBatch", maxBatch);
        json.put("samples", m);
        json.put("numThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("rows", rows);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        mapper.writeValue(out.toFile(), json);
    }

    private static void print(Row r) {
        System.out.printf(Locale.ROOT, "T=%d %-14s %-8s %-18s %s%n", r.length(), r.variant(), r.schedule(), r.hvpMode(),
                r.skipped() != null ? r.skipped() : String.format(Locale.ROOT, "%.3f s/inst, %.0f HVP, %.0f calls, "
                        + "peak RSS %d MB", r.secondsPerInstance(), r.hvpPerInstance(), r.nativeCallsPerInstance(),
                        r.peakRssMb()));
    }

    static String markdown(List<Row> rows, Precision precision, int maxBatch, int m) {
        StringBuilder sb = new StringBuilder();
        sb.append("HETA speed on stories260K, ").append(precision).append(", m=").append(m).append(", maxBatch=")
                .append(maxBatch).append(", num_threads=")
                .append(System.getProperty("ai.djl.pytorch.num_threads", "default")).append("\n\n");
        sb.append("| T | variant | schedule | heta.hvp.mode | s/instance | HVPs/instance | forward rows/instance "
                + "| native calls/instance | peak RSS (MB) | speed-up |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Row> batched = new HashMap<>();
        for (Row r : rows) {
            if (r.schedule().equals("batched") && r.skipped() == null) {
                batched.putIfAbsent(r.length() + "/" + r.variant(), r);
            }
        }
        for (Row r : rows) {
            if (r.skipped() != null) {
                sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | | | | | |%n", r.length(), r.variant(),
                        r.schedule(), r.hvpMode(), r.skipped()));
                continue;
            }
            String speed = "";
            Row b = batched.get(r.length() + "/" + r.variant());
            if (r.schedule().equals("naive")) {
                speed = String.format(Locale.ROOT, "batched %.1fx faster", r.secondsPerInstance() / b.secondsPerInstance());
            } else if (b != null && b != r) {
                speed = String.format(Locale.ROOT, "%.2fx faster than %s", b.secondsPerInstance() / r.secondsPerInstance(),
                        b.hvpMode());
            }
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.3f | %.0f | %.0f | %.0f | %d | %s |%n",
                    r.length(), r.variant(), r.schedule(), r.hvpMode(), r.secondsPerInstance(), r.hvpPerInstance(), r.forwardRowsPerInstance(),
                    r.nativeCallsPerInstance(), r.peakRssMb(), speed));
        }
        return sb.toString();
    }

    private static Row measure(CausalLm model, int[] story, int t, String variant, String schedule, String mode, int m,
                               int instances) {
        RssSampler sampler = new RssSampler();
        sampler.start();
        double seconds = 0;
        PassCounter.Snapshot total = new PassCounter.Snapshot(0, 0, 0, 0, 0);
        try {
            for (int k = 0; k < instances; k++) {
                HetaResult r = run(model, context(story, t, 7 * k), variant, schedule, mode, m);
                seconds += r.seconds();
                PassCounter.Snapshot p = r.passes();
                total = new PassCounter.Snapshot(total.forward() + p.forward(), total.backward() + p.backward(),
                        total.hvp() + p.hvp(), total.batches() + p.batches(), total.tokens() + p.tokens());
            }
        } finally {
            sampler.stop();
        }
        return new Row(t, variant, schedule, mode, instances, seconds / instances, (double) total.hvp() / instances,
                (double) total.forward() / instances, (double) total.batches() / instances, sampler.peak() >> 20,
                status("VmHWM") >> 20, null);
    }

    private static HetaResult run(CausalLm model, int[] context, String variant, String schedule, String mode, int m) {
        int target = argmax(model.lastLogits(context));
        Map<String, String> params = Map.of("heta.variant", variant, "heta.schedule", schedule,
                "heta.hvp.samples", Integer.toString(m), "heta.hvp.mode", mode);
        AttributionRequest req = AttributionRequest.of(model, "bench-" + context.length, context, target, params, 1);
        return Heta.compute(req, Heta.Params.parse(params));
    }

    /** BOS + the story's tokens repeated from {@code offset}, cut to {@code t} tokens. */
    static int[] context(int[] story, int t, int offset) {
        int[] ids = new int[t];
        ids[0] = 1;
        for (int i = 1; i < t; i++) {
            ids[i] = story[(offset + i - 1) % story.length];
        }
        return ids;
    }

    private static int argmax(double[] z) {
        int b = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[b]) {
                b = i;
            }
        }
        return b;
    }

    /** A field of /proc/self/status in bytes, or -1 where procfs is absent. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Samples VmRSS every 20 ms: VmHWM is monotone over the process, this gives a per-run peak. */
    private static final class RssSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            peak.set(status("VmRSS"));
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(status("VmRSS"), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            peak.accumulateAndGet(status("VmRSS"), Math::max);
        }

        long peak() {
            return peak.get();
        }
    }
}
