package org.hetabench.core.attribution.methods;

/**
 * Gauss–Legendre nodes and weights mapped to [0, 1] (methods.md Appendix A): Newton iteration on the
 * Legendre recurrence, as Captum's default Integrated-Gradients quadrature uses them.
 */
public final class GaussLegendre {
    private final double[] nodes;
    private final double[] weights;

    private GaussLegendre(double[] nodes, double[] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /** The {@code m}-point rule on [0, 1], nodes ascending, weights summing to 1. */
    public static GaussLegendre of(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("Gauss-Legendre needs at least one node, got " + m);
        }
        double[] a = new double[m];
        double[] w = new double[m];
        for (int k = 1; k <= m; k++) {
            double t = Math.cos(Math.PI * (k - 0.25) / (m + 0.5));
            for (int it = 0; it < 100; it++) {
                double[] pd = legendre(m, t);
                double step = pd[0] / pd[1];
                t -= step;
                if (Math.abs(step) < 1e-15) {
                    break;
                }
            }
            double dp = legendre(m, t)[1];
            double big = 2 / ((1 - t * t) * dp * dp);
            // roots come out descending in t; store ascending
            a[m - k] = (1 + t) / 2;
            w[m - k] = big / 2;
        }
        return new GaussLegendre(a, w);
    }

    /** {P_m(t), P_m'(t)}. */
    private static double[] legendre(int m, double t) {
        double prev = 1;
        double p = t;
        for (int j = 2; j <= m; j++) {
            double next = ((2 * j - 1) * t * p - (j - 1) * prev) / j;
            prev = p;
            p = next;
        }
        if (m == 1) {
            // P_1 = t, P_1' = 1 (the general formula divides 0 by 0 nowhere, but keep it explicit)
            return new double[] {t, 1};
        }
        return new double[] {p, m * (t * p - prev) / (t * t - 1)};
    }

    public double[] nodes() {
        return nodes.clone();
    }

    public double[] weights() {
        return weights.clone();
    }
}
