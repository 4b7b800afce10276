package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.HvpMode;
import org.hetabench.core.model.Objective;
import org.hetabench.core.testing.ForwardingCausalLm;

/**
 * A decorator that records every request in which the protected BOS at position 0 was perturbed:
 * ids not starting with BOS, embedding rows whose first row differs from BOS's embedding, a key mask
 * hiding BOS, or a patch at position 0.
 */
final class ProtectionCheckingModel extends ForwardingCausalLm {
    private final int bos;
    private final double[] bosRow;
    final List<String> violations = new ArrayList<>();

    ProtectionCheckingModel(CausalLm inner) {
        super(inner);
        this.bos = inner.tokenizer().orElseThrow().bosId();
        this.bosRow = inner.embed(new int[] {bos})[0];
    }

    private void check(ForwardRequest r) {
        if (r.entryLayer() != 0) {
            return;
        }
        if (r.ids() != null && r.ids()[0] != bos) {
            violations.add("ids start with " + r.ids()[0] + ": " + Arrays.toString(r.ids()));
        }
        if (r.embeddings() != null && !Arrays.equals(r.embeddings()[0], bosRow)) {
            violations.add("embedding row 0 differs from BOS's");
        }
        if (r.keyMask() != null) {
            for (boolean[] row : r.keyMask()) {
                if (!row[0]) {
                    violations.add("key mask hides BOS");
                    break;
                }
            }
        }
        for (ForwardRequest.Patch p : r.patches()) {
            if (p.position() == 0) {
                violations.add("patch at BOS");
            }
        }
    }

    @Override
    public List<ForwardResult> forward(List<ForwardRequest> batch) {
        batch.forEach(this::check);
        return inner.forward(batch);
    }

    @Override
    public List<GradientResult> gradient(List<ForwardRequest> inputs, List<Objective> objectives) {
        inputs.forEach(this::check);
        return inner.gradient(inputs, objectives);
    }

    @Override
    public List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        check(input);
        return inner.hvp(input, objective, directions, mode);
    }

    @Override
    public List<double[]> hvpBlocks(ForwardRequest input, Objective objective, List<BlockProbe> probes, HvpMode mode) {
        check(input);
        return inner.hvpBlocks(input, objective, probes, mode);
    }
}
