package org.hetabench.core.attribution.methods;

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
 * A hand-made "model" with known behaviour: the next-token logits give the target a high logit if and
 * only if a key token occurs among the ids seen so far, whatever its position; every other logit is 0.
 * Only id inputs are supported (what occlusion, ContextCite and ReAGent send).
 */
final class PresenceModel implements CausalLm {
    static final int VOCAB = 20;
    private final int key;
    private final int target;
    private final PassCounter passes = new PassCounter();
    private int maxBatch = 16;

    PresenceModel(int key, int target) {
        this.key = key;
        this.target = target;
    }

    private double[] logits(int[] ids, int upTo) {
        double[] z = new double[VOCAB];
        boolean present = false;
        for (int i = 0; i <= upTo; i++) {
            present |= ids[i] == key;
        }
        z[target] = present ? 4 : -4;
        // a fixed ramp so that other tokens have distinct, context-free logits
        for (int v = 0; v < VOCAB; v++) {
            if (v != target) {
                z[v] = 0.01 * v;
            }
        }
        return z;
    }

    @Override
    public List<ForwardResult> forward(List<ForwardRequest> batch) {
        List<ForwardResult> out = new ArrayList<>();
        for (ForwardRequest r : batch) {
            int[] ids = r.ids();
            if (ids == null) {
                throw new UnsupportedOperationException("PresenceModel takes ids only");
            }
            double[][] all = null;
            if (r.captures(ForwardRequest.Capture.LOGITS_ALL)) {
                all = new double[ids.length][];
                for (int t = 0; t < ids.length; t++) {
                    all[t] = logits(ids, t);
                }
            }
            out.add(new ForwardResult(logits(ids, ids.length - 1), all, null, null, null));
        }
        return out;
    }

    @Override
    public String name() {
        return "presence-model";
    }

    @Override
    public ModelConfig config() {
        return new ModelConfig("toy", VOCAB, 4, 1, 1, 1, 4, 4, 64, ModelConfig.Norm.RMS, 1e-5,
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
        throw new UnsupportedOperationException();
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
        return passes;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void setMaxBatch(int rows) {
        maxBatch = rows;
    }

    @Override
    public void close() {}
}
