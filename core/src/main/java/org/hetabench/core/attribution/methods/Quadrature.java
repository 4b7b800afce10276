package org.hetabench.core.attribution.methods;

import java.util.List;

/**
 * Quadrature rules on [0, 1] for Integrated Gradients (methods.md §2.4): nodes {@code alpha_k} and
 * weights {@code w_k} summing to 1.
 *
 * @param rule the rule
 * @param alphas the nodes
 * @param weights the weights
 */
public record Quadrature(Rule rule, double[] alphas, double[] weights) {

    /** The supported rules. */
    public enum Rule {
        /** Gauss–Legendre, Captum's default (Appendix A). */
        GAUSS_LEGENDRE("gauss-legendre"),
        /** {@code alpha_k = k/(m−1)}, k = 0..m−1, equal weights 1/m: sequential-rationales' EQ101 for m = 101. */
        EQUAL("equal"),
        /** Left Riemann sum {@code k/m}. */
        RIEMANN_LEFT("riemann-left"),
        /** Right Riemann sum {@code (k+1)/m}. */
        RIEMANN_RIGHT("riemann-right"),
        /** Midpoint rule {@code (k+½)/m}. */
        RIEMANN_MIDDLE("riemann-middle"),
        /** Trapezoid {@code k/(m−1)} with halved end weights. */
        TRAPEZOID("trapezoid");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Registry labels of every rule. */
        public static List<String> labels() {
            return java.util.Arrays.stream(values()).map(Rule::label).toList();
        }

        public static Rule fromLabel(String s) {
            for (Rule r : values()) {
                if (r.label.equals(s)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown quadrature rule " + s + "; allowed " + labels());
        }
    }

    /** The {@code m}-point version of {@code rule}. */
    public static Quadrature of(Rule rule, int m) {
        if (m < 1 || ((rule == Rule.TRAPEZOID || rule == Rule.EQUAL) && m < 2)) {
            throw new IllegalArgumentException("quadrature rule " + rule.label() + " needs more points, got " + m);
        }
        double[] a = new double[m];
        double[] w = new double[m];
        switch (rule) {
            case GAUSS_LEGENDRE: {
                GaussLegendre g = GaussLegendre.of(m);
                return new Quadrature(rule, g.nodes(), g.weights());
            }
            case EQUAL:
                for (int k = 0; k < m; k++) {
                    a[k] = (double) k / (m - 1);
                    w[k] = 1.0 / m;
                }
                break;
            case RIEMANN_LEFT:
            case RIEMANN_RIGHT:
            case RIEMANN_MIDDLE: {
                double off = rule == Rule.RIEMANN_LEFT ? 0 : rule == Rule.RIEMANN_RIGHT ? 1 : 0.5;
                for (int k = 0; k < m; k++) {
                    a[k] = (k + off) / m;
                    w[k] = 1.0 / m;
                }
                break;
            }
            case TRAPEZOID:
                for (int k = 0; k < m; k++) {
                    a[k] = (double) k / (m - 1);
                    w[k] = (k == 0 || k == m - 1 ? 0.5 : 1.0) / (m - 1);
                }
                break;
            default:
                throw new AssertionError(rule);
        }
        return new Quadrature(rule, a, w);
    }

    public int size() {
        return alphas.length;
    }
}
