package org.hetabench.core.model;

/**
 * Architecture hyper-parameters of a decoder-only transformer, in one canonical form shared by every
 * supported family (Llama, Qwen2, Phi-3, GPT-J, GPT-2, llama2.c).
 *
 * @param family the family name as in Hugging Face {@code model_type} ({@code llama}, {@code qwen2},
 *     {@code phi3}, {@code gptj}, {@code gpt2}) or {@code llama2c}
 * @param vocabSize vocabulary size
 * @param hiddenSize residual width d
 * @param numLayers number of blocks L
 * @param numHeads query heads H
 * @param numKvHeads key/value heads (H for multi-head attention)
 * @param headDim per-head width
 * @param intermediateSize MLP width
 * @param maxPositions longest context the model accepts
 * @param norm normalisation kind
 * @param normEps epsilon of the normalisation
 * @param positions how positions enter
 * @param rope rotary settings, or null without rotary embeddings
 * @param parallelBlock GPT-J style: attention and MLP both read one normalised input
 * @param mlp MLP kind
 * @param tiedEmbeddings whether the output head reuses the token embedding matrix
 */
public record ModelConfig(
        String family,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        Norm norm,
        double normEps,
        Positions positions,
        Rope rope,
        boolean parallelBlock,
        Mlp mlp,
        boolean tiedEmbeddings) {

    /** Normalisation layers. */
    public enum Norm { RMS, LAYER }

    /** How position information enters the model. */
    public enum Positions { ROTARY, LEARNED }

    /** MLP forms. */
    public enum Mlp {
        /** {@code down(silu(gate x) * up x)} (Llama, Qwen2, Phi-3). */
        GATED_SILU,
        /** {@code out(gelu_tanh(in x + b) ) + b} (GPT-J, GPT-2). */
        GELU_TANH
    }

    /** Rotary layout. */
    public enum RopeStyle {
        /** Rotate adjacent pairs (2i, 2i+1): GPT-J, llama2.c, Meta's original Llama. */
        INTERLEAVED,
        /** Rotate the first half against the second half: Hugging Face Llama, Qwen2, Phi-3. */
        HALF
    }

    /**
     * Rotary position embedding settings.
     *
     * @param theta base
     * @param rotaryDim number of leading dimensions of each head that rotate (even)
     * @param style pair layout
     * @param scaling Llama 3.1 frequency scaling, or null
     */
    public record Rope(double theta, int rotaryDim, RopeStyle style, Llama3Scaling scaling) {
        public Rope {
            if (rotaryDim <= 0 || rotaryDim % 2 != 0) {
                throw new IllegalArgumentException("rotaryDim must be positive and even, got " + rotaryDim);
            }
        }
    }

    /** Llama 3.1 {@code rope_scaling} with {@code rope_type = llama3}. */
    public record Llama3Scaling(double factor, double lowFreqFactor, double highFreqFactor,
                                int originalMaxPositions) {}

    public ModelConfig {
        if (numHeads <= 0 || numKvHeads <= 0 || numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("numHeads " + numHeads + " must be a positive multiple of numKvHeads "
                    + numKvHeads);
        }
        if (positions == Positions.ROTARY && rope == null) {
            throw new IllegalArgumentException("rotary positions need rope settings");
        }
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Width of the concatenated query heads. */
    public int attentionWidth() {
        return numHeads * headDim;
    }

    /** Width of the concatenated key/value heads. */
    public int kvWidth() {
        return numKvHeads * headDim;
    }
}
