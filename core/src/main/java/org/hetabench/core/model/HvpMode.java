package org.hetabench.core.model;

/**
 * How Hessian-vector products are computed.
 *
 * @param kind exact double backward, or a central or forward difference of exact gradients
 * @param epsilon step of the difference (ignored for exact)
 */
public record HvpMode(Kind kind, double epsilon) {

    /** The ways to get {@code H v}. */
    public enum Kind {
        /**
         * Pearlmutter's double backward through libtorch ({@code create_graph=true}). Exact, but DJL
         * 0.36 cannot reset {@code .grad}, so each call leaks native memory (djl.md §3). Use in
         * short-lived processes and as a test oracle.
         */
        EXACT("exact"),
        /** {@code (grad(X + eps v) - grad(X - eps v)) / 2 eps} on exact autograd gradients: O(eps²) error. */
        CENTRAL_DIFFERENCE("finite-difference"),
        /**
         * {@code (grad(X + eps v) - grad(X)) / eps}: one gradient per direction plus one clean gradient
         * shared by a batch of directions, about half the passes of the central difference, at an O(eps)
         * error.
         */
        FORWARD_DIFFERENCE("forward-difference");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The {@code heta.hvp.mode} value. */
        public String key() {
            return key;
        }
    }

    public HvpMode {
        if (kind != Kind.EXACT && !(epsilon > 0)) {
            throw new IllegalArgumentException("finite-difference HVP needs epsilon > 0, got " + epsilon);
        }
    }

    /**
     * Default for a precision: central difference, eps 1e-5 in float64 and 1e-3 in float32 (djl.md §3; on the
     * golden HETA instance S is within 1.1e-4 at 1e-3 and 1.05e-3 at 3e-3).
     */
    public static HvpMode defaultFor(Precision p) {
        return new HvpMode(Kind.CENTRAL_DIFFERENCE, p == Precision.FLOAT64 ? 1e-5 : 1e-3);
    }

    /**
     * Default step of a kind for a precision. Central difference: see {@link #defaultFor(Precision)}.
     * Forward difference: eps 3e-4 in float32, where truncation (first order) and rounding balance on the
     * golden HETA instance (S within 4.5e-4, against 1.3e-3 at 1e-4 and 1.6e-3 at 1e-3), and 1e-5 in
     * float64 (S within 1.8e-5; at 1e-6 it is 1.8e-6, but rounding then differs by 1e-10 between batch
     * sizes, which the determinism tests hold to 1e-10). See docs/heta-hvp.md.
     */
    public static HvpMode defaultFor(Precision p, Kind kind) {
        return switch (kind) {
            case EXACT -> exact();
            case CENTRAL_DIFFERENCE -> defaultFor(p);
            case FORWARD_DIFFERENCE -> new HvpMode(Kind.FORWARD_DIFFERENCE, p == Precision.FLOAT64 ? 1e-5 : 3e-4);
        };
    }

    public static HvpMode exact() {
        return new HvpMode(Kind.EXACT, 0);
    }

    /** Report label, e.g. {@code finite-difference(eps=1.0E-5)}, {@code forward-difference(eps=0.001)} or {@code exact}. */
    public String label() {
        return kind == Kind.EXACT ? kind.key() : kind.key() + "(eps=" + epsilon + ")";
    }
}
