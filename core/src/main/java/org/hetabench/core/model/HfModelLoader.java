package org.hetabench.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.tokenizer.HfTokenizer;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.core.util.Suggestions;

/**
 * Loads a Hugging Face model directory ({@code config.json}, safetensors weights, optional
 * {@code tokenizer.json}) into a {@link TransformerModel}, translating each family's tensor names and
 * layouts into the canonical ones.
 *
 * <p>Supported {@code model_type}s:
 * <ul>
 *   <li>{@code llama}, {@code mistral}, {@code qwen2}: rotate-half RoPE (Llama 3.1 {@code rope_scaling}
 *       with {@code rope_type = llama3} included), RMS norm, gated SiLU MLP, optional q/k/v/o and MLP
 *       biases (Qwen2 has q/k/v biases), optional tied head.</li>
 *   <li>{@code phi3}: as Llama, with fused {@code qkv_proj} (q rows, then k, then v) and
 *       {@code gate_up_proj} (gate rows, then up) split by zero-copy row views; unfused layouts are
 *       accepted too. Any non-null {@code rope_scaling} (longrope, su, yarn) is rejected.</li>
 *   <li>{@code gptj}: partial rotary on interleaved pairs ({@code rotary_dim}), one LayerNorm feeding
 *       attention and MLP in parallel, tanh-GELU MLP with biases, head with bias.</li>
 *   <li>{@code gpt2}: learned positions, Conv1D weights stored {@code [in][out]} (transposed here),
 *       fused {@code c_attn} split into q/k/v, LayerNorm, tanh-GELU, tied head.</li>
 * </ul>
 *
 * <p>Every tensor of the checkpoint must be consumed, except known non-weight buffers (rotary
 * {@code inv_freq}, GPT-2/GPT-J causal-mask buffers) and a duplicate head of a tied model: an extra
 * tensor means an architecture feature (e.g. q/k norms) this loader does not implement, and silently
 * dropping it would give wrong logits. A sliding attention window caps the context length, so longer
 * inputs fail with {@link ContextLengthException} instead of being computed without the window.
 */
public final class HfModelLoader {

    /** The {@code model_type} values this loader understands. */
    public static final List<String> SUPPORTED = List.of("llama", "mistral", "qwen2", "phi3", "gptj", "gpt2");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IGNORABLE = Pattern.compile(
            ".*rotary_emb\\.inv_freq|(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");

    private HfModelLoader() {}

    /**
     * Loads {@code dir} in {@code precision}.
     *
     * @throws ModelLoadException naming the file and key for any missing, corrupt or unsupported part
     */
    public static CausalLm load(Path dir, Precision precision) {
        return load(dir, precision, ai.djl.Device.cpu());
    }

    /** Loads {@code dir} in {@code precision} onto {@code device}. */
    public static CausalLm load(Path dir, Precision precision, ai.djl.Device device) {
        Path configFile = dir.resolve("config.json");
        ConfigFile cf = ConfigFile.read(configFile);
        ModelConfig cfg = config(cf);
        SafetensorsReader reader = SafetensorsReader.open(dir);
        Weights w = tensors(cfg, reader, dir);
        Tokenizer tok = Files.isRegularFile(dir.resolve("tokenizer.json")) ? HfTokenizer.load(dir) : null;
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        try {
            return new TransformerModel(name, cfg, w.out, precision, tok, device);
        } catch (ModelLoadException e) {
            throw w.withOrigin(e);
        }
    }

    /** The canonical config described by {@code config.json} at {@code configFile}. */
    public static ModelConfig config(Path configFile) {
        return config(ConfigFile.read(configFile));
    }

    private static ModelConfig config(ConfigFile c) {
        String type = c.string("model_type");
        switch (type) {
            case "llama":
            case "mistral":
            case "qwen2":
            case "phi3":
                return llamaLike(c, type);
            case "gptj":
                return gptj(c);
            case "gpt2":
                return gpt2(c);
            default:
                throw new ModelLoadException(c.file + ": model_type '" + type + "' is not supported"
                        + Suggestions.didYouMean(type, SUPPORTED) + " (supported: " + String.join(", ", SUPPORTED) + ")");
        }
    }

