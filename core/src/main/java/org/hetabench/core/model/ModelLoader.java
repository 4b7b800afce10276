package org.hetabench.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.tokenizer.HfTokenizer;
import org.hetabench.core.tokenizer.Llama2cTokenizer;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * Loads any supported checkpoint from a path: a Hugging Face directory ({@code config.json} +
 * safetensors + optional {@code tokenizer.json}), a llama2.c {@code .bin} file, or a directory that
 * holds exactly one llama2.c {@code .bin} checkpoint plus its tokenizer.
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** What a path holds, read without loading weights: for planning, validation and listing. */
    public record Inspection(Path path, String format, ModelConfig config, Optional<Tokenizer> tokenizer) {}

    /** Loads {@code path} in {@code precision}. */
    public static CausalLm load(Path path, Precision precision) {
        return load(path, precision, ai.djl.Device.cpu());
    }

    /** Loads {@code path} in {@code precision} onto {@code device} (e.g. {@code Device.gpu(n)} on a GPU executor). */
    public static CausalLm load(Path path, Precision precision, ai.djl.Device device) {
        Path p = locate(path);
        if (Files.isDirectory(p)) {
            return HfModelLoader.load(p, precision, device);
        }
        return Llama2cLoader.load(p, null, precision, device);
    }

    /** Config and tokenizer of {@code path}, without touching the weights. */
    public static Inspection inspect(Path path) {
        Path p = locate(path);
        if (Files.isDirectory(p)) {
            Optional<Tokenizer> tok = Files.isRegularFile(p.resolve("tokenizer.json"))
                    ? Optional.of(HfTokenizer.load(p)) : Optional.empty();
            return new Inspection(p, "huggingface", HfModelLoader.config(p.resolve("config.json")), tok);
        }
        Llama2cLoader.Header h = Llama2cLoader.readHeader(p);
        Path tokFile = Llama2cLoader.findTokenizer(p);
        Optional<Tokenizer> tok = tokFile == null ? Optional.empty()
                : Optional.of(Llama2cTokenizer.load(tokFile, h.vocabSize()));
        return new Inspection(p, "llama2c", Llama2cLoader.config(h), tok);
    }

    /** A Hugging Face directory, or the llama2.c checkpoint file the path stands for. */
    private static Path locate(Path path) {
        if (!Files.exists(path)) {
            throw new ModelLoadException("Model path " + path + " does not exist. Give a Hugging Face directory "
                    + "(config.json + *.safetensors) or a llama2.c .bin checkpoint.");
        }
        if (!Files.isDirectory(path) || Files.isRegularFile(path.resolve("config.json"))) {
            return path;
        }
        try (var s = Files.list(path)) {
            var bins = s.filter(p -> p.toString().endsWith(".bin")
                    && !p.getFileName().toString().matches("tok.*\\.bin|tokenizer\\.bin")).toList();
            if (bins.size() == 1) {
                return bins.get(0);
            }
            throw new ModelLoadException("Model directory " + path + " has no config.json and "
                    + bins.size() + " llama2.c checkpoints (*.bin); expected exactly one");
        } catch (IOException e) {
            throw new ModelLoadException("Cannot list model directory " + path + ": " + e.getMessage(), e);
        }
    }
}
