package org.hetabench.core.attribution.heta;

import java.util.List;

/**
 * A symmetric linear operator on {@code T × d} matrices, applied to a batch of directions: the Hessian
 * {@code H = ∇²_X g} of HETA's curvature term (heta.md §3), seen only through its products {@code H v}.
 * The low-rank approximations in {@link LowRankCurvature} take this instead of a model, so that their
 * arithmetic can be checked on a plain matrix; {@link CurvatureSensitivity#hvpOperator} wraps a model.
 */
@FunctionalInterface
public interface HvpOperator {

    /**
     * The products {@code H v}, one per direction, in order.
     *
     * @param directions each {@code T × d}, not modified
     * @return new arrays, {@code T × d} each
     */
    List<double[][]> apply(List<double[][]> directions);
}
