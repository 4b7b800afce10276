package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
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
 * A real model whose captured residual streams report zeros at one position, so that HETA's
 * residual value norm (and hence the gate) of that token is exactly 0 while its curvature and
 * information terms are untouched. Closing it does not close the wrapped model.
 */
final class SilencedResidualLm implements CausalLm {
    private final CausalLm inner;
    private final int position;

    SilencedResidualLm(CausalLm inner, int position) {
        this.inner = inner;
        this.position = position;
    }

    @Override
    public String name() {
        return inner.name() + "-silenced-" + position;
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
        List<ForwardResult> out = new ArrayList<>();
        for (ForwardResult r : inner.forward(batch)) {
            if (r.residuals() != null) {
                for (double[][] layer : r.residuals()) {
                    if (layer != null) {
                        layer[position] = new double[layer[position].length];
                    }
                }
            }
            out.add(r);
        }
        return out;
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
        // the wrapped model belongs to the test class
    }
}
