package org.hetabench.core.model;

/**
 * How Hessian-vector products are computed.
 *
 * @param kind exact double backward, or a central difference of exact gradients
 * @param epsilon step of the central difference (ignored for exact)
 */
public record HvpMode(Kind kind, double epsilon) {

    /** The two ways to get {@code H v}. */
    public enum Kind {
        /**
         * Pearlmutter's double backward through libtorch ({@code create_graph=true}). Exact, but DJL
         * 0.36 cannot reset {@code .grad}, so each call leaks native memory (djl.md §3). Use in
         * short-lived processes and as a test oracle.
         */
        EXACT,
        /** {@code (grad(X + eps v) - grad(X - eps v)) / 2 eps} on exact autograd gradients. */
        CENTRAL_DIFFERENCE
    }

    public HvpMode {
        if (kind == Kind.CENTRAL_DIFFERENCE && !(epsilon > 0)) {
            throw new IllegalArgumentException("central-difference HVP needs epsilon > 0, got " + epsilon);
        }
    }

    /**
     * Default for a precision: central difference, eps 1e-5 in float64 and 1e-3 in float32 (djl.md §3; on the
     * golden HETA instance S is within 1.1e-4 at 1e-3 and 1.05e-3 at 3e-3).
     */
    public static HvpMode defaultFor(Precision p) {
        return new HvpMode(Kind.CENTRAL_DIFFERENCE, p == Precision.FLOAT64 ? 1e-5 : 1e-3);
    }

    public static HvpMode exact() {
        return new HvpMode(Kind.EXACT, 0);
    }

    /** Report label, e.g. {@code finite-difference(eps=1.0E-5)} or {@code exact}. */
    public String label() {
        return kind == Kind.EXACT ? "exact" : "finite-difference(eps=" + epsilon + ")";
    }
}
