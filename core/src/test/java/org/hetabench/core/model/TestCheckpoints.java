package org.hetabench.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.testing.SharedFiles;

/**
 * Writes small Hugging Face checkpoint directories for tests: random GPT-2 and Llama 3.1 models,
 * stories260K re-laid-out as an HF Llama, and the tiny Phi-3 with unfused projections.
 */
public final class TestCheckpoints {
    static final ObjectMapper JSON = new ObjectMapper();

    // GPT-2 test shape
    public static final int G_VOCAB = 41, G_D = 16, G_HEADS = 4, G_LAYERS = 2, G_POS = 32, G_INNER = 64;
    // Llama 3.1 test shape (head_dim 16 != hidden/heads, GQA)
    static final int L_VOCAB = 47, L_D = 32, L_HEADS = 4, L_KV = 2, L_HD = 16, L_INNER = 40, L_LAYERS = 2,
            L_POS = 128;
    static final double L_EPS = 1e-5;

    private TestCheckpoints() {}

    static float[] random(SplittableRandom r, int n, double center, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (center + scale * (2 * r.nextDouble() - 1));
        }
        return v;
    }

    static void writeConfig(Path dir, ObjectNode cfg) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), cfg.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A random GPT-2 (Conv1D [in][out] weights, fused c_attn, learned positions, tied head).
     *
     * @param prefix whether tensor names carry "transformer." (GPT2LMHeadModel) or not (GPT2Model)
     * @return weights under their names without the prefix
     */
    public static Map<String, float[]> gpt2(Path dir, boolean prefix, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        SafetensorsWriter sw = new SafetensorsWriter();
        String t = prefix ? "transformer." : "";
        int d = G_D;
        put(sw, w, t, "wte.weight", random(r, G_VOCAB * d, 0, 1), G_VOCAB, d);
        put(sw, w, t, "wpe.weight", random(r, G_POS * d, 0, 0.5), G_POS, d);
        for (int l = 0; l < G_LAYERS; l++) {
            String p = "h." + l + ".";
            put(sw, w, t, p + "ln_1.weight", random(r, d, 1, 0.2), d);
            put(sw, w, t, p + "ln_1.bias", random(r, d, 0, 0.1), d);
            put(sw, w, t, p + "attn.c_attn.weight", random(r, d * 3 * d, 0, 0.4), d, 3 * d);
            put(sw, w, t, p + "attn.c_attn.bias", random(r, 3 * d, 0, 0.1), 3 * d);
            put(sw, w, t, p + "attn.c_proj.weight", random(r, d * d, 0, 0.3), d, d);
            put(sw, w, t, p + "attn.c_proj.bias", random(r, d, 0, 0.1), d);
            put(sw, w, t, p + "ln_2.weight", random(r, d, 1, 0.2), d);
            put(sw, w, t, p + "ln_2.bias", random(r, d, 0, 0.1), d);
            put(sw, w, t, p + "mlp.c_fc.weight", random(r, d * G_INNER, 0, 0.3), d, G_INNER);
            put(sw, w, t, p + "mlp.c_fc.bias", random(r, G_INNER, 0, 0.1), G_INNER);
            put(sw, w, t, p + "mlp.c_proj.weight", random(r, G_INNER * d, 0, 0.2), G_INNER, d);
            put(sw, w, t, p + "mlp.c_proj.bias", random(r, d, 0, 0.1), d);
            // the causal-mask buffer old GPT-2 checkpoints carry: not a weight, must be skipped unread
            sw.put(t + p + "attn.bias", new SafetensorsWriter.Tensor("U8", new long[] {1, 1, 2, 2}, new byte[] {1, 0, 1, 1}));
        }
        put(sw, w, t, "ln_f.weight", random(r, d, 1, 0.2), d);
        put(sw, w, t, "ln_f.bias", random(r, d, 0, 0.1), d);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("model_type", "gpt2").put("vocab_size", G_VOCAB).put("n_embd", d).put("n_layer", G_LAYERS)
                .put("n_head", G_HEADS).put("n_positions", G_POS).putNull("n_inner")
                .put("activation_function", "gelu_new").put("layer_norm_epsilon", 1e-5);
        writeConfig(dir, cfg);
        sw.write(dir.resolve("model.safetensors"), 3);
        return w;
    }

    private static void put(SafetensorsWriter sw, Map<String, float[]> w, String prefix, String name, float[] v,
                            long... shape) {
        sw.f32(prefix + name, v, shape);
        w.put(name, v);
    }

    /** A random Llama 3.1-style model (rope_scaling llama3, GQA, explicit head_dim, untied head). */
    static Map<String, float[]> llama31(Path dir, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        SafetensorsWriter sw = new SafetensorsWriter();
        int d = L_D;
        int aw = L_HEADS * L_HD;
        int kw = L_KV * L_HD;
        put(sw, w, "", "model.embed_tokens.weight", random(r, L_VOCAB * d, 0, 1), L_VOCAB, d);
        for (int l = 0; l < L_LAYERS; l++) {
            String p = "model.layers." + l + ".";
            put(sw, w, "", p + "input_layernorm.weight", random(r, d, 1, 0.2), d);
            put(sw, w, "", p + "self_attn.q_proj.weight", random(r, aw * d, 0, 0.4), aw, d);
            put(sw, w, "", p + "self_attn.k_proj.weight", random(r, kw * d, 0, 0.4), kw, d);
            put(sw, w, "", p + "self_attn.v_proj.weight", random(r, kw * d, 0, 0.4), kw, d);
            put(sw, w, "", p + "self_attn.o_proj.weight", random(r, d * aw, 0, 0.2), d, aw);
            put(sw, w, "", p + "post_attention_layernorm.weight", random(r, d, 1, 0.2), d);
            put(sw, w, "", p + "mlp.gate_proj.weight", random(r, L_INNER * d, 0, 0.3), L_INNER, d);
            put(sw, w, "", p + "mlp.up_proj.weight", random(r, L_INNER * d, 0, 0.3), L_INNER, d);
            put(sw, w, "", p + "mlp.down_proj.weight", random(r, d * L_INNER, 0, 0.2), d, L_INNER);
        }
        put(sw, w, "", "model.norm.weight", random(r, d, 1, 0.2), d);
        put(sw, w, "", "lm_head.weight", random(r, L_VOCAB * d, 0, 0.5), L_VOCAB, d);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("model_type", "llama").put("vocab_size", L_VOCAB).put("hidden_size", d)
                .put("intermediate_size", L_INNER).put("num_hidden_layers", L_LAYERS)
                .put("num_attention_heads", L_HEADS).put("num_key_value_heads", L_KV).put("head_dim", L_HD)
                .put("max_position_embeddings", L_POS).put("rms_norm_eps", L_EPS).put("rope_theta", 10000.0)
                .put("tie_word_embeddings", false).put("hidden_act", "silu");
        cfg.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0).put("low_freq_factor", 1.0)
                .put("high_freq_factor", 4.0).put("original_max_position_embeddings", 64);
        writeConfig(dir, cfg);
        sw.write(dir.resolve("model.safetensors"));
        return w;
    }

    /**
     * stories260K re-laid-out as a Hugging Face Llama directory. llama2.c rotates adjacent pairs
     * (2i, 2i+1); HF rotates (i, i + hd/2). Permuting the rows of Wq and Wk inside each head so that
     * HF row i takes row 2i and row i + hd/2 takes row 2i+1 makes both layouts compute the same logits.
     */
    static void stories260KAsHfLlama(Path dir) {
        Path bin = SharedFiles.stories260K().resolve("stories260K.bin");
        Llama2cLoader.Header h = Llama2cLoader.readHeader(bin);
        Map<String, TensorData> t = Llama2cLoader.tensors(bin, h);
        int d = h.dim();
        int hd = d / h.nHeads();
        SafetensorsWriter sw = new SafetensorsWriter();
        sw.f32("model.embed_tokens.weight", t.get("embed").toFloats(), h.vocabSize(), d);
        for (int l = 0; l < h.nLayers(); l++) {
            String c = "layers." + l + ".";
            String p = "model.layers." + l + ".";
            sw.f32(p + "input_layernorm.weight", t.get(c + "attn_norm.weight").toFloats(), d);
            sw.f32(p + "self_attn.q_proj.weight", interleavedToHalf(t.get(c + "q.weight").toFloats(), d, hd), d, d);
            int kv = d * h.nKvHeads() / h.nHeads();
            sw.f32(p + "self_attn.k_proj.weight", interleavedToHalf(t.get(c + "k.weight").toFloats(), d, hd), kv, d);
            sw.f32(p + "self_attn.v_proj.weight", t.get(c + "v.weight").toFloats(), kv, d);
            sw.f32(p + "self_attn.o_proj.weight", t.get(c + "o.weight").toFloats(), d, d);
            sw.f32(p + "post_attention_layernorm.weight", t.get(c + "mlp_norm.weight").toFloats(), d);
            sw.f32(p + "mlp.gate_proj.weight", t.get(c + "gate.weight").toFloats(), h.hiddenDim(), d);
            sw.f32(p + "mlp.up_proj.weight", t.get(c + "up.weight").toFloats(), h.hiddenDim(), d);
            sw.f32(p + "mlp.down_proj.weight", t.get(c + "down.weight").toFloats(), d, h.hiddenDim());
        }
        sw.f32("model.norm.weight", t.get("final_norm.weight").toFloats(), d);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("model_type", "llama").put("vocab_size", h.vocabSize()).put("hidden_size", d)
                .put("intermediate_size", h.hiddenDim()).put("num_hidden_layers", h.nLayers())
                .put("num_attention_heads", h.nHeads()).put("num_key_value_heads", h.nKvHeads())
                .put("max_position_embeddings", h.seqLen()).put("rms_norm_eps", 1e-5).put("rope_theta", 10000.0)
                .put("tie_word_embeddings", true).put("hidden_act", "silu");
        writeConfig(dir, cfg);
        sw.write(dir.resolve("model.safetensors"));
    }

    /** Rows of a [rows][cols] matrix permuted per head: new row i = old 2i, new row i+hd/2 = old 2i+1. */
    static float[] interleavedToHalf(float[] w, int cols, int hd) {
        int rows = w.length / cols;
        float[] o = new float[w.length];
        for (int head = 0; head < rows / hd; head++) {
            for (int i = 0; i < hd / 2; i++) {
                System.arraycopy(w, (head * hd + 2 * i) * cols, o, (head * hd + i) * cols, cols);
                System.arraycopy(w, (head * hd + 2 * i + 1) * cols, o, (head * hd + i + hd / 2) * cols, cols);
            }
        }
        return o;
    }

    /** The tiny Phi-3 golden checkpoint rewritten with separate q/k/v and gate/up projections. */
    static void tinyPhi3Unfused(Path dir) {
        Path src = SharedFiles.file("golden/tiny-hf/phi3");
        try {
            Files.createDirectories(dir);
            Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsReader r = SafetensorsReader.openFile(src.resolve("model.safetensors"));
        JsonConfig c = new JsonConfig(src.resolve("config.json"));
        int hd = c.i("hidden_size") / c.i("num_attention_heads");
        int q = c.i("num_attention_heads") * hd;
        int kv = c.i("num_key_value_heads") * hd;
        int inner = c.i("intermediate_size");
        SafetensorsWriter sw = new SafetensorsWriter();
        for (String k : r.keys()) {
            TensorData t = r.read(k, k);
            float[] v = t.toFloats();
            long[] s = t.shape();
            if (k.endsWith("qkv_proj.weight")) {
                String p = k.replace("qkv_proj.weight", "");
                int cols = (int) s[1];
                sw.f32(p + "q_proj.weight", java.util.Arrays.copyOfRange(v, 0, q * cols), q, cols);
                sw.f32(p + "k_proj.weight", java.util.Arrays.copyOfRange(v, q * cols, (q + kv) * cols), kv, cols);
                sw.f32(p + "v_proj.weight", java.util.Arrays.copyOfRange(v, (q + kv) * cols, (q + 2 * kv) * cols), kv,
                        cols);
            } else if (k.endsWith("gate_up_proj.weight")) {
                String p = k.replace("gate_up_proj.weight", "");
                int cols = (int) s[1];
                sw.f32(p + "gate_proj.weight", java.util.Arrays.copyOfRange(v, 0, inner * cols), inner, cols);
                sw.f32(p + "up_proj.weight", java.util.Arrays.copyOfRange(v, inner * cols, 2 * inner * cols), inner,
                        cols);
            } else {
                sw.f32(k, v, s);
            }
        }
        sw.write(dir.resolve("model.safetensors"));
    }

    /** Minimal config.json access for tests. */
    static final class JsonConfig {
        final com.fasterxml.jackson.databind.JsonNode root;

        JsonConfig(Path file) {
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int i(String key) {
            return root.get(key).asInt();
        }
    }
}
