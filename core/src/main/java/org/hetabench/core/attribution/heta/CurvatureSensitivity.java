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
 * Hessian-vector products, plus the low-rank ({@code LR-r}, {@link LowRankCurvature}) and
 * gradient-squared ({@code GS}) stand-ins.
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
     * @param hvps Hessian-vector products it took, or −1 when not counted here
     */
    public record Outcome(double[] values, String note, long hvps) {

        /** An outcome whose HVP count is not reported separately. */
        public Outcome(double[] values, String note) {
            this(values, note, -1);
        }
    }

    private CurvatureSensitivity() {}

    /**
     * Block-Hutchinson curvature.
     *
     * @param input the sequence (embeddings or entry residual), its rows {@code x}
     * @param probes {@code [T][m][d]}, probe k of token i lives on block i; a null row leaves that token
     *     unprobed (S = 0 there, no HVP spent)
     * @param oneAtATime the naive schedule
     */
    public static Outcome blockHutchinson(CausalLm model, ForwardRequest input, Objective objective,
                                          double[][][] probes, HvpMode mode, boolean oneAtATime) {
        int t = input.length();
        int m = java.util.Arrays.stream(probes).filter(java.util.Objects::nonNull).findFirst().map(r -> r.length).orElse(1);
        double[] s = new double[t];
        if (!oneAtATime) {
            List<CausalLm.BlockProbe> all = new ArrayList<>(t * m);
            for (int i = 0; i < t; i++) {
                for (int k = 0; probes[i] != null && k < m; k++) {
                    all.add(new CausalLm.BlockProbe(i, probes[i][k]));
                }
            }
            List<double[]> hv = model.hvpBlocks(input, objective, all, mode);
            for (int q = 0; q < all.size(); q++) {
                s[all.get(q).position()] += l1(hv.get(q)) / m;
            }
            return new Outcome(s, null);
        }
        // the release's structure: one full HVP per (token, probe), all of its blocks computed
        for (int q = 0; q < t * m; q++) {
            int i = q / m;
            if (probes[i] == null) {
                continue;
            }
            double[][] v = new CausalLm.BlockProbe(i, probes[i][q % m]).direction(t);
            double[][] hv = model.hvp(input, objective, java.util.Collections.singletonList(v), mode).get(0);
            s[i] += l1(hv[i]) / m;
        }
        return new Outcome(s, null);
    }

    /**
     * Low-rank curvature ({@code LR-r}): {@code H̃} from {@link LowRankCurvature#approximate} with the
     * model's HVPs, then {@code S_i} on the approximation with the same probes:
     * {@code Π_i H̃ Π_i r = U_i C U_iᵀ r} with {@code U_i} the d × k rows of token i.
     *
     * @param method {@code heta.lr.method}
     * @param random the Gaussian stream of this window
     * @param tolerance {@code heta.lr.tolerance}
     * @param budget largest number of matrix entries per model call (directions × T × d)
     */
    public static Outcome lowRank(LowRankCurvature.Method method, CausalLm model, ForwardRequest input,
                                  Objective objective, double[][][] probes, int rank, SplittableRandom random,
                                  double tolerance, HvpMode mode, boolean oneAtATime, long budget) {
        int t = input.length();
        int d = probes[0][0].length;
        int perCall = oneAtATime ? 1 : chunk(rank, t, d, budget);
        LowRankCurvature.Approximation a = LowRankCurvature.approximate(method,
                hvpOperator(model, input, objective, mode, perCall), t, d, rank, random, tolerance);
        return new Outcome(a.hessian().curvature(probes), a.note(), a.hvps());
    }

    /**
     * The model's Hessian {@code v ↦ H v} at {@code input}, {@code perCall} directions per
     * {@link CausalLm#hvp} call (chunking bounds Java heap only).
     */
    public static HvpOperator hvpOperator(CausalLm model, ForwardRequest input, Objective objective, HvpMode mode,
                                          int perCall) {
        return directions -> {
            List<double[][]> out = new ArrayList<>(directions.size());
            for (int start = 0; start < directions.size(); start += perCall) {
                out.addAll(model.hvp(input, objective,
                        directions.subList(start, Math.min(directions.size(), start + perCall)), mode));
            }
            return out;
        };
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
}
