package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.core.model.ForwardRequest;

/**
 * Re-runs the attribution under test on a perturbed input (for sensitivity, spec §6.1): the input is an
 * embeddings request ({@link ForwardRequest#ofEmbeddings}) with the same length, target and target
 * position as the instance; the result is one raw score per context position.
 */
@FunctionalInterface
public interface Reattributor {

    double[] attribute(ForwardRequest perturbedInput);

    /** Batched form; override to share passes between the perturbed inputs. */
    default List<double[]> attributeAll(List<ForwardRequest> inputs) {
        List<double[]> out = new ArrayList<>(inputs.size());
        for (ForwardRequest r : inputs) {
            out.add(attribute(r));
        }
        return out;
    }
}
