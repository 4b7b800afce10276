package org.hetabench.evaluation.metrics;

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
 * The toy model of spec §15: V = 5, d = 4, {@code logits = W · tanh(Σ_i w[i] · E[i])}, no positions, so a zero
 * embedding row has no effect. Counts the rows it runs.
 */
final class ToyModel implements CausalLm {
    static final double[][] EMB = {{0.5, -0.3, 0.8, 0.1}, {-0.7, 0.4, 0.2, 0.9}, {0.3, 0.6, -0.5, -0.4},
        {0.9, -0.8, 0.1, 0.3}, {-0.2, -0.6, 0.7, -0.9}};
    static final double[][] W = {{1.2, -0.7, 0.4, 0.9}, {-0.5, 1.1, 0.8, -0.3}, {0.7, 0.2, -1.3, 0.6},
        {-0.9, -0.4, 0.5, 1.4}, {0.3, 0.9, 0.6, -1.1}};
    private final double[] w;
    int rows;
    int calls;

    ToyModel(double... positionWeights) {
        this.w = positionWeights.clone();
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public ModelConfig config() {
        return new ModelConfig("toy", 5, 4, 1, 1, 1, 4, 4, w.length, ModelConfig.Norm.RMS, 1e-5,
                ModelConfig.Positions.LEARNED, null, false, ModelConfig.Mlp.GATED_SILU, false);
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.empty();
    }

    @Override
    public double[][] embed(int[] ids) {
        double[][] e = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            e[i] = EMB[ids[i]].clone();
        }
        return e;
    }

    double[] logits(double[][] e) {
        double[] h = new double[4];
        for (int i = 0; i < e.length; i++) {
            for (int k = 0; k < 4; k++) {
                h[k] += w[i] * e[i][k];
            }
        }
        double[] z = new double[5];
        for (int v = 0; v < 5; v++) {
            for (int k = 0; k < 4; k++) {
                z[v] += W[v][k] * Math.tanh(h[k]);
            }
        }
        return z;
    }

    @Override
    public List<ForwardResult> forward(List<ForwardRequest> batch) {
        calls++;
        List<ForwardResult> out = new ArrayList<>();
        for (ForwardRequest r : batch) {
            rows++;
            if (!r.patches().isEmpty()) {
                throw new UnsupportedOperationException("the toy has no residual stream");
            }
            double[][] e = r.ids() != null ? embed(r.ids()) : r.embeddings();
            double[][] all = null;
            if (r.captures(ForwardRequest.Capture.LOGITS_ALL)) {
                all = new double[e.length][];
                for (int t = 0; t < e.length; t++) {
                    all[t] = logits(java.util.Arrays.copyOf(e, t + 1));
                }
            }
            out.add(new ForwardResult(logits(e), all, null, null, null));
        }
        return out;
    }

    @Override
    public List<GradientResult> gradient(List<ForwardRequest> inputs, List<Objective> objectives) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AttentionWeights attentionWeights(int layer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PassCounter passes() {
        return new PassCounter();
    }

    @Override
    public int maxBatch() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void setMaxBatch(int rows) {}

    @Override
    public void close() {}
}
