package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors while loading or running a model: each message names the file or key and the limit. */
class LoadErrorsTest {

    static Path copyOf(String tinyArch, Path dir) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/" + tinyArch);
        Files.createDirectories(dir);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void truncatedLlama2cCheckpointNamesFileAndSize(@TempDir Path tmp) throws IOException {
        byte[] all = Files.readAllBytes(SharedFiles.stories260K().resolve("stories260K.bin"));
        Path f = tmp.resolve("stories260K.bin");
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 1000));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(f, Precision.FLOAT64));
        assertMessage(e, f.toString(), String.valueOf(all.length - 1000), "needs exactly " + all.length, "truncated");
    }

    @Test
    void truncatedSafetensorsInAModelDirectory(@TempDir Path tmp) throws IOException {
        Path dir = copyOf("gptj", tmp);
        byte[] all = Files.readAllBytes(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length - 4));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Precision.FLOAT64));
        // the last tensor in the data section is the one cut short
        assertMessage(e, "model.safetensors", "data_offsets", "truncated");
    }

    @Test
    void missingTensorNamesTheHuggingFaceKey(@TempDir Path tmp) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/qwen2");
        SafetensorsReader r = SafetensorsReader.openFile(src.resolve("model.safetensors"));
        SafetensorsWriter w = new SafetensorsWriter();
        String dropped = "model.layers.1.self_attn.k_proj.bias";
        for (String k : r.keys()) {
            if (!k.equals(dropped)) {
                TensorData t = r.read(k, k);
                w.f32(k, t.toFloats(), t.shape());
            }
        }
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        // a qwen2 without one k bias is still loadable (biases are optional), so drop a weight instead
        w.write(tmp.resolve("model.safetensors"));
        try (CausalLm m = ModelLoader.load(tmp, Precision.FLOAT64)) {
            assertTrue(m.config().family().equals("qwen2"));
        }
        SafetensorsWriter w2 = new SafetensorsWriter();
        String missing = "model.layers.1.mlp.up_proj.weight";
        for (String k : r.keys()) {
            if (!k.equals(missing)) {
                TensorData t = r.read(k, k);
                w2.f32(k, t.toFloats(), t.shape());
            }
        }
        w2.write(tmp.resolve("model.safetensors"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, Precision.FLOAT64));
        assertMessage(e, "'" + missing + "'", tmp.toString(), "qwen2");
    }

    @Test
    void unusedTensorIsAnErrorNotSilentlyDropped(@TempDir Path tmp) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/qwen2");
        SafetensorsReader r = SafetensorsReader.openFile(src.resolve("model.safetensors"));
        SafetensorsWriter w = new SafetensorsWriter();
        for (String k : r.keys()) {
            TensorData t = r.read(k, k);
            w.f32(k, t.toFloats(), t.shape());
        }
        w.f32("model.layers.0.self_attn.q_norm.weight", new float[8], 8);
        w.write(tmp.resolve("model.safetensors"));
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, Precision.FLOAT64));
        assertMessage(e, "model.layers.0.self_attn.q_norm.weight", "qwen2");
    }

    @Test
    void unknownModelTypeSuggestsAndListsSupported(@TempDir Path tmp) throws IOException {
        Path dir = copyOf("qwen2", tmp);
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"qwen2\"", "\"qwen3\""));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Precision.FLOAT64));
        assertMessage(e, "config.json", "'qwen3'", "did you mean 'qwen2'", "llama, mistral, qwen2, phi3, gptj, gpt2");
    }

    @Test
    void phi3RopeScalingIsRejectedByKey(@TempDir Path tmp) throws IOException {
        Path dir = copyOf("phi3", tmp);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"longrope\", \"short_factor\": [1]}"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Precision.FLOAT64));
        assertMessage(e, "config.json", "rope_scaling", "longrope", "phi3");
    }

    @Test
    void llamaRopeScalingOtherThanLlama3IsRejected(@TempDir Path tmp) {
        TestCheckpoints.llama31(tmp, 1);
        try {
            Files.writeString(tmp.resolve("config.json"), Files.readString(tmp.resolve("config.json"))
                    .replace("\"llama3\"", "\"yarn\""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, Precision.FLOAT64));
        assertMessage(e, "config.json", "rope_scaling", "'yarn'", "llama3");
    }

    @Test
    void wrongShapeNamesTheCheckpointKey(@TempDir Path tmp) throws IOException {
        // a config that disagrees with the weights: more heads per kv group than the fused qkv holds
        Path dir = copyOf("phi3", tmp.resolve("phi3"));
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 4"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Precision.FLOAT64));
        assertMessage(e, "'model.layers.0.self_attn.qkv_proj.weight'", "[64, 32]", "[96, 32]");
        // a plain tensor whose shape is wrong is reported under its checkpoint name, not the canonical one
        Path q = copyOf("qwen2", tmp.resolve("qwen2"));
        Files.writeString(q.resolve("config.json"), Files.readString(q.resolve("config.json"))
                .replace("\"intermediate_size\": 48", "\"intermediate_size\": 40"));
        ModelLoadException e2 = assertThrows(ModelLoadException.class, () -> ModelLoader.load(q, Precision.FLOAT64));
        assertMessage(e2, "'model.layers.0.mlp.gate_proj.weight'", "model.safetensors", "[48, 32]", "[40, 32]");
    }

    @Test
    void missingConfigKeyIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = copyOf("gptj", tmp);
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"n_head\"", "\"n_heads\""));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, Precision.FLOAT64));
        assertMessage(e, "config.json", "'n_head'", "gptj");
    }

    @Test
    void sequenceLongerThanContextNamesTheLimit() {
        try (CausalLm m = ModelLoader.load(SharedFiles.file("golden/tiny-hf/qwen2"), Precision.FLOAT64)) {
            int limit = m.config().maxPositions();
            assertTrue(limit == 64);
            m.lastLogits(new int[limit]); // exactly the context is fine
            ContextLengthException e = assertThrows(ContextLengthException.class, () -> m.lastLogits(new int[limit + 1]));
            assertMessage(e, "65 tokens", "= 64", "qwen2");
        }
        try (CausalLm m = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64)) {
            ContextLengthException e = assertThrows(ContextLengthException.class,
                    () -> m.gradient(ForwardRequest.ofIds(new int[513]), Objective.logProb(3)));
            assertMessage(e, "513 tokens", "= 512", "stories260K");
        }
    }
}
