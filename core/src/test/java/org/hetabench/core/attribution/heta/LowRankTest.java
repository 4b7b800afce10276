package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.HvpMode;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.Precision;
import org.hetabench.core.model.TestCheckpoints;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heta.lr.method} (heta.md §3, {@link LowRankCurvature}) against dense computations done here in
 * plain Java: the Hessian of a tiny GPT-2 assembled column by column from HVPs of unit vectors, and
 * symmetric indefinite matrices built from a known spectrum and a random orthogonal basis.
 */
class LowRankTest {
    static final int[] CONTEXT = {3, 17, 29, 8, 40};
    static final int TARGET = 5;
    static final List<String> METHODS = List.of("range-finder", "blockwise", "nystrom");

    @TempDir
    static Path tmp;
    static CausalLm toy;

    @BeforeAll
    static void load() {
        Path dir = tmp.resolve("gpt2");
        TestCheckpoints.gpt2(dir, true, 7);
        toy = ModelLoader.load(dir, Precision.FLOAT64);
    }

    @AfterAll
    static void close() {
        toy.close();
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("heta.hvp.samples", "4");
        m.put("heta.hvp.mode", "exact");
        m.put("heta.ablation", "hessian-only");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static AttributionRequest request(int[] ctx, Map<String, String> p) {
        return AttributionRequest.of(toy, "toy-" + ctx.length, ctx, TARGET, p, 3);
    }

    // ---- the tiny model: full rank is exact ------------------------------------------------------------

    @Test
    void fullRankEqualsTheDenseHessianForEveryMethod() {
        int t = CONTEXT.length;
        int d = toy.config().hiddenSize();
        int n = t * d;
        // the dense Hessian, column j = H e_j, from n exact HVPs
        ForwardRequest input = ForwardRequest.ofEmbeddings(toy.embed(CONTEXT));
        List<double[][]> units = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            double[][] e = new double[t][d];
            e[j / d][j % d] = 1;
            units.add(e);
        }
        List<double[][]> cols = toy.hvp(input, Objective.logProb(TARGET), units, HvpMode.exact());
        Map<String, String> p = params();
        AttributionRequest req = request(CONTEXT, p);
        double[][][] probes = new RademacherProbes().probes(req, t, 4, d);
        // S_i = (1/m) Σ_k ‖H_ii r_k‖₁ from the dense diagonal blocks
        double[] dense = new double[t];
        for (int i = 0; i < t; i++) {
            for (double[] r : probes[i]) {
                double l1 = 0;
                for (int row = 0; row < d; row++) {
                    double acc = 0;
                    for (int c = 0; c < d; c++) {
                        acc += cols.get(i * d + c)[i][row] * r[c];
                    }
                    l1 += Math.abs(acc);
                }
                dense[i] += l1 / probes[i].length;
            }
        }
        double[] full = Heta.compute(req, Heta.Params.parse(p)).curvature();
        assertTrue(SharedFiles.relErr(full, dense) < 1e-9, "block-Hutchinson vs dense: " + SharedFiles.relErr(full, dense));
        for (String method : METHODS) {
            Map<String, String> q = params("heta.variant", "LR-" + n, "heta.lr.method", method);
            HetaResult lr = Heta.compute(request(CONTEXT, q), Heta.Params.parse(q));
            double err = SharedFiles.relErr(lr.curvature(), dense);
            assertTrue(err < 1e-6, method + " LR-" + n + " vs the dense Hessian: " + err);
            // GPT-2 normalises (LayerNorm) before every use of the residual stream, so adding a constant to all
            // d coordinates of one token's embedding changes nothing: H has one null direction per token. The
            // range finders drop those T columns of Q and spend r + (r − T) HVPs; Nyström spends r.
            long want = method.equals("nystrom") ? n : 2L * n - t;
            assertEquals(want, lr.passes().hvp(), method + " HVPs");
            assertTrue(lr.notes().get("lr").contains(method + ", " + want + " HVPs"), lr.notes().toString());
            if (!method.equals("nystrom")) {
                assertTrue(lr.notes().get("lr.truncation").contains("dropped " + t + " of " + n), lr.notes().toString());
            }
        }
    }

