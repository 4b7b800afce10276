package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Causality and batch invariance for every supported architecture, in float64: logits at position t
 * do not depend on later tokens, and a row gives the same logits alone as inside a left-padded batch
 * of rows of other lengths.
 */
class ArchitectureInvariantsTest {

    @TempDir
    static Path tmp;

    static final Map<String, CausalLm> MODELS = new HashMap<>();

    @BeforeAll
    static void load() {
        TestCheckpoints.stories260KAsHfLlama(tmp.resolve("llama"));
        TestCheckpoints.llama31(tmp.resolve("llama31"), 3);
        TestCheckpoints.gpt2(tmp.resolve("gpt2"), false, 4);
        Map<String, Path> dirs = Map.of(
                "llama2c", SharedFiles.stories260K(),
                "llama", tmp.resolve("llama"),
                "llama31", tmp.resolve("llama31"),
                "qwen2", SharedFiles.file("golden/tiny-hf/qwen2"),
                "phi3", SharedFiles.file("golden/tiny-hf/phi3"),
                "gptj", SharedFiles.file("golden/tiny-hf/gptj"),
                "gpt2", tmp.resolve("gpt2"));
        dirs.forEach((k, v) -> MODELS.put(k, ModelLoader.load(v, Precision.FLOAT64)));
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(CausalLm::close);
    }

