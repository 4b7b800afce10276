package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.testing.ForwardingCausalLm;

/**
 * A real model whose captured residual streams report zeros at one position, so that HETA's
 * residual value norm (and hence the gate) of that token is exactly 0 while its curvature and
 * information terms are untouched. Closing it does not close the wrapped model.
 */
final class SilencedResidualLm extends ForwardingCausalLm {
    private final int position;

    SilencedResidualLm(CausalLm inner, int position) {
        super(inner);
        this.position = position;
    }

    @Override
    public String name() {
        return inner.name() + "-silenced-" + position;
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
    public void close() {
        // the wrapped model belongs to the test class
    }
}
