package org.hetabench.jobs.cli;

import java.nio.file.Path;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a model. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "Hugging Face directory (config.json + safetensors) or llama2.c .bin checkpoint (or its directory).")
    Path model;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "P",
            description = "float32 (default) or float64 (reference precision).")
    Precision precision;

    @Option(names = "--max-batch", defaultValue = "16", paramLabel = "N",
            description = "Sequences per native call (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    public CausalLm load() {
        CausalLm m = ModelLoader.load(model, precision);
        m.setMaxBatch(maxBatch);
        return m;
    }
}
