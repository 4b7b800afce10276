package org.hetabench.core.attribution.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gauss–Legendre (Appendix A) against closed-form nodes/weights and exactness on polynomials. */
class GaussLegendreTest {

    @Test
    void oneNodeIsTheMidpoint() {
        GaussLegendre g = GaussLegendre.of(1);
        assertArrayEquals(new double[] {0.5}, g.nodes(), 1e-15);
        assertArrayEquals(new double[] {1.0}, g.weights(), 1e-15);
    }

    @Test
    void twoAndThreeNodesMatchClosedForms() {
        // m = 2: t = ±1/√3, W = 1; m = 3: t = 0, ±√(3/5), W = 8/9, 5/9 (mapped to [0,1])
        GaussLegendre g2 = GaussLegendre.of(2);
        double r = 1 / Math.sqrt(3);
        assertArrayEquals(new double[] {(1 - r) / 2, (1 + r) / 2}, g2.nodes(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, g2.weights(), 1e-15);
        GaussLegendre g3 = GaussLegendre.of(3);
        double s = Math.sqrt(0.6);
        assertArrayEquals(new double[] {(1 - s) / 2, 0.5, (1 + s) / 2}, g3.nodes(), 1e-15);
        assertArrayEquals(new double[] {5.0 / 18, 8.0 / 18, 5.0 / 18}, g3.weights(), 1e-15);
    }

    @Test
    void integratesPolynomialsOfDegreeUpTo2mMinus1Exactly() {
        GaussLegendre g4 = GaussLegendre.of(4);
        assertEquals(1.0 / 8, integrate(g4, 7), 1e-15);
        assertTrue(Math.abs(integrate(g4, 8) - 1.0 / 9) > 1e-6, "degree 2m is not exact");
        GaussLegendre g50 = GaussLegendre.of(50);
        assertEquals(1.0 / 100, integrate(g50, 99), 1e-14);
        double sum = 0;
        for (double w : g50.weights()) {
            sum += w;
        }
        assertEquals(1.0, sum, 1e-14);
        double[] a = g50.nodes();
        for (int k = 1; k < a.length; k++) {
            assertTrue(a[k] > a[k - 1] && a[k] < 1 && a[0] > 0);
        }
        // symmetric about 1/2
        for (int k = 0; k < a.length; k++) {
            assertEquals(1.0, a[k] + a[a.length - 1 - k], 1e-14);
            assertEquals(g50.weights()[k], g50.weights()[a.length - 1 - k], 1e-14);
        }
    }

    @Test
    void riemannAndTrapezoidRulesFollowTheirDefinitions() {
        Quadrature left = Quadrature.of(Quadrature.Rule.RIEMANN_LEFT, 4);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, left.alphas(), 0);
        Quadrature right = Quadrature.of(Quadrature.Rule.RIEMANN_RIGHT, 4);
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1}, right.alphas(), 0);
        Quadrature mid = Quadrature.of(Quadrature.Rule.RIEMANN_MIDDLE, 4);
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, mid.alphas(), 0);
        Quadrature trap = Quadrature.of(Quadrature.Rule.TRAPEZOID, 5);
        assertArrayEquals(new double[] {0.125, 0.25, 0.25, 0.25, 0.125}, trap.weights(), 1e-15);
        Quadrature eq = Quadrature.of(Quadrature.Rule.EQUAL, 101);
        assertEquals(0.37, eq.alphas()[37], 1e-15);
        assertEquals(1.0 / 101, eq.weights()[100], 1e-15);
    }

    private static double integrate(GaussLegendre g, int degree) {
        double s = 0;
        for (int k = 0; k < g.nodes().length; k++) {
            s += g.weights()[k] * Math.pow(g.nodes()[k], degree);
        }
        return s;
    }
}
