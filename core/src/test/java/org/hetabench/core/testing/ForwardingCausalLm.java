package org.hetabench.core.testing;

import java.util.List;
import java.util.Optional;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.HvpMode;
import org.hetabench.core.model.ModelConfig;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * A test decorator base: every {@link CausalLm} call goes to the wrapped model, including
 * {@link #hvpBlocks} (so the wrapped model's own fast path is used) and {@link #close}. Subclasses
 * override the calls they observe or alter.
 */
public abstract class ForwardingCausalLm implements CausalLm {
    protected final CausalLm inner;

    protected ForwardingCausalLm(CausalLm inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public ModelConfig config() {
        return inner.config();
    }

    @Override
    public Precision precision() {
        return inner.precision();
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return inner.tokenizer();
    }

    @Override
    public double[][] embed(int[] ids) {
        return inner.embed(ids);
    }

    @Override
    public List<ForwardResult> forward(List<ForwardRequest> batch) {
        return inner.forward(batch);
    }

    @Override
    public List<GradientResult> gradient(List<ForwardRequest> inputs, List<Objective> objectives) {
        return inner.gradient(inputs, objectives);
    }

    @Override
    public List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        return inner.hvp(input, objective, directions, mode);
    }

    @Override
    public List<double[]> hvpBlocks(ForwardRequest input, Objective objective, List<BlockProbe> probes, HvpMode mode) {
        return inner.hvpBlocks(input, objective, probes, mode);
    }

    @Override
    public AttentionWeights attentionWeights(int layer) {
        return inner.attentionWeights(layer);
    }

    @Override
    public PassCounter passes() {
        return inner.passes();
    }

    @Override
    public int maxBatch() {
        return inner.maxBatch();
    }

    @Override
    public void setMaxBatch(int rows) {
        inner.setMaxBatch(rows);
    }

    @Override
    public void close() {
        inner.close();
    }
}
