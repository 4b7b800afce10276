package org.hetabench.jobs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hetabench.core.attribution.heta.HetaBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heta-speed}: the HETA speed benchmark ({@link HetaBenchmark}): every variant at each context
 * length, batched schedule against the release's naive one, with seconds, passes and peak RSS per
 * instance, as Markdown on stdout and JSON in a file.
 */
@Command(name = "heta-speed", mixinStandardHelpOptions = true,
        description = "Benchmark: HETA variants, batched vs the release's naive schedule (Markdown + JSON).")
public final class HetaSpeedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory or llama2.c checkpoint.")
    Path model;

    @Option(names = "--out", defaultValue = "heta-speed.json", description = "JSON output (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--lengths", defaultValue = "32,128,512", description = "Context lengths (default: ${DEFAULT-VALUE}).")
    String lengths;

    @Option(names = "--samples", defaultValue = "10", description = "Probes m per token (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--set", description = "precision=float32|float64, maxBatch=N, instances=N, naiveLimit=SECONDS, "
            + "variants=full,LS-2,LR-64,WIN-W,LR-64-WIN-W (W = T/2), modes=finite-difference,forward-difference (heta.hvp.mode"
            + " values timed back to back). Repeatable.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> args = new ArrayList<>(List.of(model.toString(), out.toString(), lengths,
                Integer.toString(samples)));
        args.addAll(settings);
        HetaBenchmark.main(args.toArray(String[]::new));
        return 0;
    }
}
