package org.hetabench.core.attribution.heta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.model.TestCheckpoints;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariants of HETA on stories260K in float64 (heta.md §2, §3, §7). */
class HetaInvariantsTest {
    static CausalLm model;
    static final int[] CONTEXT = {1, 403, 407, 261, 378, 395, 288, 43, 267, 299, 352, 266};

    @BeforeAll
    static void load() {
        model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static AttributionRequest request(int[] ctx, long seed, Map<String, String> params) {
        return AttributionRequest.of(model, "inv-" + ctx.length, ctx, 268, params, seed);
    }

    static HetaResult run(int[] ctx, long seed, Map<String, String> params) {
        return Heta.compute(request(ctx, seed, params), Heta.Params.parse(params));
    }

    static Map<String, String> small(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("heta.hvp.samples", "3");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static void assertAllClose(HetaResult a, HetaResult b, double tol) {
        for (String k : a.components().keySet()) {
            double err = SharedFiles.relErr(a.components().get(k), b.components().get(k));
            assertTrue(err <= tol, k + ": relative difference " + err + " > " + tol);
        }
        double err = SharedFiles.relErr(a.scores(), b.scores());
        assertTrue(err <= tol, "scores: relative difference " + err + " > " + tol);
    }

    @Test
    void gateIsADistributionInBothRollouts() {
        for (String rollout : List.of("per-head-chain", "upper-mean")) {
            for (String values : List.of("residual", "actual")) {
                double[] g = run(CONTEXT, 1, small("heta.flow.rollout", rollout, "heta.flow.values", values,
                        "heta.ablation", "transition-only")).gate();
                double sum = 0;
                for (double v : g) {
                    assertTrue(v >= 0, rollout + "/" + values + " negative gate " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-12, rollout + "/" + values);
            }
        }
    }

    @Test
    void tokenWithZeroGateScoresZero() {
        int silenced = 5;
        try (CausalLm zeroed = new SilencedResidualLm(model, silenced)) {
            Map<String, String> p = small();
            HetaResult r = Heta.compute(AttributionRequest.of(zeroed, "zero-gate", CONTEXT, 268, p, 1),
                    Heta.Params.parse(p));
            assertEquals(0.0, r.gate()[silenced], 0.0);
            assertTrue(r.curvature()[silenced] > 0 && r.information()[silenced] > 0, "S and I stay positive");
            assertEquals(0.0, r.scores()[silenced], 0.0);
            for (int i = 0; i < CONTEXT.length; i++) {
                if (i != silenced) {
                    assertTrue(r.scores()[i] > 0, "position " + i);
                }
            }
        }
    }

    /**
     * Batch size and schedule change only the floating-point summation order inside the native kernels.
     * A central difference divides gradient differences by 2 eps = 2e-5, which magnifies that rounding
     * (~1e-16) to ~1e-11 on S, so S (and what is built from it) gets 1e-10 there; with exact HVPs
     * everything agrees to 1e-12. (Exact HVPs are compared at 16 vs 2 rows per call, not 1: single-row
     * backward calls of TransformerModel occasionally return a wrong gradient, see the branch report.)
     */
    @Test
    void batchSizeAndScheduleDoNotChangeResults() {
        int saved = model.maxBatch();
        try {
            Map<String, String> p = small("heta.envelope", "true");
            model.setMaxBatch(1);
            HetaResult one = run(CONTEXT, 3, p);
            model.setMaxBatch(16);
            HetaResult sixteen = run(CONTEXT, 3, p);
            p.put("heta.schedule", "naive");
            HetaResult naive = run(CONTEXT, 3, p);
            for (HetaResult other : List.of(one, naive)) {
                assertTrue(SharedFiles.relErr(other.gate(), sixteen.gate()) <= 1e-12, "gate");
                assertTrue(SharedFiles.relErr(other.information(), sixteen.information()) <= 1e-12, "information");
                double e = SharedFiles.relErr(other.curvature(), sixteen.curvature());
                assertTrue(e <= 1e-10, "S differs by " + e);
                assertTrue(SharedFiles.relErr(other.scores(), sixteen.scores()) <= 1e-10, "scores");
                assertTrue(SharedFiles.relErr(other.envelope(), sixteen.envelope()) <= 1e-10, "envelope");
            }
            assertTrue(naive.passes().batches() > sixteen.passes().batches(), "naive makes more native calls");
            assertEquals(CONTEXT.length * 3L, sixteen.passes().hvp());

            Map<String, String> ex = small("heta.hvp.mode", "exact");
            HetaResult exact16 = run(CONTEXT, 3, ex);
            model.setMaxBatch(2);
            HetaResult exact2 = run(CONTEXT, 3, ex);
            assertAllClose(exact2, exact16, 1e-12);
        } finally {
            model.setMaxBatch(saved);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherProbes() {
        Map<String, String> p = small("heta.mask", "unk-random");
        HetaResult a = run(CONTEXT, 11, p);
        HetaResult b = run(CONTEXT, 11, p);
        assertArrayEquals(a.scores(), b.scores(), 0.0);
        assertArrayEquals(a.information(), b.information(), 0.0);
        HetaResult c = run(CONTEXT, 12, p);
        assertFalse(Arrays.equals(a.curvature(), c.curvature()), "another run seed draws other probes");
        assertFalse(Arrays.equals(a.information(), c.information()), "another run seed draws other unk-random masks");
    }

    @Test
    void lowRankWithFullRankEqualsFull() {
        int[] ctx = {1, 403, 407, 261};
        int td = ctx.length * model.config().hiddenSize();
        Map<String, String> p = small("heta.hvp.mode", "exact", "heta.ablation", "hessian-only");
        HetaResult full = run(ctx, 5, p);
        // Nyström takes r HVPs; the range finders a second pass over the r orthonormal directions.
        Map<String, Long> hvps = Map.of("nystrom", (long) td, "range-finder", 2L * td, "blockwise", 2L * td);
        for (String method : List.of("nystrom", "range-finder", "blockwise")) {
            p.put("heta.lr.method", method);
            p.put("heta.variant", "LR-" + td);
            HetaResult lr = run(ctx, 5, p);
            assertEquals("LR-" + td, lr.variant());
            assertEquals(hvps.get(method), lr.passes().hvp(), method + ": HVPs in total");
            assertTrue(lr.notes().get("lr").contains(method + ", " + hvps.get(method) + " HVPs"), lr.notes().toString());
            double err = SharedFiles.relErr(lr.curvature(), full.curvature());
            assertTrue(err < 1e-6, method + " LR-" + td + " vs full: " + err);
            p.put("heta.variant", "LR-16");
            double errSmall = SharedFiles.relErr(run(ctx, 5, p).curvature(), full.curvature());
            assertTrue(errSmall > 1e-3, "a rank-16 " + method + " approximation is not exact: " + errSmall);
        }
    }

    @Test
    void windowCoveringTheContextEqualsFullAndLastLayersAllEqualsFull() {
        Map<String, String> p = small("heta.envelope", "true");
        HetaResult full = run(CONTEXT, 9, p);
        p.put("heta.variant", "WIN-" + CONTEXT.length);
        assertAllClose(run(CONTEXT, 9, p), full, 0.0);
        p.put("heta.variant", "WIN-100");
        assertAllClose(run(CONTEXT, 9, p), full, 0.0);
        p.put("heta.variant", "LS-" + model.config().numLayers());
        assertAllClose(run(CONTEXT, 9, p), full, 1e-9);
        // The combined recipe: LS-k+WIN-W with W >= T is LS-k alone.
        p.put("heta.variant", "LS-2");
        HetaResult ls = run(CONTEXT, 9, p);
        p.put("heta.variant", "LS-2+WIN-" + CONTEXT.length);
        HetaResult lsWin = run(CONTEXT, 9, p);
        assertAllClose(lsWin, ls, 0.0);
        assertEquals("LS-2+WIN-" + CONTEXT.length, lsWin.variant());
    }

    @Test
    void lastLayersAllEqualsFullOnLearnedPositions(@TempDir Path tmp) {
        // GPT-2 adds learned position embeddings at the entry: LS-L must not add them a second time.
        Path dir = tmp.resolve("gpt2");
        TestCheckpoints.gpt2(dir, true, 5);
        try (CausalLm gpt2 = ModelLoader.load(dir, Precision.FLOAT64)) {
            int[] ctx = {3, 17, 29, 8, 40, 11, 2};
            Map<String, String> p = small("heta.hvp.mode", "exact");
            HetaResult full = Heta.compute(AttributionRequest.of(gpt2, "gpt2", ctx, 5, p, 9), Heta.Params.parse(p));
            p.put("heta.variant", "LS-" + gpt2.config().numLayers());
            HetaResult ls = Heta.compute(AttributionRequest.of(gpt2, "gpt2", ctx, 5, p, 9), Heta.Params.parse(p));
            assertAllClose(ls, full, 1e-9);
        }
    }

    @Test
    void windowsAverageTheirOwnContexts() {
        // WIN-8 with overlap 0.5 on T = 12: windows [0,8) and [4,12), each its own context predicting y
        // (heta.win.bos=drop: the release's windows).
        Map<String, String> p = small("heta.variant", "WIN-8", "heta.ablation", "no-gate", "heta.win.bos", "drop");
        AttributionRequest req = request(CONTEXT, 4, p);
        double[][][] probes = new RademacherProbes().probes(req, CONTEXT.length, 3, model.config().hiddenSize());
        HetaResult win = Heta.compute(req, Heta.Params.parse(p), ProbeSource.fixed(probes));
        Map<String, String> q = small("heta.ablation", "no-gate");
        HetaResult first = Heta.compute(request(Arrays.copyOfRange(CONTEXT, 0, 8), 4, q), Heta.Params.parse(q),
                ProbeSource.fixed(Arrays.copyOfRange(probes, 0, 8)));
        HetaResult second = Heta.compute(request(Arrays.copyOfRange(CONTEXT, 4, 12), 4, q), Heta.Params.parse(q),
                ProbeSource.fixed(Arrays.copyOfRange(probes, 4, 12)));
        for (int i = 0; i < CONTEXT.length; i++) {
            double want = i < 4 ? first.curvature()[i] : i >= 8 ? second.curvature()[i - 4]
                    : 0.5 * (first.curvature()[i] + second.curvature()[i - 4]);
            assertEquals(want, win.curvature()[i], 1e-12 * Math.abs(want), "curvature at " + i);
            double wantI = i < 4 ? first.information()[i] : i >= 8 ? second.information()[i - 4]
                    : 0.5 * (first.information()[i] + second.information()[i - 4]);
            assertEquals(wantI, win.information()[i], 1e-12 * Math.abs(wantI) + 1e-18, "information at " + i);
        }
        assertEquals(List.of("[0, 8)", "[4, 12)"), Heta.windows(12, 8, 0.5).stream()
                .map(w -> "[" + w[0] + ", " + w[1] + ")").toList());
    }

    /**
     * The other window modes against HETA on the contexts they stand for, with the same probes: with
     * heta.win.bos=keep the second window is [BOS, x_4 … x_11]; anchored windows run to the target, the
     * first [x_0 … x_11] (= full HETA's terms at tokens 0..7), the second [BOS, x_4 … x_11].
     */
    @Test
    void keptBosAndAnchoredWindowsEqualHetaOnTheContextsTheyStandFor() {
        assertEquals(1, CONTEXT[0], "the context starts with stories260K's BOS");
        Map<String, String> q = small("heta.ablation", "no-gate");
        AttributionRequest req = request(CONTEXT, 4, q);
        double[][][] probes = new RademacherProbes().probes(req, CONTEXT.length, 3, model.config().hiddenSize());
        // [BOS, x_4 .. x_11] with the probes of those positions
        int[] withBos = new int[9];
        double[][][] bosProbes = new double[9][][];
        withBos[0] = CONTEXT[0];
        bosProbes[0] = probes[0];
        for (int j = 0; j < 8; j++) {
            withBos[1 + j] = CONTEXT[4 + j];
            bosProbes[1 + j] = probes[4 + j];
        }
        HetaResult second = Heta.compute(request(withBos, 4, q), Heta.Params.parse(q), ProbeSource.fixed(bosProbes));

        Map<String, String> keep = small("heta.variant", "WIN-8", "heta.ablation", "no-gate");
        HetaResult kept = Heta.compute(req, Heta.Params.parse(keep), ProbeSource.fixed(probes));
        HetaResult first = Heta.compute(request(Arrays.copyOfRange(CONTEXT, 0, 8), 4, q), Heta.Params.parse(q),
                ProbeSource.fixed(Arrays.copyOfRange(probes, 0, 8)));
        Map<String, String> anch = small("heta.variant", "WIN-8", "heta.ablation", "no-gate", "heta.win.mode", "anchored");
        HetaResult anchored = Heta.compute(req, Heta.Params.parse(anch), ProbeSource.fixed(probes));
        HetaResult full = Heta.compute(req, Heta.Params.parse(q), ProbeSource.fixed(probes));
        for (int i = 0; i < CONTEXT.length; i++) {
            double w2 = i >= 4 ? second.curvature()[i - 3] : Double.NaN;
            double want = i < 4 ? first.curvature()[i] : i >= 8 ? w2 : 0.5 * (first.curvature()[i] + w2);
            assertEquals(want, kept.curvature()[i], 1e-9 * Math.abs(want), "keep: curvature at " + i);
            double wi2 = i >= 4 ? second.information()[i - 3] : Double.NaN;
            double wantI = i < 4 ? first.information()[i] : i >= 8 ? wi2 : 0.5 * (first.information()[i] + wi2);
            assertEquals(wantI, kept.information()[i], 1e-12 * Math.abs(wantI) + 1e-18, "keep: information at " + i);

            double a = i < 4 ? full.curvature()[i] : i >= 8 ? w2 : 0.5 * (full.curvature()[i] + w2);
            // other batch compositions than full HETA's: forward-difference rounding, 1e-16 / eps
            assertEquals(a, anchored.curvature()[i], 1e-9 * Math.abs(a), "anchored: curvature at " + i);
            double ai = i < 4 ? full.information()[i] : i >= 8 ? wi2 : 0.5 * (full.information()[i] + wi2);
            assertEquals(ai, anchored.information()[i], 1e-12 * Math.abs(ai) + 1e-18, "anchored: information at " + i);
        }
        // anchored: the second window runs 9 tokens to the target, so HVPs stay T·m but forward rows grow
        assertEquals(CONTEXT.length * 3L + 4 * 3L, anchored.passes().hvp());
    }

    @Test
    void windowModesRejectUnknownValuesAndRunsLongerThanTheModel() {
        String bos = assertThrowsMessage(() -> Heta.Params.parse(Map.of("heta.win.bos", "kep")));
        assertTrue(bos.contains("heta.win.bos") && bos.contains("did you mean 'keep'"), bos);
        String mode = assertThrowsMessage(() -> Heta.Params.parse(Map.of("heta.win.mode", "anchord")));
        assertTrue(mode.contains("heta.win.mode") && mode.contains("did you mean 'anchored'"), mode);
        // refused in validation, before any model work
        int limit = model.config().maxPositions();
        int[] ctx = new int[limit + 8];
        Arrays.fill(ctx, 403);
        ctx[0] = 1;
        Map<String, String> p = small("heta.variant", "WIN-" + limit / 2, "heta.win.mode", "anchored");
        String run = assertThrowsMessage(() -> Heta.compute(request(ctx, 1, p), Heta.Params.parse(p)));
        assertTrue(run.contains("accepts at most " + limit) && run.contains("heta.win.mode=own"), run);
    }

    static String assertThrowsMessage(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void ablationsAreFunctionsOfTheComponents() {
        Map<String, String> p = small("heta.envelope", "true", "heta.beta", "0.3", "heta.gamma", "0.7");
        HetaResult all = run(CONTEXT, 2, p);
        int t = CONTEXT.length;
        for (int i = 0; i < t; i++) {
            double mix = 0.3 * all.curvature()[i] + 0.7 * all.information()[i];
            assertEquals(all.gate()[i] * mix, all.scores()[i], 1e-15);
            assertTrue(all.envelope()[i] >= 0);
        }
        p.put("heta.envelope", "false");
        p.put("heta.ablation", "uniform-gate");
        HetaResult uni = run(CONTEXT, 2, p);
        p.put("heta.ablation", "no-gate");
        HetaResult noGate = run(CONTEXT, 2, p);
        for (int i = 0; i < t; i++) {
            assertEquals(noGate.scores()[i] / t, uni.scores()[i], 1e-15);
            assertEquals(0.3 * all.curvature()[i] + 0.7 * all.information()[i], noGate.scores()[i], 1e-12);
        }
        p.put("heta.ablation", "transition-only");
        HetaResult gateOnly = run(CONTEXT, 2, p);
        assertArrayEquals(all.gate(), gateOnly.scores(), 1e-15);
        assertEquals(0, gateOnly.passes().hvp(), "transition-only needs no HVP");
        assertEquals(null, gateOnly.curvature());
    }

    @Test
    void masksReplaceTheTokenRowWithTheirOwnVector() {
        Map<String, String> p = small("heta.ablation", "kl-only");
        HetaResult zero = run(CONTEXT, 1, p);
        int unk = model.tokenizer().orElseThrow().unkId();
        // the unk mask at i gives the same distribution as replacing token i by the unknown-token id
        p.put("heta.mask", "unk");
        HetaResult withUnk = run(CONTEXT, 1, p);
        double[] p0 = InformationTerm.softmax(model.lastLogits(CONTEXT));
        for (int i = 1; i < CONTEXT.length; i += 4) {
            int[] swapped = CONTEXT.clone();
            swapped[i] = unk;
            double want = InformationTerm.kl(p0, InformationTerm.softmax(model.lastLogits(swapped)));
            assertEquals(want, withUnk.information()[i], 1e-9 * want + 1e-15, "unk mask at " + i);
        }
        assertFalse(Arrays.equals(zero.information(), withUnk.information()));
        assertTrue(withUnk.notes().get("mask").startsWith("unk"));
    }

    @Test
    void registeredAsHetaWithComponentsAndProvenance() {
        Map<String, String> p = small("heta.variant", "LR-8");
        AttributionResult r = MethodRegistry.get("heta").attribute(request(CONTEXT, 1, p));
        assertEquals("heta", r.method());
        assertEquals("LR-8", r.variant());
        assertEquals(List.of("gate", "curvature", "information"), List.copyOf(r.components().keySet()));
        assertTrue(r.hvpMode().startsWith("forward-difference(eps="), r.hvpMode());
        assertEquals(2 * 8, r.passes().hvp(), "the default range finder: r HVPs for the range, r for B = Q^T H Q");
        assertTrue(r.seconds() > 0);
        assertTrue(r.notes().get("hvp").contains("forward difference"), r.notes().toString());
    }
}