    static int[] randomIds(CausalLm m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(m.config().vocabSize());
        }
        return ids;
    }

    static double[][] all(CausalLm m, int[] ids) {
        return m.forward(ForwardRequest.ofIds(ids).withCaptures(ForwardRequest.Capture.LOGITS_ALL)).allLogits();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2c", "llama", "llama31", "qwen2", "phi3", "gptj", "gpt2"})
    void logitsAtTDoNotDependOnLaterTokens(String arch) {
        CausalLm m = MODELS.get(arch);
        int[] a = randomIds(m, 12, 1);
        int[] b = a.clone();
        int cut = 5;
        for (int i = cut + 1; i < b.length; i++) {
            b[i] = (a[i] + 1 + i) % m.config().vocabSize();
        }
        double[][] la = all(m, a);
        double[][] lb = all(m, b);
        for (int t = 0; t <= cut; t++) {
            assertTrue(SharedFiles.maxAbs(la[t], lb[t]) <= 1e-12, arch + " position " + t);
        }
        for (int t = cut + 1; t < a.length; t++) {
            assertTrue(SharedFiles.maxAbs(la[t], lb[t]) > 1e-6, arch + " later position " + t + " should change");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2c", "llama", "llama31", "qwen2", "phi3", "gptj", "gpt2"})
    void rowAloneEqualsRowInsideLeftPaddedBatch(String arch) {
        CausalLm m = MODELS.get(arch);
        int[] a = randomIds(m, 9, 2);
        int[] b = randomIds(m, 4, 3);
        int[] c = randomIds(m, 13, 4);
        List<ForwardResult> batch = m.forward(List.of(
                ForwardRequest.ofIds(b).withCaptures(ForwardRequest.Capture.LOGITS_ALL),
                ForwardRequest.ofIds(a).withCaptures(ForwardRequest.Capture.LOGITS_ALL),
                ForwardRequest.ofIds(c).withCaptures(ForwardRequest.Capture.LOGITS_ALL)));
        double worst = 0;
        int[][] rows = {b, a, c};
        for (int r = 0; r < 3; r++) {
            double[][] alone = all(m, rows[r]);
            double[][] inBatch = batch.get(r).allLogits();
            assertEquals(alone.length, inBatch.length);
            for (int t = 0; t < alone.length; t++) {
                worst = Math.max(worst, SharedFiles.maxAbs(alone[t], inBatch[t]));
            }
            worst = Math.max(worst, SharedFiles.maxAbs(alone[alone.length - 1], batch.get(r).lastLogits()));
        }
        // without LOGITS_ALL the last block runs its query side for the last position only
        List<ForwardResult> lastOnly = m.forward(List.of(ForwardRequest.ofIds(b), ForwardRequest.ofIds(a),
                ForwardRequest.ofIds(c)));
        for (int r = 0; r < 3; r++) {
            double[][] alone = all(m, rows[r]);
            worst = Math.max(worst, SharedFiles.maxAbs(alone[alone.length - 1], lastOnly.get(r).lastLogits()));
        }
        System.out.printf("batch invariance %s: %.3g%n", arch, worst);
        assertTrue(worst <= 1e-12, arch + " " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2c", "llama", "llama31", "qwen2", "phi3", "gptj", "gpt2"})
    void gradientsAreDeterministicUnderGarbageCollection(String arch) throws InterruptedException {
        CausalLm m = MODELS.get(arch);
        int[] ids = randomIds(m, 10, 5);
        Objective o = Objective.logProb(ids[3]);
        double[][] ref = m.gradient(ForwardRequest.ofIds(ids), o).gradient();
        int wrong = GradientCheckTest.underGcPressure(() -> {
            int n = 0;
            for (int i = 0; i < 12; i++) {
                double[][] g = m.gradient(ForwardRequest.ofIds(ids), o).gradient();
                for (int t = 0; t < g.length; t++) {
                    if (SharedFiles.maxAbs(g[t], ref[t]) > 1e-12) {
                        n++;
                        break;
                    }
                }
            }
            return n;
        });
        assertEquals(0, wrong, arch + ": gradients that changed between identical calls");
    }

    /**
     * Block HVPs on suffixes (clean prefix keys and values reused) against the exact full HVP's own
     * blocks, for embeddings and for a residual entering layer 1, with chunks that mix positions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"llama2c", "llama", "llama31", "qwen2", "phi3", "gptj", "gpt2"})
    void suffixBlockHvpsEqualExactFullHvpBlocks(String arch) {
        CausalLm m = MODELS.get(arch);
        int[] ids = randomIds(m, 9, 7);
        int d = m.config().hiddenSize();
        Objective obj = Objective.logProb(ids[4]);
        int[] at = {8, 0, 3, 8, 5, 1, 7};
        SplittableRandom r = new SplittableRandom(11);
        List<CausalLm.BlockProbe> probes = new java.util.ArrayList<>();
        List<double[][]> dirs = new java.util.ArrayList<>();
        for (int i : at) {
            double[] v = new double[d];
            for (int c = 0; c < d; c++) {
                v[c] = r.nextBoolean() ? 1 : -1;
            }
            probes.add(new CausalLm.BlockProbe(i, v));
            double[][] full = new double[ids.length][d];
            full[i] = v;
            dirs.add(full);
        }
        double[][] resid = m.forward(ForwardRequest.ofIds(ids).withCaptures(ForwardRequest.Capture.RESIDUALS))
                .residuals()[1];
        for (ForwardRequest in : List.of(ForwardRequest.ofIds(ids), ForwardRequest.ofResidual(1, resid))) {
            List<double[][]> exact = m.hvp(in, obj, dirs, HvpMode.exact());
            for (int batch : new int[] {1, 4, 32}) {
                int keep = m.maxBatch();
                m.setMaxBatch(batch);
                List<double[]> blocks;
                try {
                    blocks = m.hvpBlocks(in, obj, probes, new HvpMode(HvpMode.Kind.CENTRAL_DIFFERENCE, 1e-5));
                } finally {
                    m.setMaxBatch(keep);
                }
                for (int q = 0; q < at.length; q++) {
                    double[] want = exact.get(q)[at[q]];
                    double err = SharedFiles.maxAbs(blocks.get(q), want) / Math.max(1e-12, SharedFiles.maxAbs(want,
                            new double[d]));
                    assertTrue(err < 1e-6, arch + " entry " + in.entryLayer() + " maxBatch " + batch + " probe at "
                            + at[q] + ": relative error " + err);
                }
            }
        }
    }
}