    // ---- plain matrices with a known spectrum ---------------------------------------------------------

    /** A symmetric matrix {@code V diag(λ) Vᵀ} on T × d, V a product of n random Householder reflections. */
    record Dense(double[][] a, double[] sigma) {
        HvpOperator operator(int t, int d) {
            return dirs -> {
                List<double[][]> out = new ArrayList<>(dirs.size());
                for (double[][] v : dirs) {
                    double[][] w = new double[t][d];
                    for (int r = 0; r < t * d; r++) {
                        double acc = 0;
                        for (int c = 0; c < t * d; c++) {
                            acc += a[r][c] * v[c / d][c % d];
                        }
                        w[r / d][r % d] = acc;
                    }
                    out.add(w);
                }
                return out;
            };
        }
    }

    static double[][] orthogonal(int n, SplittableRandom rnd) {
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int h = 0; h < n; h++) {
            double[] u = new double[n];
            double nn = 0;
            for (int i = 0; i < n; i++) {
                u[i] = InformationTerm.gaussian(rnd);
                nn += u[i] * u[i];
            }
            // v ← v (I − 2 u uᵀ / uᵀu)
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += v[r][i] * u[i];
                }
                for (int i = 0; i < n; i++) {
                    v[r][i] -= 2 * s * u[i] / nn;
                }
            }
        }
        return v;
    }

    static double[][] compose(double[][] v, double[] lambda) {
        int n = lambda.length;
        double[][] a = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[r][k] * lambda[k] * v[c][k];
                }
                a[r][c] = s;
            }
        }
        return a;
    }

    /** Eigenvalues {@code ±2^{-j/4}}, signs alternating, on a random basis; sigma sorted descending. */
    static Dense indefinite(int n, long seed, boolean positive) {
        double[] lambda = new double[n];
        double[] sigma = new double[n];
        for (int j = 0; j < n; j++) {
            sigma[j] = Math.pow(2, -j / 4.0);
            lambda[j] = positive || j % 2 == 0 ? sigma[j] : -sigma[j];
        }
        return new Dense(compose(orthogonal(n, new SplittableRandom(seed)), lambda), sigma);
    }

    /** Frobenius norm of {@code (A − H̃)} restricted to rows and columns of tokens [from, to). */
    static double error(double[][] a, LowRankHessian h, int t, int d, int from, int to) {
        double s = 0;
        for (int j = from * d; j < to * d; j++) {
            double[][] e = new double[t][d];
            e[j / d][j % d] = 1;
            double[][] col = h.apply(e);
            for (int r = from * d; r < to * d; r++) {
                double diff = a[r][j] - col[r / d][r % d];
                s += diff * diff;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Halko, Martinsson, Tropp (2011), Theorem 10.7 with t = 2, u = 3: with probability at least
     * {@code 1 − 5·2^{-p} − e^{-4.5}} (≥ 0.98 for p = 10) the range finder with k + p Gaussian directions
     * has {@code ‖(I − QQᵀ)A‖_F ≤ (1 + 2√(12k/p)) τ_k + 6e √(k+p)/(p+1) σ_{k+1}}, τ_k the Frobenius
     * norm of the tail beyond k. {@code A − QBQᵀ} with {@code B = QᵀAQ} is {@code (I−P)A + PA(I−P)},
     * two Frobenius-orthogonal pieces each no larger than that, hence the factor √2.
     */
    static double hmtBound(double[] sigma, int k, int p) {
        double tail = 0;
        for (int j = k; j < sigma.length; j++) {
            tail += sigma[j] * sigma[j];
        }
        return Math.sqrt(2) * ((1 + 2 * Math.sqrt(12.0 * k / p)) * Math.sqrt(tail)
                + 6 * Math.E * Math.sqrt(k + p) / (p + 1) * sigma[k]);
    }

    @Test
    void rangeFinderMeetsTheHmtBoundOnAnIndefiniteMatrixAndNystromDoesNot() {
        int t = 8;
        int d = 12;
        int n = t * d;
        int rank = 30;
        int p = 10;
        double rangeSum = 0;
        double nystromSum = 0;
        int seeds = 5;
        for (long seed = 1; seed <= seeds; seed++) {
            Dense m = indefinite(n, seed, false);
            HvpOperator op = m.operator(t, d);
            double bound = hmtBound(m.sigma(), rank - p, p);
            LowRankCurvature.Approximation rf = LowRankCurvature.rangeFinder(op, t, d, rank,
                    new SplittableRandom(100 + seed), 1e-10);
            assertEquals(2L * rank, rf.hvps());
            double e = error(m.a(), rf.hessian(), t, d, 0, t);
            assertTrue(e <= bound, "seed " + seed + ": range finder error " + e + " > HMT bound " + bound);
            rangeSum += e;
            nystromSum += error(m.a(), LowRankCurvature.nystrom(op, t, d, rank, new SplittableRandom(100 + seed),
                    1e-10).hessian(), t, d, 0, t);
        }
        // Nyström's core ΩᵀAΩ mixes eigenvalues of both signs; its pseudo-inverse amplifies the near-cancellations.
        assertTrue(nystromSum > 2 * rangeSum, "Nystrom mean error " + nystromSum / seeds
                + " is not clearly worse than the range finder's " + rangeSum / seeds);
    }

    @Test
    void nystromIsFineOnThePositiveDefiniteControl() {
        // The same spectrum with all signs positive: Nyström is within the range finder's bound, so the test
        // above measures indefiniteness, not a broken Nyström.
        int t = 8;
        int d = 12;
        int rank = 30;
        for (long seed = 1; seed <= 3; seed++) {
            Dense m = indefinite(t * d, seed, true);
            double e = error(m.a(), LowRankCurvature.nystrom(m.operator(t, d), t, d, rank, new SplittableRandom(seed),
                    1e-10).hessian(), t, d, 0, t);
            assertTrue(e <= hmtBound(m.sigma(), rank - 10, 10), "seed " + seed + ": " + e);
        }
    }

    @Test
    void blockwiseSpendsTheRankOnTheDiagonalBlocks() {
        // A = blockdiag(D_1, D_2) + C: each D_G has the known spectrum 2^{-j/4}, ± alternating; C couples the
        // two groups with singular values far above D's. S_i reads diagonal blocks only.
        int t = 8;
        int d = 12;
        int half = t / 2 * d;
        int rank = 40;
        int groups = 2;
        double[][] a = new double[t * d][t * d];
        double[] sigma = null;
        for (int g = 0; g < groups; g++) {
            Dense block = indefinite(half, 10 + g, false);
            sigma = block.sigma();
            for (int r = 0; r < half; r++) {
                System.arraycopy(block.a()[r], 0, a[g * half + r], g * half, half);
            }
        }
        SplittableRandom rnd = new SplittableRandom(99);
        for (int r = 0; r < half; r++) {
            for (int c = 0; c < half; c++) {
                double x = 5 * InformationTerm.gaussian(rnd);
                a[r][half + c] = x;
                a[half + c][r] = x;
            }
        }
        Dense m = new Dense(a, null);
        HvpOperator op = m.operator(t, d);
        int[][] g = LowRankCurvature.groups(t, d, rank, groups);
        assertEquals(0, g[0][0]);
        assertEquals(t / 2, g[0][1]);
        assertEquals(rank / 2, g[0][2]);
        LowRankCurvature.Approximation bw = LowRankCurvature.blockwise(op, t, d, rank, groups, new SplittableRandom(5),
                1e-10);
        LowRankCurvature.Approximation rf = LowRankCurvature.rangeFinder(op, t, d, rank, new SplittableRandom(5), 1e-10);
        assertEquals(2L * rank, bw.hvps());
        double bound = hmtBound(sigma, rank / 2 - 10, 10);
        for (int[] grp : g) {
            double eb = error(a, bw.hessian(), t, d, grp[0], grp[1]);
            double er = error(a, rf.hessian(), t, d, grp[0], grp[1]);
            assertTrue(eb <= bound, "group " + grp[0] + ".." + grp[1] + ": blockwise " + eb + " > HMT bound " + bound);
            assertTrue(eb < er / 2, "group " + grp[0] + ".." + grp[1] + ": blockwise " + eb + " vs range finder " + er);
        }
    }

    @Test
    void groupsSplitTheRankInProportionAndTheDefaultKeepsEightPerGroup() {
        int[][] g = LowRankCurvature.groups(10, 4, 13, 3);
        int total = 0;
        for (int[] grp : g) {
            total += grp[2];
        }
        assertEquals(13, total);
        assertEquals(0, g[0][0]);
        assertEquals(10, g[2][1]);
        assertEquals(3, g[0][1] - g[0][0]);
        // shares 3.9, 3.9, 5.2: floors 3, 3, 5, the two left over to the largest fractions
        assertEquals(List.of(4, 4, 5), List.of(g[0][2], g[1][2], g[2][2]));
        assertEquals(8, LowRankCurvature.groupCount(128, 64));
        assertEquals(1, LowRankCurvature.groupCount(128, 7));
        assertEquals(5, LowRankCurvature.groupCount(5, 80));
    }

    // ---- bad input ----------------------------------------------------------------------------------------

    @Test
    void unknownMethodGetsADidYouMean() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Heta.Params.parse(Map.of("heta.lr.method", "range-finer"))).getMessage();
        assertTrue(m.contains("heta.lr.method=range-finer") && m.contains("did you mean 'range-finder'?")
                && m.contains("[range-finder, blockwise, nystrom]"), m);
        assertEquals(LowRankCurvature.Method.RANGE_FINDER, Heta.Params.defaults().lowRankMethod());
        assertEquals(LowRankCurvature.Method.NYSTROM, Heta.Params.parse(Map.of("heta.lr.method", "Nystrom")).lowRankMethod());
    }

    @Test
    void rankAboveTheDimensionIsRefusedWithTheLimit() {
        int n = CONTEXT.length * toy.config().hiddenSize();
        Map<String, String> p = params("heta.variant", "LR-" + (n + 1));
        String m = assertThrows(IllegalArgumentException.class,
                () -> Heta.compute(request(CONTEXT, p), Heta.Params.parse(p))).getMessage();
        assertTrue(m.contains("'toy-5'") && m.contains("LR-" + (n + 1)) && m.contains("T·d = 5·16 = " + n)
                && m.contains("LR-" + n), m);
        // windows [0,4) and [2,5): the shorter one bounds the rank
        Map<String, String> w = params("heta.variant", "LR-49-WIN-4");
        String mw = assertThrows(IllegalArgumentException.class,
                () -> Heta.compute(request(CONTEXT, w), Heta.Params.parse(w))).getMessage();
        assertTrue(mw.contains("3·16 = 48") && mw.contains("shortest window") && mw.contains("LR-48-WIN-4"), mw);
        w.put("heta.variant", "LR-48-WIN-4");
        HetaResult ok = Heta.compute(request(CONTEXT, w), Heta.Params.parse(w));
        // each window spends r + (r − its null directions) HVPs, and the note adds up to the counter
        long noted = 0;
        java.util.regex.Matcher hv = java.util.regex.Pattern.compile("range-finder, (\\d+) HVPs").matcher(ok.notes().get("lr"));
        int windows = 0;
        while (hv.find()) {
            noted += Long.parseLong(hv.group(1));
            windows++;
        }
        assertEquals(2, windows, ok.notes().toString());
        assertEquals(noted, ok.passes().hvp());
        assertTrue(noted <= 2 * 2 * 48L && noted > 2 * 48L, ok.notes().toString());
        assertThrows(IllegalArgumentException.class, () -> LowRankCurvature.approximate(
                LowRankCurvature.Method.RANGE_FINDER, dirs -> dirs, 2, 3, 7, new SplittableRandom(1), 0));
    }
}
