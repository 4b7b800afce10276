package org.hetabench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.hetabench.core.io.ModelLoadException;

/**
 * The canonical weights of a {@link TransformerModel}, validated against the config and cast once to
 * the model's precision at load time (never inside a graph: casting activations would cut the autograd
 * path; djl.md §4). They live in the model's base manager for the life of the model.
 */
final class TransformerWeights {
    private final String name;
    private final ModelConfig cfg;
    private final NativeArrays arrays;
    private final Map<String, NDArray> w = new HashMap<>();

    /** @throws ModelLoadException if a required tensor is missing or has the wrong shape */
    TransformerWeights(String name, ModelConfig cfg, Map<String, TensorData> tensors, NativeArrays arrays) {
        this.name = name;
        this.cfg = cfg;
        this.arrays = arrays;
        int d = cfg.hiddenSize();
        require(tensors, "embed", cfg.vocabSize(), d);
        if (cfg.positions() == ModelConfig.Positions.LEARNED) {
            require(tensors, "pos_embed", cfg.maxPositions(), d);
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            String p = "layers." + l + ".";
            require(tensors, p + "attn_norm.weight", d);
            optional(tensors, p + "attn_norm.bias", d);
            require(tensors, p + "q.weight", cfg.attentionWidth(), d);
            require(tensors, p + "k.weight", cfg.kvWidth(), d);
            require(tensors, p + "v.weight", cfg.kvWidth(), d);
            optional(tensors, p + "q.bias", cfg.attentionWidth());
            optional(tensors, p + "k.bias", cfg.kvWidth());
            optional(tensors, p + "v.bias", cfg.kvWidth());
            require(tensors, p + "o.weight", d, cfg.attentionWidth());
            optional(tensors, p + "o.bias", d);
            if (!cfg.parallelBlock()) {
                require(tensors, p + "mlp_norm.weight", d);
                optional(tensors, p + "mlp_norm.bias", d);
            }
            if (cfg.mlp() == ModelConfig.Mlp.GATED_SILU) {
                require(tensors, p + "gate.weight", cfg.intermediateSize(), d);
                optional(tensors, p + "gate.bias", cfg.intermediateSize());
            }
            require(tensors, p + "up.weight", cfg.intermediateSize(), d);
            optional(tensors, p + "up.bias", cfg.intermediateSize());
            require(tensors, p + "down.weight", d, cfg.intermediateSize());
            optional(tensors, p + "down.bias", d);
        }
        require(tensors, "final_norm.weight", d);
        optional(tensors, "final_norm.bias", d);
        if (!cfg.tiedEmbeddings()) {
            require(tensors, "lm_head.weight", cfg.vocabSize(), d);
        }
        optional(tensors, "lm_head.bias", cfg.vocabSize());
        for (Map.Entry<String, NDArray> e : w.entrySet()) {
            e.getValue().setName(e.getKey());
        }
    }

    /** The weight called {@code key}, or null for an absent optional one (a bias). */
    NDArray get(String key) {
        return w.get(key);
    }

    private void require(Map<String, TensorData> t, String key, long... shape) {
        TensorData td = t.get(key);
        if (td == null) {
            throw new ModelLoadException("Missing tensor '" + key + "' for " + name + " (" + cfg.family()
                    + ", expected shape " + Arrays.toString(shape) + ")");
        }
        put(td, key, shape);
    }

    private void optional(Map<String, TensorData> t, String key, long... shape) {
        TensorData td = t.get(key);
        if (td != null) {
            put(td, key, shape);
        }
    }

    private void put(TensorData td, String key, long[] shape) {
        if (!Arrays.equals(td.shape(), shape)) {
            throw new ModelLoadException("Tensor '" + key + "' of " + name + " has shape " + Arrays.toString(td.shape())
                    + ", expected " + Arrays.toString(shape) + " from the config");
        }
        NDArray a = arrays.manager().create(td.data(), new Shape(shape), DataType.FLOAT32);
        if (arrays.dataType() != DataType.FLOAT32) {
            NDArray b = a.toType(arrays.dataType(), true);
            a.close();
            a = b;
        }
        w.put(key, a);
    }
}
