package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.Objective;
import org.hetabench.jobs.bench.ProcessMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code memcheck}: a long-running check that native memory is scoped per request. Runs N
 * forward + gradient calls on varying inputs, samples RSS, and fails (exit 1) if RSS after the warm-up
 * grows by more than the allowed fraction.
 */
@Command(name = "memcheck", mixinStandardHelpOptions = true,
        description = "Check that RSS stays flat over many forward+gradient calls (native memory is freed per call).")
public final class MemcheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--calls", defaultValue = "2000", description = "Forward+gradient calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--warmup", defaultValue = "200", description = "Calls before the RSS baseline is taken (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--length", defaultValue = "64", description = "Context length (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--max-growth", defaultValue = "0.10", description = "Allowed RSS growth after warm-up (default: ${DEFAULT-VALUE}).")
    double maxGrowth;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CausalLm model = modelOptions.load()) {
            int v = model.config().vocabSize();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
            long base = -1;
            long peak = 0;
            List<long[]> samples = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 1; i <= warmup + calls; i++) {
                int[] ids = new int[length];
                for (int t = 0; t < length; t++) {
                    ids[t] = rnd.nextInt(v);
                }
                model.forward(ForwardRequest.ofIds(ids));
                model.gradient(ForwardRequest.ofIds(ids), Objective.logProb(rnd.nextInt(v)));
                if (i == warmup) {
                    System.gc();
                    base = ProcessMemory.rssBytes();
                }
                if (i > warmup && (i - warmup) % 200 == 0) {
                    long rss = ProcessMemory.rssBytes();
                    peak = Math.max(peak, rss);
                    samples.add(new long[] {i - warmup, rss});
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            out.printf("memcheck on %s (%s), context %d, %d warm-up + %d forward+gradient calls, %.1f s%n", model.name(),
                    model.precision(), length, warmup, calls, secs);
            out.println("| calls after warm-up | RSS (MB) | vs baseline |");
            out.println("|---:|---:|---:|");
            out.printf("| 0 | %.1f | — |%n", base / 1e6);
            for (long[] s : samples) {
                out.printf("| %d | %.1f | %+.1f%% |%n", s[0], s[1] / 1e6, 100.0 * (s[1] - base) / base);
            }
            long last = samples.isEmpty() ? base : samples.get(samples.size() - 1)[1];
            double growth = (double) (Math.max(peak, last) - base) / base;
            boolean ok = growth <= maxGrowth;
            out.printf("max RSS growth after warm-up: %+.1f%% (limit %.0f%%): %s%n", 100 * growth, 100 * maxGrowth,
                    ok ? "PASS" : "FAIL");
            out.flush();
            return ok ? 0 : 1;
        }
    }
}