    private static ModelConfig llamaLike(ConfigFile c, String type) {
        String act = c.optString("hidden_act", "silu");
        if (!act.equals("silu") && !act.equals("swish")) {
            throw new ModelLoadException(c.file + ": hidden_act '" + act + "' is not supported for model_type '"
                    + type + "'; supported: silu");
        }
        int d = c.integer("hidden_size");
        int heads = c.integer("num_attention_heads");
        int kvHeads = c.optInt("num_key_value_heads", heads);
        int headDim = c.optInt("head_dim", d / heads);
        int rotaryDim = (int) Math.round(headDim * c.optDouble("partial_rotary_factor", 1.0));
        ModelConfig.Llama3Scaling scaling = ropeScaling(c, type);
        int maxPos = c.integer("max_position_embeddings");
        boolean window = type.equals("qwen2") ? c.optBoolean("use_sliding_window", false) : true;
        JsonNode sw = c.node("sliding_window");
        if (window && sw != null && sw.canConvertToInt() && sw.asInt() > 0) {
            maxPos = Math.min(maxPos, sw.asInt());
        }
        return new ModelConfig(type, c.integer("vocab_size"), d, c.integer("num_hidden_layers"), heads, kvHeads,
                headDim, c.integer("intermediate_size"), maxPos, ModelConfig.Norm.RMS,
                c.optDouble("rms_norm_eps", 1e-6), ModelConfig.Positions.ROTARY,
                new ModelConfig.Rope(c.optDouble("rope_theta", 10000.0), rotaryDim, ModelConfig.RopeStyle.HALF,
                        scaling),
                false, ModelConfig.Mlp.GATED_SILU, c.optBoolean("tie_word_embeddings", false));
    }

    private static ModelConfig.Llama3Scaling ropeScaling(ConfigFile c, String type) {
        JsonNode rs = c.node("rope_scaling");
        if (rs == null || rs.isNull()) {
            return null;
        }
        JsonNode kind = rs.has("rope_type") ? rs.get("rope_type") : rs.get("type");
        String k = kind == null ? "(none)" : kind.asText();
        if (k.equals("default")) {
            return null;
        }
        if (!k.equals("llama3") || type.equals("phi3")) {
            throw new ModelLoadException(c.file + ": rope_scaling with rope_type '" + k + "' is not supported for "
                    + "model_type '" + type + "'; supported: null" + (type.equals("phi3") ? "" : ", llama3")
                    + " (a model with " + k + " scaling would be computed wrongly)");
        }
        return new ModelConfig.Llama3Scaling(c.sub(rs, "rope_scaling.factor").asDouble(),
                c.sub(rs, "rope_scaling.low_freq_factor").asDouble(),
                c.sub(rs, "rope_scaling.high_freq_factor").asDouble(),
                c.sub(rs, "rope_scaling.original_max_position_embeddings").asInt());
    }

