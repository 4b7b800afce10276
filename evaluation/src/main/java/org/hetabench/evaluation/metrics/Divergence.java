package org.hetabench.evaluation.metrics;

/** Distances between two next-token distributions used by the metrics. */
public enum Divergence {
    /**
     * ReAGent's {@code hsq(p,q) = (1/√2) Σ (√p − √q)²} (spec §2.3) = √2·H²; range [0, √2]. Computed as a direct
     * sum of squares (not {@code √2(1 − Σ√(pq))}) to keep precision when p ≈ q.
     */
    HSQ,
    /** {@code KL(q ‖ p) = Σ q (ln q − ln p)}, probabilities clamped at 1e-10 (spec §2.10). */
    KL,
    /** Total variation {@code ½ Σ |q − p|} (spec §9). */
    TV;

    /** Distance between {@code p} and the reference {@code q}. */
    public double between(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions have lengths " + p.length + " and " + q.length);
        }
        double s = 0;
        switch (this) {
            case HSQ:
                for (int v = 0; v < p.length; v++) {
                    double d = Math.sqrt(p[v]) - Math.sqrt(q[v]);
                    s += d * d;
                }
                return s / Math.sqrt(2);
            case KL:
                for (int v = 0; v < p.length; v++) {
                    if (q[v] > 0) {
                        s += q[v] * (Math.log(Math.max(q[v], 1e-10)) - Math.log(Math.max(p[v], 1e-10)));
                    }
                }
                return s;
            case TV:
                for (int v = 0; v < p.length; v++) {
                    s += Math.abs(q[v] - p[v]);
                }
                return s / 2;
            default:
                throw new AssertionError(this);
        }
    }
}
