package org.hetabench.core.attribution.heta;

import java.util.List;

/**
 * A low-rank stand-in {@code H̃} for the Hessian of HETA's curvature term: a sum of terms
 * {@code Π_G U C Uᵀ Π_G}, each living on a range G of consecutive tokens, with {@code U} a
 * {@code |G|·d × k} factor and {@code C} a {@code k × k} core. The global approximations
 * (Nyström, range finder) have one term over all tokens; the blockwise one has one term per group.
 *
 * <p>{@code S_i} needs only the diagonal block of token i: {@code Π_i H̃ Π_i r = Σ_G U_i C U_iᵀ r},
 * with {@code U_i} the {@code d × k} rows of token i, so it costs {@code O(d k + k²)} per probe and never
 * forms {@code H̃}.
 */
public final class LowRankHessian {

    /**
     * One term {@code Π_G U C Uᵀ Π_G}.
     *
     * @param from first token of G
     * @param to one past the last token of G
     * @param factor {@code U} as {@code [to − from][d][k]}: the d × k block of each token of G
     * @param core {@code C}, {@code k × k}
     */
    public record Term(int from, int to, double[][][] factor, double[][] core) {
        public Term {
            if (factor.length != to - from) {
                throw new IllegalArgumentException("factor covers " + factor.length + " tokens, the range ["
                        + from + ", " + to + ") has " + (to - from));
            }
        }

        /** The rank k of this term. */
        public int rank() {
            return core.length;
        }
    }

    private final int length;
    private final int width;
    private final List<Term> terms;

    /**
     * @param length T
     * @param width d
     * @param terms the terms, each inside {@code [0, T)}
     */
    public LowRankHessian(int length, int width, List<Term> terms) {
        this.length = length;
        this.width = width;
        this.terms = List.copyOf(terms);
        for (Term term : this.terms) {
            if (term.from() < 0 || term.to() > length || term.from() >= term.to()) {
                throw new IllegalArgumentException("term on tokens [" + term.from() + ", " + term.to()
                        + ") is outside [0, " + length + ")");
            }
        }
    }

    /** The terms. */
    public List<Term> terms() {
        return terms;
    }

    /** The sum of the terms' ranks. */
    public int rank() {
        int k = 0;
        for (Term term : terms) {
            k += term.rank();
        }
        return k;
    }

    /** {@code Π_i H̃ Π_i r}: the diagonal block of token i applied to a d-vector. */
    public double[] blockProduct(int i, double[] r) {
        double[] out = new double[width];
        for (Term term : terms) {
            if (i < term.from() || i >= term.to()) {
                continue;
            }
            double[][] ui = term.factor()[i - term.from()];
            double[][] core = term.core();
            int k = core.length;
            double[] u = new double[k];
            for (int b = 0; b < k; b++) {
                double acc = 0;
                for (int c = 0; c < width; c++) {
                    acc += ui[c][b] * r[c];
                }
                u[b] = acc;
            }
            double[] w = new double[k];
            for (int a = 0; a < k; a++) {
                double acc = 0;
                for (int b = 0; b < k; b++) {
                    acc += core[a][b] * u[b];
                }
                w[a] = acc;
            }
            for (int c = 0; c < width; c++) {
                double acc = 0;
                for (int b = 0; b < k; b++) {
                    acc += ui[c][b] * w[b];
                }
                out[c] += acc;
            }
        }
        return out;
    }

    /**
     * {@code S_i = (1/m) Σ_k ‖Π_i H̃ Π_i r_k‖₁} on this approximation (heta.md §3).
     *
     * @param probes {@code [T][m][d]}
     */
    public double[] curvature(double[][][] probes) {
        double[] s = new double[length];
        for (int i = 0; i < length; i++) {
            int m = probes[i].length;
            for (double[] r : probes[i]) {
                double l1 = 0;
                for (double v : blockProduct(i, r)) {
                    l1 += Math.abs(v);
                }
                s[i] += l1 / m;
            }
        }
        return s;
    }

    /** The full product {@code H̃ v} of a {@code T × d} direction (for checks; costs {@code O(T d k)}). */
    public double[][] apply(double[][] v) {
        double[][] out = new double[length][width];
        for (Term term : terms) {
            int k = term.rank();
            double[] u = new double[k];
            for (int j = term.from(); j < term.to(); j++) {
                double[][] uj = term.factor()[j - term.from()];
                for (int c = 0; c < width; c++) {
                    for (int b = 0; b < k; b++) {
                        u[b] += uj[c][b] * v[j][c];
                    }
                }
            }
            double[] w = new double[k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    w[a] += term.core()[a][b] * u[b];
                }
            }
            for (int j = term.from(); j < term.to(); j++) {
                double[][] uj = term.factor()[j - term.from()];
                for (int c = 0; c < width; c++) {
                    double acc = 0;
                    for (int b = 0; b < k; b++) {
                        acc += uj[c][b] * w[b];
                    }
                    out[j][c] += acc;
                }
            }
        }
        return out;
    }
}
