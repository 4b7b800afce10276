package org.hetabench.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads any supported checkpoint from a path: a Hugging Face directory ({@code config.json} +
 * safetensors + optional {@code tokenizer.json}), a llama2.c {@code .bin} file, or a directory that
 * holds exactly one llama2.c {@code .bin} checkpoint plus its tokenizer.
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** Loads {@code path} in {@code precision}. */
    public static CausalLm load(Path path, Precision precision) {
        if (!Files.exists(path)) {
            throw new ModelLoadException("Model path " + path + " does not exist. Give a Hugging Face directory "
                    + "(config.json + *.safetensors) or a llama2.c .bin checkpoint.");
        }
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("config.json"))) {
                return HfModelLoader.load(path, precision);
            }
            try (var s = Files.list(path)) {
                var bins = s.filter(p -> p.toString().endsWith(".bin") && !p.getFileName().toString().matches("tok.*\\.bin|tokenizer\\.bin"))
                        .toList();
                if (bins.size() == 1) {
                    return Llama2cLoader.load(bins.get(0), null, precision);
                }
                throw new ModelLoadException("Model directory " + path + " has no config.json and "
                        + bins.size() + " llama2.c checkpoints (*.bin); expected exactly one");
            } catch (IOException e) {
                throw new ModelLoadException("Cannot list model directory " + path + ": " + e.getMessage(), e);
            }
        }
        return Llama2cLoader.load(path, null, precision);
    }
}