    private static void requireTanhGelu(ConfigFile c) {
        String act = c.optString("activation_function", "gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw new ModelLoadException(c.file + ": activation_function '" + act + "' is not supported for model_type '"
                    + c.string("model_type") + "'; supported: gelu_new, gelu_pytorch_tanh");
        }
    }

    private static ModelConfig gptj(ConfigFile c) {
        requireTanhGelu(c);
        int d = c.integer("n_embd");
        int heads = c.integer("n_head");
        int headDim = d / heads;
        JsonNode rd = c.node("rotary_dim");
        int rotary = rd == null || rd.isNull() ? headDim : rd.asInt();
        int inner = c.optInt("n_inner", 4 * d);
        return new ModelConfig("gptj", c.integer("vocab_size"), d, c.integer("n_layer"), heads, heads, headDim, inner,
                c.integer("n_positions"), ModelConfig.Norm.LAYER, c.optDouble("layer_norm_epsilon", 1e-5),
                ModelConfig.Positions.ROTARY,
                new ModelConfig.Rope(10000.0, rotary, ModelConfig.RopeStyle.INTERLEAVED, null), true,
                ModelConfig.Mlp.GELU_TANH, c.optBoolean("tie_word_embeddings", false));
    }

    private static ModelConfig gpt2(ConfigFile c) {
        requireTanhGelu(c);
        if (c.optBoolean("scale_attn_by_inverse_layer_idx", false)) {
            throw new ModelLoadException(c.file + ": scale_attn_by_inverse_layer_idx=true is not supported; "
                    + "supported: false");
        }
        if (!c.optBoolean("scale_attn_weights", true)) {
            throw new ModelLoadException(c.file + ": scale_attn_weights=false is not supported; supported: true");
        }
        int d = c.integer("n_embd");
        int heads = c.integer("n_head");
        int inner = c.optInt("n_inner", 4 * d);
        return new ModelConfig("gpt2", c.integer("vocab_size"), d, c.integer("n_layer"), heads, heads, d / heads, inner,
                c.integer("n_positions"), ModelConfig.Norm.LAYER, c.optDouble("layer_norm_epsilon", 1e-5),
                ModelConfig.Positions.LEARNED, null, false, ModelConfig.Mlp.GELU_TANH, true);
    }

    // ---------------------------------------------------------------- tensors

    private static Weights tensors(ModelConfig cfg, SafetensorsReader r, Path dir) {
        Weights w = new Weights(r, dir, cfg.family());
        switch (cfg.family()) {
            case "gptj" -> gptjTensors(cfg, w);
            case "gpt2" -> gpt2Tensors(cfg, w);
            default -> llamaTensors(cfg, w);
        }
        w.checkAllUsed(cfg.tiedEmbeddings());
        return w;
    }

    private static void llamaTensors(ModelConfig cfg, Weights w) {
        w.take("model.embed_tokens.weight", "embed");
        for (int l = 0; l < cfg.numLayers(); l++) {
            String h = "model.layers." + l + ".";
            String p = "layers." + l + ".";
            w.take(h + "input_layernorm.weight", p + "attn_norm.weight");
            w.take(h + "post_attention_layernorm.weight", p + "mlp_norm.weight");
            String qkv = h + "self_attn.qkv_proj.weight";
            if (w.has(qkv)) {
                // Phi-3 fused projection: rows [q | k | v]
                TensorData f = w.take(qkv, null);
                long q = cfg.attentionWidth();
                long kv = cfg.kvWidth();
                w.requireShape(f, q + 2 * kv, cfg.hiddenSize());
                w.put(f.rows(p + "q.weight", 0, q), f.name());
                w.put(f.rows(p + "k.weight", q, q + kv), f.name());
                w.put(f.rows(p + "v.weight", q + kv, q + 2 * kv), f.name());
            } else {
                for (String m : new String[] {"q", "k", "v"}) {
                    w.take(h + "self_attn." + m + "_proj.weight", p + m + ".weight");
                    w.optional(h + "self_attn." + m + "_proj.bias", p + m + ".bias");
                }
            }
            w.take(h + "self_attn.o_proj.weight", p + "o.weight");
            w.optional(h + "self_attn.o_proj.bias", p + "o.bias");
            String gateUp = h + "mlp.gate_up_proj.weight";
            if (w.has(gateUp)) {
                // Phi-3 fused MLP input: rows [gate | up]
                TensorData f = w.take(gateUp, null);
                long i = cfg.intermediateSize();
                w.requireShape(f, 2 * i, cfg.hiddenSize());
                w.put(f.rows(p + "gate.weight", 0, i), f.name());
                w.put(f.rows(p + "up.weight", i, 2 * i), f.name());
            } else {
                w.take(h + "mlp.gate_proj.weight", p + "gate.weight");
                w.optional(h + "mlp.gate_proj.bias", p + "gate.bias");
                w.take(h + "mlp.up_proj.weight", p + "up.weight");
                w.optional(h + "mlp.up_proj.bias", p + "up.bias");
            }
            w.take(h + "mlp.down_proj.weight", p + "down.weight");
            w.optional(h + "mlp.down_proj.bias", p + "down.bias");
        }
        w.take("model.norm.weight", "final_norm.weight");
        if (!cfg.tiedEmbeddings()) {
            w.take("lm_head.weight", "lm_head.weight");
        }
    }

    private static void gptjTensors(ModelConfig cfg, Weights w) {
        w.take("transformer.wte.weight", "embed");
        for (int l = 0; l < cfg.numLayers(); l++) {
            String h = "transformer.h." + l + ".";
            String p = "layers." + l + ".";
            w.take(h + "ln_1.weight", p + "attn_norm.weight");
            w.take(h + "ln_1.bias", p + "attn_norm.bias");
            w.take(h + "attn.q_proj.weight", p + "q.weight");
            w.take(h + "attn.k_proj.weight", p + "k.weight");
            w.take(h + "attn.v_proj.weight", p + "v.weight");
            w.take(h + "attn.out_proj.weight", p + "o.weight");
            w.take(h + "mlp.fc_in.weight", p + "up.weight");
            w.take(h + "mlp.fc_in.bias", p + "up.bias");
            w.take(h + "mlp.fc_out.weight", p + "down.weight");
            w.take(h + "mlp.fc_out.bias", p + "down.bias");
        }
        w.take("transformer.ln_f.weight", "final_norm.weight");
        w.take("transformer.ln_f.bias", "final_norm.bias");
        if (!cfg.tiedEmbeddings()) {
            w.take("lm_head.weight", "lm_head.weight");
        }
        w.optional("lm_head.bias", "lm_head.bias");
    }

    private static void gpt2Tensors(ModelConfig cfg, Weights w) {
        // GPT2LMHeadModel saves under "transformer.", the bare GPT2Model (e.g. the original "gpt2") without
        String t = w.has("transformer.wte.weight") ? "transformer." : "";
        w.take(t + "wte.weight", "embed");
        w.take(t + "wpe.weight", "pos_embed");
        long d = cfg.hiddenSize();
        for (int l = 0; l < cfg.numLayers(); l++) {
            String h = t + "h." + l + ".";
            String p = "layers." + l + ".";
            w.take(h + "ln_1.weight", p + "attn_norm.weight");
            w.take(h + "ln_1.bias", p + "attn_norm.bias");
            // Conv1D stores [in][out]; the canonical layout is nn.Linear's [out][in]
            TensorData qkv = w.requireShape(w.take(h + "attn.c_attn.weight", null), d, 3 * d)
                    .transposed(h + "attn.c_attn.weight");
            w.put(qkv.rows(p + "q.weight", 0, d), h + "attn.c_attn.weight");
            w.put(qkv.rows(p + "k.weight", d, 2 * d), h + "attn.c_attn.weight");
            w.put(qkv.rows(p + "v.weight", 2 * d, 3 * d), h + "attn.c_attn.weight");
            TensorData qkvBias = w.requireShape(w.take(h + "attn.c_attn.bias", null), 3 * d);
            w.put(qkvBias.range(p + "q.bias", 0, d), qkvBias.name());
            w.put(qkvBias.range(p + "k.bias", d, 2 * d), qkvBias.name());
            w.put(qkvBias.range(p + "v.bias", 2 * d, 3 * d), qkvBias.name());
            w.put(w.take(h + "attn.c_proj.weight", null).transposed(p + "o.weight"), h + "attn.c_proj.weight");
            w.take(h + "attn.c_proj.bias", p + "o.bias");
            w.take(h + "ln_2.weight", p + "mlp_norm.weight");
            w.take(h + "ln_2.bias", p + "mlp_norm.bias");
            w.put(w.take(h + "mlp.c_fc.weight", null).transposed(p + "up.weight"), h + "mlp.c_fc.weight");
            w.take(h + "mlp.c_fc.bias", p + "up.bias");
            w.put(w.take(h + "mlp.c_proj.weight", null).transposed(p + "down.weight"), h + "mlp.c_proj.weight");
            w.take(h + "mlp.c_proj.bias", p + "down.bias");
        }
        w.take(t + "ln_f.weight", "final_norm.weight");
        w.take(t + "ln_f.bias", "final_norm.bias");
    }

    /** Tracks which checkpoint tensors were consumed and collects the canonical ones. */
    private static final class Weights {
        final SafetensorsReader reader;
        final Path dir;
        final String family;
        final Set<String> used = new HashSet<>();
        final Map<String, TensorData> out = new HashMap<>();
        /** canonical name to the checkpoint key it came from */
        final Map<String, String> origin = new HashMap<>();

        Weights(SafetensorsReader reader, Path dir, String family) {
            this.reader = reader;
            this.dir = dir;
            this.family = family;
        }

        boolean has(String key) {
            return reader.contains(key);
        }

        /** Reads {@code key}; stores it under {@code canonical} unless that is null. */
        TensorData take(String key, String canonical) {
            if (!reader.contains(key)) {
                throw new ModelLoadException("Missing tensor '" + key + "' in the safetensors weights of " + dir
                        + " (model_type " + family + ")" + Suggestions.didYouMean(key, reader.keys())
                        + "; the checkpoint does not match its config.json");
            }
            used.add(key);
            TensorData t = reader.read(key, canonical == null ? key : canonical);
            origin.put(t.name(), key);
            if (canonical != null) {
                out.put(canonical, t);
            }
            return t;
        }

        void optional(String key, String canonical) {
            if (reader.contains(key)) {
                take(key, canonical);
            }
        }

        /** {@code t} itself, after checking that its shape is {@code shape}. */
        TensorData requireShape(TensorData t, long... shape) {
            if (!java.util.Arrays.equals(t.shape(), shape)) {
                throw new ModelLoadException("Checkpoint tensor '" + t.name() + "' in " + reader.file(t.name())
                        + " has shape " + java.util.Arrays.toString(t.shape()) + ", expected "
                        + java.util.Arrays.toString(shape) + " from config.json (model_type " + family + ")");
            }
            return t;
        }

        /** Stores a tensor derived (split, transposed) from checkpoint key {@code source}. */
        void put(TensorData t, String source) {
            out.put(t.name(), t);
            origin.put(t.name(), source);
        }

        /** The model's error about a canonical tensor, restated with the checkpoint key and file. */
        ModelLoadException withOrigin(ModelLoadException e) {
            String msg = e.getMessage();
            int a = msg.indexOf('\'');
            int b = a < 0 ? -1 : msg.indexOf('\'', a + 1);
            if (b < 0 || !origin.containsKey(msg.substring(a + 1, b))) {
                return e;
            }
            String key = origin.get(msg.substring(a + 1, b));
            return new ModelLoadException("Checkpoint tensor '" + key + "' in " + reader.file(key) + " does not fit "
                    + "config.json: " + msg, e);
        }

        void checkAllUsed(boolean tied) {
            Set<String> extra = new TreeSet<>();
            for (String k : reader.keys()) {
                if (!used.contains(k) && !IGNORABLE.matcher(k).matches() && !(tied && k.equals("lm_head.weight"))) {
                    extra.add(k);
                }
            }
            if (!extra.isEmpty()) {
                throw new ModelLoadException("The weights of " + dir + " hold " + extra.size() + " tensor(s) the "
                        + family + " loader does not use, e.g. '" + extra.iterator().next() + "'; the checkpoint has "
                        + "a feature this loader does not implement (or config.json names the wrong model_type)");
            }
        }
    }

    /** {@code config.json} with errors that name the file and key. */
    private static final class ConfigFile {
        final Path file;
        final JsonNode root;

        private ConfigFile(Path file, JsonNode root) {
            this.file = file;
            this.root = root;
        }

        static ConfigFile read(Path file) {
            JsonNode root;
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new ModelLoadException(file + " is not a JSON object");
            }
            return new ConfigFile(file, root);
        }

        JsonNode node(String key) {
            return root.get(key);
        }

        JsonNode sub(JsonNode parent, String path) {
            JsonNode v = parent.get(path.substring(path.lastIndexOf('.') + 1));
            if (v == null || v.isNull()) {
                throw new ModelLoadException(file + ": missing key '" + path + "'");
            }
            return v;
        }

        String string(String key) {
            JsonNode v = root.get(key);
            if (v == null || !v.isTextual()) {
                throw new ModelLoadException(file + ": missing or non-text key '" + key + "'"
                        + (key.equals("model_type") ? "; supported model types: " + String.join(", ", SUPPORTED) : ""));
            }
            return v.asText();
        }

        int integer(String key) {
            JsonNode v = root.get(key);
            if (v == null || !v.canConvertToInt() || !v.isNumber()) {
                throw new ModelLoadException(file + ": missing or non-integer key '" + key + "' (needed for model_type '"
                        + root.path("model_type").asText() + "')");
            }
            return v.asInt();
        }

        int optInt(String key, int fallback) {
            JsonNode v = root.get(key);
            return v == null || v.isNull() ? fallback : integer(key);
        }

        double optDouble(String key, double fallback) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber()) {
                throw new ModelLoadException(file + ": key '" + key + "' must be a number, got " + v);
            }
            return v.asDouble();
        }

        boolean optBoolean(String key, boolean fallback) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new ModelLoadException(file + ": key '" + key + "' must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        String optString(String key, String fallback) {
            JsonNode v = root.get(key);
            return v == null || v.isNull() ? fallback : v.asText();
        }
    }
}
