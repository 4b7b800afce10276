package org.hetabench.core.model;

import java.util.List;
import java.util.Optional;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * The model contract every attribution method and metric programs against (methods.md §1.6).
 *
 * <p>All batched calls pad on the left, give each row its own position ids starting at 0, and read
 * "the last position" per row; rows never interact, so results do not depend on how requests are
 * grouped. Outputs are plain Java arrays in double precision; native memory is released before each
 * call returns.
 */
public interface CausalLm extends AutoCloseable {

    /** A short display name (directory or file name). */
    String name();

    ModelConfig config();

    Precision precision();

    /** The model's tokenizer, if one was loaded with it. */
    Optional<Tokenizer> tokenizer();

    /** Token-embedding rows (methods.md §1.1: before positions, T x d). */
    double[][] embed(int[] ids);

    /** Runs a batch forward. */
    List<ForwardResult> forward(List<ForwardRequest> batch);

    default ForwardResult forward(ForwardRequest request) {
        return forward(List.of(request)).get(0);
    }

    /** Last-position logits of each id sequence. */
    default double[] lastLogits(int... ids) {
        return forward(ForwardRequest.ofIds(ids)).lastLogits();
    }

    /**
     * Gradients of one objective per row with respect to each row's input (embeddings, or the entry
     * residual stream).
     */
    List<GradientResult> gradient(List<ForwardRequest> inputs, List<Objective> objectives);

    default GradientResult gradient(ForwardRequest input, Objective objective) {
        return gradient(List.of(input), List.of(objective)).get(0);
    }

    /**
     * Hessian-vector products {@code H v} of {@code objective} at {@code input}, one per direction (each
     * T x d), batched.
     */
    List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode);

    /**
     * A block probe: {@code vector} on the d-block of token {@code position}, zero elsewhere.
     *
     * @param position token index in the input
     * @param vector the probe block (length d)
     */
    record BlockProbe(int position, double[] vector) {

        /** The full direction ({@code length} x d): the vector on its block, zero rows elsewhere. */
        public double[][] direction(int length) {
            double[] zero = new double[vector.length];
            double[][] v = new double[length][];
            for (int j = 0; j < length; j++) {
                v[j] = j == position ? vector : zero;
            }
            return v;
        }
    }

    /**
     * Diagonal-block Hessian-vector products {@code Π_i H Π_i v}: for each probe, the d-block at its own
     * position of {@code H} applied to the probe (heta.md §3). Only that block is returned, which lets an
     * implementation skip work the full {@link #hvp} must do; this default computes the full product and
     * keeps the block.
     */
    default List<double[]> hvpBlocks(ForwardRequest input, Objective objective, List<BlockProbe> probes,
                                     HvpMode mode) {
        List<double[][]> dirs = new java.util.ArrayList<>(probes.size());
        for (BlockProbe p : probes) {
            dirs.add(p.direction(input.length()));
        }
        List<double[][]> full = hvp(input, objective, dirs, mode);
        List<double[]> out = new java.util.ArrayList<>(probes.size());
        for (int q = 0; q < probes.size(); q++) {
            out.add(full.get(q)[probes.get(q).position()]);
        }
        return out;
    }

    /**
     * Attention weights of one layer in {@code nn.Linear} layout ({@code [out][in]}): {@code wv} is
     * {@code kvWidth x d} (value = h · wvᵀ), {@code wo} is {@code d x attentionWidth}; query head h reads
     * columns {@code h*headDim .. (h+1)*headDim-1} of {@code wo}.
     */
    AttentionWeights attentionWeights(int layer);

    /** Weights of one attention layer, see {@link #attentionWeights}. */
    record AttentionWeights(double[][] wv, double[] bv, double[][] wo) {}

    /** Work done by this model so far. */
    PassCounter passes();

    /** Largest number of sequences per native call; bigger batches are split. */
    int maxBatch();

    void setMaxBatch(int rows);

    @Override
    void close();
}
