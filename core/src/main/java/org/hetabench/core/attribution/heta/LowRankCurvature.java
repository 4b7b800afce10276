package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The low-rank approximations {@code H̃ ≈ H} behind HETA's {@code LR-r} variant (heta.md §3), chosen
 * by {@code heta.lr.method}; {@code S_i} is then evaluated on {@code H̃} with the same Rademacher probes
 * as the full method ({@link LowRankHessian#curvature}). All three draw their Gaussian test directions
 * from the same seeded stream and see {@code H} only through an {@link HvpOperator}.
 *
 * <ul>
 *   <li>{@link Method#RANGE_FINDER} (default): randomized range finder (Halko, Martinsson, Tropp 2011,
 *       SIAM Review 53(2), Algorithms 4.1 and 5.1 for a symmetric matrix): {@code Y = HΩ},
 *       {@code Q = orth(Y)}, {@code B = Qᵀ(HQ)} symmetrised, {@code H̃ = Q B Qᵀ}. Two passes:
 *       {@code r + k ≤ 2r} HVPs, k the columns kept by the orthonormalisation. Valid for an indefinite
 *       {@code H}: the error is that of projecting onto the captured range.</li>
 *   <li>{@link Method#BLOCKWISE}: the same range finder run on each diagonal block {@code Π_G H Π_G} of
 *       g groups of consecutive tokens, with the rank split between the groups in proportion to their
 *       size; {@code S_i} reads only diagonal blocks, so no rank is spent on off-diagonal coupling.
 *       {@code g = max(1, min(T, ⌊r / 8⌋))} ({@link #MIN_GROUP_RANK}), so every group gets at least 8
 *       directions. The groups' HVPs are sent together: {@code ≤ 2r} HVPs in total.</li>
 *   <li>{@link Method#NYSTROM}: {@code Y = HΩ}, {@code H̃ = Y (ΩᵀY)^+ Yᵀ}, r HVPs. Exact for a
 *       positive semi-definite {@code H}, but the core {@code ΩᵀHΩ} of an indefinite {@code H} mixes
 *       eigenvalues of both signs and can be nearly singular, which its pseudo-inverse amplifies
 *       (measured: 151% relative error of S on stories260K, T = 31, r = 64).</li>
 * </ul>
 *
 * <p>Measured on stories260K, T = 128, m = 10, r = 64 (docs/heta-low-rank.md): relative L1 error of S
 * 0.47 (range finder), 0.58 (blockwise), 1.52 (Nyström); a 3-step subspace iteration, near the best
 * rank-64 subspace, still gives 0.41, so at this rank the error is the rank's, not the method's. The
 * range finder only shrinks S (measured {@code S_lr,i ≤ S_i} for every token), Nyström errs both ways.
 */
public final class LowRankCurvature {

    /** Smallest rank a group gets under {@link Method#BLOCKWISE}'s default group count. */
    public static final int MIN_GROUP_RANK = 8;

    /** The {@code heta.lr.method} values. */
    public enum Method {
        RANGE_FINDER("range-finder"), BLOCKWISE("blockwise"), NYSTROM("nystrom");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        /** The parameter value. */
        public String key() {
            return key;
        }
    }

    /**
     * An approximation and what it cost.
     *
     * @param hessian {@code H̃}
     * @param hvps Hessian-vector products used
     * @param note what was truncated (shown in result notes), or null
     */
    public record Approximation(LowRankHessian hessian, long hvps, String note) {}

    private LowRankCurvature() {}

    /**
     * Builds {@code H̃} with the given method.
     *
     * @param method {@code heta.lr.method}
     * @param hvp {@code v ↦ H v} on {@code length × width} matrices
     * @param rank r, at most {@code length · width}
     * @param random the Gaussian stream of this window
     * @param tolerance {@code heta.lr.tolerance}: the relative eigenvalue cut of Nyström's pseudo-inverse,
     *     or the relative column-norm cut of the range finder's orthonormalisation
     */
    public static Approximation approximate(Method method, HvpOperator hvp, int length, int width, int rank,
                                            SplittableRandom random, double tolerance) {
        if (rank < 1 || (long) rank > (long) length * width) {
            throw new IllegalArgumentException("rank " + rank + " is outside [1, T·d = " + length + "·" + width + " = "
                    + (long) length * width + "]");
        }
        switch (method) {
            case RANGE_FINDER:
                return rangeFinder(hvp, length, width, rank, random, tolerance);
            case BLOCKWISE:
                return blockwise(hvp, length, width, rank, groupCount(length, rank), random, tolerance);
            case NYSTROM:
                return nystrom(hvp, length, width, rank, random, tolerance);
            default:
                throw new AssertionError(method);
        }
    }

    /** Nyström: {@code Y = HΩ}, {@code H̃ = Y (ΩᵀY)^+ Yᵀ}; r HVPs. */
    public static Approximation nystrom(HvpOperator hvp, int length, int width, int rank, SplittableRandom random,
                                        double tolerance) {
        List<double[][]> omega = gaussian(random, rank, length, width, 0, length);
        List<double[][]> y = hvp.apply(omega);
        double[][] core = new double[rank][rank];
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < rank; b++) {
                core[a][b] = dot(omega.get(a), y.get(b), 0, length);
            }
        }
        SymmetricEigen eig = new SymmetricEigen(core);
        double[][] pinv = eig.pseudoInverse(tolerance);
        int kept = eig.rank(tolerance);
        LowRankHessian h = new LowRankHessian(length, width,
                List.of(new LowRankHessian.Term(0, length, factor(y, 0, length, width), pinv)));
        String note = kept < rank ? "Nystrom core (Omega^T Y) kept " + kept + " of " + rank
                + " eigenvalues above relative tolerance " + tolerance : null;
        return new Approximation(h, rank, note);
    }

    /** Range finder: {@code Q = orth(HΩ)}, {@code H̃ = Q sym(Qᵀ H Q) Qᵀ}; {@code r + k} HVPs. */
    public static Approximation rangeFinder(HvpOperator hvp, int length, int width, int rank, SplittableRandom random,
                                            double tolerance) {
        return blockwise(hvp, length, width, rank, 1, random, tolerance);
    }

    /**
     * The range finder on the diagonal blocks of {@code groups} groups of consecutive tokens
     * ({@link #groups}); {@code groups = 1} is the plain range finder. Gaussian directions are drawn
     * group by group, direction by direction, token by token; each is zero outside its group.
     */
    public static Approximation blockwise(HvpOperator hvp, int length, int width, int rank, int groups,
                                          SplittableRandom random, double tolerance) {
        int[][] g = groups(length, width, rank, groups);
        List<double[][]> omega = new ArrayList<>(rank);
        for (int[] grp : g) {
            omega.addAll(gaussian(random, grp[2], length, width, grp[0], grp[1]));
        }
        List<double[][]> y = hvp.apply(omega);
        // Ω is no longer needed and Q overwrites Y: at most 2r T × d matrices live at once, as in Nyström
        omega = null;
        List<List<double[][]>> q = new ArrayList<>(g.length);
        List<double[][]> all = new ArrayList<>(rank);
        int offset = 0;
        int dropped = 0;
        for (int[] grp : g) {
            List<double[][]> qg = orthonormalise(y.subList(offset, offset + grp[2]), grp[0], grp[1], length, width,
                    tolerance);
            dropped += grp[2] - qg.size();
            offset += grp[2];
            q.add(qg);
            all.addAll(qg);
        }
        y = null;
        List<double[][]> z = all.isEmpty() ? List.of() : hvp.apply(all);
        List<LowRankHessian.Term> terms = new ArrayList<>(g.length);
        offset = 0;
        for (int n = 0; n < g.length; n++) {
            List<double[][]> qg = q.get(n);
            int k = qg.size();
            if (k == 0) {
                continue;
            }
            int from = g[n][0];
            int to = g[n][1];
            double[][] b = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int c = 0; c < k; c++) {
                    b[a][c] = dot(qg.get(a), z.get(offset + c), from, to);
                }
            }
            // Qᵀ H Q is symmetric in exact arithmetic; HVPs (a central difference above all) are not exactly.
            for (int a = 0; a < k; a++) {
                for (int c = a + 1; c < k; c++) {
                    double s = 0.5 * (b[a][c] + b[c][a]);
                    b[a][c] = s;
                    b[c][a] = s;
                }
            }
            terms.add(new LowRankHessian.Term(from, to, factor(qg, from, to, width), b));
            offset += k;
        }
        String note = dropped > 0 ? "orthonormalisation dropped " + dropped + " of " + rank
                + " directions below relative norm tolerance " + tolerance : null;
        return new Approximation(new LowRankHessian(length, width, terms), (long) rank + all.size(), note);
    }

    /** The default group count of {@link Method#BLOCKWISE}: {@code max(1, min(T, ⌊r / 8⌋))}. */
    public static int groupCount(int length, int rank) {
        return Math.max(1, Math.min(length, rank / MIN_GROUP_RANK));
    }

    /**
     * Splits T tokens into {@code count} ranges of consecutive tokens ({@code [⌊jT/g⌋, ⌊(j+1)T/g⌋)}) and
     * r between them in proportion to their size, the remainder going to the largest fractional shares
     * (earlier groups first on ties). Since {@code r ≤ T·d}, no group gets more than its {@code |G|·d}.
     *
     * @return {@code {from, to, rank}} per group
     */
    public static int[][] groups(int length, int width, int rank, int count) {
        if (count < 1 || count > length) {
            throw new IllegalArgumentException("group count " + count + " is outside [1, T = " + length + "]");
        }
        int[][] g = new int[count][3];
        long[] remainder = new long[count];
        int given = 0;
        for (int j = 0; j < count; j++) {
            g[j][0] = (int) ((long) j * length / count);
            g[j][1] = (int) ((long) (j + 1) * length / count);
            long share = (long) rank * (g[j][1] - g[j][0]);
            g[j][2] = (int) (share / length);
            remainder[j] = share % length;
            given += g[j][2];
        }
        for (int left = rank - given; left > 0; left--) {
            int best = 0;
            for (int j = 1; j < count; j++) {
                if (remainder[j] > remainder[best]) {
                    best = j;
                }
            }
            g[best][2]++;
            remainder[best] = -1;
        }
        for (int[] grp : g) {
            if ((long) grp[2] > (long) (grp[1] - grp[0]) * width) {
                throw new IllegalArgumentException("rank " + grp[2] + " exceeds the " + (grp[1] - grp[0]) * width
                        + " dimensions of tokens [" + grp[0] + ", " + grp[1] + ")");
            }
        }
        return g;
    }

    /**
     * Orthonormal columns spanning {@code y} restricted to tokens {@code [from, to)}: modified Gram–Schmidt
     * in double, each column projected twice (once is not enough when Y is ill-conditioned, as a
     * Hessian's range is), a column dropped when its remaining norm is at most {@code tolerance} times
     * the largest column norm of {@code y} on the range. The result is zero outside the range.
     * Overwrites the arrays of {@code y} (the kept columns are returned in them; rows outside the range
     * become one shared zero row).
     */
    static List<double[][]> orthonormalise(List<double[][]> y, int from, int to, int length, int width,
                                           double tolerance) {
        double max = 0;
        for (double[][] v : y) {
            max = Math.max(max, Math.sqrt(dot(v, v, from, to)));
        }
        List<double[][]> q = new ArrayList<>(y.size());
        double[] zero = new double[width];
        for (double[][] w : y) {
            for (int j = 0; j < length; j++) {
                if (j < from || j >= to) {
                    w[j] = zero;
                }
            }
            for (int pass = 0; pass < 2; pass++) {
                for (double[][] p : q) {
                    double c = dot(p, w, from, to);
                    for (int j = from; j < to; j++) {
                        for (int e = 0; e < width; e++) {
                            w[j][e] -= c * p[j][e];
                        }
                    }
                }
            }
            double norm = Math.sqrt(dot(w, w, from, to));
            if (!(norm > tolerance * max) || norm == 0) {
                continue;
            }
            for (int j = from; j < to; j++) {
                for (int e = 0; e < width; e++) {
                    w[j][e] /= norm;
                }
            }
            q.add(w);
        }
        return q;
    }

    /** {@code count} directions, Gaussian on tokens {@code [from, to)}, zero elsewhere. */
    private static List<double[][]> gaussian(SplittableRandom random, int count, int length, int width, int from,
                                             int to) {
        List<double[][]> out = new ArrayList<>(count);
        for (int a = 0; a < count; a++) {
            double[][] w = new double[length][width];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < width; c++) {
                    w[i][c] = InformationTerm.gaussian(random);
                }
            }
            out.add(w);
        }
        return out;
    }

    /** The columns restricted to {@code [from, to)} as {@code [to − from][d][k]}. */
    private static double[][][] factor(List<double[][]> columns, int from, int to, int width) {
        int k = columns.size();
        double[][][] f = new double[to - from][width][k];
        for (int j = from; j < to; j++) {
            for (int c = 0; c < width; c++) {
                for (int b = 0; b < k; b++) {
                    f[j - from][c][b] = columns.get(b)[j][c];
                }
            }
        }
        return f;
    }

    private static double dot(double[][] a, double[][] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < a[i].length; c++) {
                s += a[i][c] * b[i][c];
            }
        }
        return s;
    }
}
