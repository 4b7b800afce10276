package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.HvpMode;
import org.hetabench.core.model.Objective;

/**
 * HETA's curvature term (heta.md §3; paper Eq. 5–6):
 * {@code S_i = (1/m) Σ_k ‖Π_i H (Π_i r_k)‖_1} with {@code H = ∇²_X g} by block-Hutchinson
 * Hessian-vector products, plus the Nyström low-rank ({@code LR-r}) and gradient-squared
 * ({@code GS}) stand-ins.
 *
 * <p>All T·m block probes of an instance go to {@link CausalLm#hvpBlocks} together; the model batches
 * them (2·maxBatch/2 rows per native call for central differences) and, since only the probed block
 * is needed, runs each row on the suffix from the probed token over the clean prefix's keys and values.
 * The naive schedule sends one full HVP per call, as the authors' release does.
 */
public final class CurvatureSensitivity {

    /**
     * A curvature result.
     *
     * @param values {@code S_i}
     * @param note how it was obtained (shown in result notes), or null
     */
    public record Outcome(double[] values, String note) {}

    private CurvatureSensitivity() {}

    /**
     * Block-Hutchinson curvature.
     *
     * @param input the sequence (embeddings or entry residual), its rows {@code x}
     * @param probes {@code [T][m][d]}, probe k of token i lives on block i
     * @param oneAtATime the naive schedule
     */
    public static Outcome blockHutchinson(CausalLm model, ForwardRequest input, Objective objective,
                                          double[][][] probes, HvpMode mode, boolean oneAtATime) {
        int t = input.length();
        int m = probes[0].length;
        double[] s = new double[t];
        if (!oneAtATime) {
            List<CausalLm.BlockProbe> all = new ArrayList<>(t * m);
            for (int i = 0; i < t; i++) {
                for (int k = 0; k < m; k++) {
                    all.add(new CausalLm.BlockProbe(i, probes[i][k]));
                }
            }
            List<double[]> hv = model.hvpBlocks(input, objective, all, mode);
            for (int q = 0; q < all.size(); q++) {
                s[q / m] += l1(hv.get(q)) / m;
            }
            return new Outcome(s, null);
        }
        // the release's structure: one full HVP per (token, probe), all of its blocks computed
        for (int q = 0; q < t * m; q++) {
            int i = q / m;
            double[][] v = new CausalLm.BlockProbe(i, probes[i][q % m]).direction(t);
            double[][] hv = model.hvp(input, objective, java.util.Collections.singletonList(v), mode).get(0);
            s[i] += l1(hv[i]) / m;
        }
        return new Outcome(s, null);
    }

    /**
     * Nyström curvature ({@code LR-r}): {@code Y = HΩ} from r Gaussian directions (r HVPs, whatever
     * T is), {@code H ≈ Y (ΩᵀY)^+ Yᵀ}, then {@code S_i} on the approximation with the same probes:
     * {@code Π_i H̃ Π_i r = Y_i (ΩᵀY)^+ Y_iᵀ r} with {@code Y_i} the d × r block of token i.
     *
     * @param random the Gaussian stream of this window
     * @param tolerance relative eigenvalue cut of the pseudo-inverse
     */
    public static Outcome nystrom(CausalLm model, ForwardRequest input, Objective objective, double[][][] probes,
                                  int rank, SplittableRandom random, double tolerance, HvpMode mode,
                                  boolean oneAtATime, long budget) {
        int t = input.length();
        int m = probes[0].length;
        int d = probes[0][0].length;
        List<double[][]> omega = new ArrayList<>(rank);
        for (int a = 0; a < rank; a++) {
            double[][] w = new double[t][d];
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < d; c++) {
                    w[i][c] = InformationTerm.gaussian(random);
                }
            }
            omega.add(w);
        }
        int perCall = oneAtATime ? 1 : chunk(rank, t, d, budget);
        List<double[][]> y = new ArrayList<>(rank);
        for (int start = 0; start < rank; start += perCall) {
            y.addAll(model.hvp(input, objective, omega.subList(start, Math.min(rank, start + perCall)), mode));
        }
        double[][] core = new double[rank][rank];
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < rank; b++) {
                core[a][b] = dot(omega.get(a), y.get(b));
            }
        }
        SymmetricEigen eig = new SymmetricEigen(core);
        double[][] pinv = eig.pseudoInverse(tolerance);
        int kept = eig.rank(tolerance);
        double[] s = new double[t];
        double[][] yi = new double[d][rank];
        double[] u = new double[rank];
        double[] w = new double[rank];
        for (int i = 0; i < t; i++) {
            for (int c = 0; c < d; c++) {
                for (int b = 0; b < rank; b++) {
                    yi[c][b] = y.get(b)[i][c];
                }
            }
            for (int k = 0; k < m; k++) {
                double[] r = probes[i][k];
                for (int b = 0; b < rank; b++) {
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += yi[c][b] * r[c];
                    }
                    u[b] = acc;
                }
                for (int a = 0; a < rank; a++) {
                    double acc = 0;
                    for (int b = 0; b < rank; b++) {
                        acc += pinv[a][b] * u[b];
                    }
                    w[a] = acc;
                }
                double l1 = 0;
                for (int c = 0; c < d; c++) {
                    double acc = 0;
                    for (int b = 0; b < rank; b++) {
                        acc += yi[c][b] * w[b];
                    }
                    l1 += Math.abs(acc);
                }
                s[i] += l1 / m;
            }
        }
        String note = kept < rank ? "Nystrom core (Omega^T Y) kept " + kept + " of " + rank
                + " eigenvalues above relative tolerance " + tolerance : null;
        return new Outcome(s, note);
    }

    /** {@code GS}: {@code S_i = ‖∇_{x_i} g‖²₂} from one gradient, no HVP. Also returns the gradient. */
    public static GradientResult gradient(CausalLm model, ForwardRequest input, Objective objective) {
        return model.gradient(input, objective);
    }

    /** Squared L2 norm of each row. */
    public static double[] rowSquaredNorms(double[][] g) {
        double[] s = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            for (double v : g[i]) {
                s[i] += v * v;
            }
        }
        return s;
    }

    private static int chunk(int n, int t, int d, long budget) {
        return (int) Math.max(1, Math.min(n, budget / ((long) t * d)));
    }

    private static double l1(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.abs(x);
        }
        return s;
    }

    private static double dot(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                s += a[i][c] * b[i][c];
            }
        }
        return s;
    }
}
