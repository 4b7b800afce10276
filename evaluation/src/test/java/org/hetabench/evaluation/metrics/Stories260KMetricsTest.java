package org.hetabench.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariants of the metrics on the real stories260K model (float64). */
class Stories260KMetricsTest {
    static CausalLm model;
    static Tokenizer tok;

    static final String[] PROMPTS = {
        "Once upon a time, there was a little girl named Lily. She loved to play with her ball in the park.",
        "Tom had a big red dog. The dog liked to run and jump. One day, Tom and his dog went to the beach.",
        "Sue saw a cat in the tree. The cat was scared. Sue wanted to help the cat, so she got a ladder.",
        "Ben and Mia went to the store with their mom. They wanted to buy a cake for their dad.",
        "The sun was hot and the sky was blue. A little bird sat on a branch and sang a happy song.",
        "Max found a shiny rock in the garden. He showed it to his sister Anna, and she smiled.",
    };

    @BeforeAll
    static void load() {
        model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT64);
        tok = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A planted instance: a context whose target depends strongly on one (non-BOS) token. */
    record Planted(String id, int[] ids, int target, int decisive, double effect, double runnerUp) {}

    /**
     * Scans prefixes of the prompts, takes the greedy next token as target and measures, by occlusion (zeroing
     * one embedding row), how much each non-BOS token moves the next-token distribution; keeps the contexts where
     * one token dominates.
     */
    static List<Planted> planted(int count) {
        List<Planted> all = new ArrayList<>();
        for (int p = 0; p < PROMPTS.length; p++) {
            int[] full = tok.encode(PROMPTS[p], true).ids();
            for (int t = 8; t <= full.length; t += 3) {
                int[] ids = Arrays.copyOf(full, t);
                double[][] e = model.embed(ids);
                List<ForwardRequest> rows = new ArrayList<>();
                rows.add(ForwardRequest.ofIds(ids));
                for (int i = 1; i < t; i++) {
                    double[][] z = Arrays.stream(e).map(double[]::clone).toArray(double[][]::new);
                    z[i] = new double[z[i].length];
                    rows.add(ForwardRequest.ofEmbeddings(z));
                }
                List<ForwardResult> out = model.forward(rows);
                double[] q = Softmax.of(out.get(0).lastLogits());
                int y = Softmax.argmax(q);
                double best = -1;
                double second = -1;
                int bi = -1;
                for (int i = 1; i < t; i++) {
                    double[] pz = Softmax.of(out.get(i).lastLogits());
                    // squared-Hellinger-type distance (independent re-computation, not the code under test)
                    double d = 0;
                    for (int v = 0; v < q.length; v++) {
                        double s = Math.sqrt(pz[v]) - Math.sqrt(q[v]);
                        d += s * s / Math.sqrt(2);
                    }
                    if (d > best) {
                        second = best;
                        best = d;
                        bi = i;
                    } else if (d > second) {
                        second = d;
                    }
                }
                all.add(new Planted("p" + p + "-T" + t, ids, y, bi, best, second));
            }
        }
        all.sort(Comparator.comparingDouble((Planted x) -> -(x.effect - x.runnerUp)));
        return all.subList(0, count);
    }

    @Test
    void oracleBeatsRandomRankingOnSoftNsAndSoftNc() {
        List<Planted> inst = planted(8);
        MetricConfig cfg = MetricConfig.of(Map.of("perturb.protectBos", "true", "soft.numMaskSamples", "4"));
        Metric ns = new SoftErasure(SoftErasure.Kind.NS, cfg);
        Metric nc = new SoftErasure(SoftErasure.Kind.NC, cfg);
        List<MetricValue> nsOracle = new ArrayList<>();
        List<MetricValue> ncOracle = new ArrayList<>();
        List<MetricValue> nsRandom = new ArrayList<>();
        List<MetricValue> ncRandom = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(123);
        for (Planted p : inst) {
            assertTrue(p.effect > 2 * p.runnerUp, "planted: one token dominates (" + p + ")");
            double[] oracle = new double[p.ids.length];
            oracle[p.decisive] = 1;
            double[] random = new double[p.ids.length];
            for (int i = 0; i < random.length; i++) {
                random[i] = rnd.nextDouble();
            }
            MetricContext co = MetricContext.builder(model, p.id, p.ids, p.target, oracle).methodId("oracle").build();
            MetricContext cr = MetricContext.builder(model, p.id, p.ids, p.target, random).methodId("random-ranking")
                    .build();
            nsOracle.add(ns.compute(co));
            ncOracle.add(nc.compute(co));
            nsRandom.add(ns.compute(cr));
            ncRandom.add(nc.compute(cr));
        }
        double nsO = ns.aggregate(nsOracle).value();
        double nsR = ns.aggregate(nsRandom).value();
        double ncO = nc.aggregate(ncOracle).value();
        double ncR = nc.aggregate(ncRandom).value();
        System.out.printf("Soft-NS oracle %.4f random %.4f; Soft-NC oracle %.4f random %.4f%n", nsO, nsR, ncO, ncR);
        assertTrue(nsO > nsR, "Soft-NS oracle " + nsO + " vs random ranking " + nsR);
        assertTrue(ncO > ncR, "Soft-NC oracle " + ncO + " vs random ranking " + ncR);
        assertTrue(ncO > 0, "the oracle beats the random baseline on Soft-NC: " + ncO);
        // the random baseline is shared, so the difference of log ratios is ln(Σ src_oracle / Σ src_random)
        assertEquals(nc.aggregate(ncOracle).components().get("sumBaseline"),
                nc.aggregate(ncRandom).components().get("sumBaseline"), 1e-12);
    }

    @Test
    void dsaWithAllMassOnEvidenceIsTheScaleMaximum() {
        String narrative = "Tom had a big red ball and a small blue car.";
        String support = "Plants need sun and water to grow tall.";
        String text = narrative + " " + support + " Question: What do plants need?";
        int ns = 0;
        int ss = narrative.length() + 1;
        Encoding enc = tok.encode(text, true);
        // evidence words: "sun" (2) and "water" (4)
        EvidenceAnnotation ev = EvidenceAnnotation.fromText(enc, text, new int[] {ns, narrative.length()},
                new int[] {ss, ss + support.length()}, new int[] {2, 4});
        assertTrue(ev.evidence().length >= 2);
        for (int s : ev.evidence()) {
            assertTrue(Arrays.stream(ev.distractor()).noneMatch(n -> n == s));
        }
        double[] a = new double[enc.size()];
        for (int s : ev.evidence()) {
            a[s] = 1.0 / ev.evidence().length;
        }
        int[] ids = enc.ids();
        int target = Softmax.argmax(model.lastLogits(ids));
        MetricContext c = MetricContext.builder(model, "dsa-planted", ids, target, a).evidence(ev).build();
        for (Dsa.ReportScale scale : Dsa.ReportScale.values()) {
            MetricConfig cfg = MetricConfig.of(Map.of("dsa.reportScale", scale.name()));
            double v = new Dsa(cfg).compute(c).value();
            double max = scale.maximum(ev.paragraph().length, ev.evidence().length);
            assertEquals(max, v, 1e-12, scale.name());
            if (scale != Dsa.ReportScale.DENSITY_LIFT) {
                assertEquals(new Dsa(cfg).info().maxValue(), v, 1e-12);
            }
        }
        // a uniform attribution over the paragraph has zero density lift
        double[] u = new double[enc.size()];
        for (int p : ev.paragraph()) {
            u[p] = 1;
        }
        MetricContext cu = MetricContext.builder(model, "dsa-uniform", ids, target, u).evidence(ev).build();
        assertEquals(0, new Dsa(MetricConfig.of(Map.of("dsa.reportScale", "DENSITY_LIFT"))).compute(cu).value(), 1e-12);
    }

    static MetricContext context(String id, int t, long seed) {
        int[] ids = Arrays.copyOf(tok.encode(PROMPTS[0] + " " + PROMPTS[1], true).ids(), t);
        int y = Softmax.argmax(model.lastLogits(ids));
        double[] a = new double[t];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t; i++) {
            a[i] = r.nextDouble() - 0.3;
        }
        return MetricContext.builder(model, id, ids, y, a).seed(seed).build();
    }

    @Test
    void residualPatchAtLayerZeroEqualsTokenReplacement() {
        MetricContext c = context("patch0", 16, 3);
        int[] pos = java.util.stream.IntStream.range(0, 16).toArray();
        double[] replaced = InterventionEffects.of(c, "REPLACE_SAMPLED", 2).delta(pos);
        double[] patched = InterventionEffects.of(c, "RESIDUAL_LAYER(0)", 2).delta(pos);
        assertArrayEquals(replaced, patched, 1e-9);
        InterventionEffects.Joint jr = InterventionEffects.of(c, "REPLACE_SAMPLED", 2).joint(new int[] {3, 5, 9});
        InterventionEffects.Joint jp = InterventionEffects.of(c, "RESIDUAL_LAYER(0)", 2).joint(new int[] {3, 5, 9});
        assertEquals(jr.deltaJ(), jp.deltaJ(), 1e-9);
        // patching the final residual stream at an earlier position cannot change the last position's logits
        int layers = model.config().numLayers();
        double[] last = InterventionEffects.of(c, "RESIDUAL_LAYER(" + layers + ")", 2).delta(pos);
        for (int i = 0; i < 15; i++) {
            assertEquals(0, last[i], 1e-12, "position " + i);
        }
        assertTrue(Math.abs(last[15]) > 1e-6, "the last position itself matters");
        // intermediate layers: effects differ from token replacement but stay finite
        double[] mid = InterventionEffects.of(c, "RESIDUAL_LAYER(2)", 2).delta(pos);
        assertTrue(Arrays.stream(mid).allMatch(Double::isFinite));
    }

    @Test
    void sensitivityReallyAddsNoise() {
        List<double[][]> seen = new ArrayList<>();
        MetricContext base = context("sens", 12, 5);
        int y = base.target();
        Reattributor gradTimesInput = new Reattributor() {
            @Override
            public double[] attribute(ForwardRequest in) {
                return attributeAll(List.of(in)).get(0);
            }

            @Override
            public List<double[]> attributeAll(List<ForwardRequest> inputs) {
                List<Objective> obj = new ArrayList<>();
                inputs.forEach(i -> obj.add(Objective.logProb(y)));
                List<GradientResult> g = model.gradient(inputs, obj);
                List<double[]> out = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) {
                    double[][] e = inputs.get(k).embeddings();
                    seen.add(e);
                    double[] s = new double[e.length];
                    for (int i = 0; i < e.length; i++) {
                        for (int h = 0; h < e[i].length; h++) {
                            s[i] += g.get(k).gradient()[i][h] * e[i][h];
                        }
                    }
                    out.add(s);
                }
                return out;
            }
        };
        double[] sens = new double[3];
        double[] sigmas = {0, 0.01, 0.1};
        for (int k = 0; k < 3; k++) {
            seen.clear();
            MetricContext c = MetricContext.builder(model, "sens", base.context(), y, base.scores())
                    .reattributor(gradTimesInput).build();
            sens[k] = new Sensitivity(MetricConfig.of(Map.of("sensitivity.sigma", Double.toString(sigmas[k]))))
                    .compute(c).value();
            assertEquals(5, seen.size());
            double[][] e = c.embeddings();
            double maxDev = 0;
            for (double[][] n : seen) {
                for (int i = 0; i < e.length; i++) {
                    for (int h = 0; h < e[i].length; h++) {
                        maxDev = Math.max(maxDev, Math.abs(n[i][h] - e[i][h]));
                    }
                }
            }
            if (sigmas[k] == 0) {
                assertEquals(0, maxDev, 0);
            } else {
                assertTrue(maxDev > sigmas[k] && maxDev < 6 * sigmas[k], "noise of scale sigma: " + maxDev);
            }
        }
        assertEquals(0, sens[0], 1e-12, "a deterministic method without noise is perfectly stable");
        assertTrue(sens[1] > 0 && sens[2] > sens[1], Arrays.toString(sens));
    }

    @Test
    void softMetricsBatchTheirPasses() {
        MetricContext c = context("batch", 32, 1);
        PassCounter.Snapshot before = model.passes().snapshot();
        new SoftErasure(SoftErasure.Kind.NS, MetricConfig.defaults()).compute(c);
        new SoftErasure(SoftErasure.Kind.NC, MetricConfig.defaults()).compute(c);
        PassCounter.Snapshot d = model.passes().snapshot().minus(before);
        assertEquals(6, d.forward(), "2 + 4K rows per step (spec §2.8)");
        before = model.passes().snapshot();
        new Aopc(Aopc.Kind.COMPREHENSIVENESS, MetricConfig.defaults()).compute(c);
        new Aopc(Aopc.Kind.SUFFICIENCY, MetricConfig.defaults()).compute(c);
        assertEquals(10, model.passes().snapshot().minus(before).forward(), "2|B| rows, clean pass reused");
    }

    @Test
    void resultsDoNotDependOnBatchSize() {
        List<String> names = List.of("soft-nc", "aopc-comp", "cf-aopc", "reconstruction-error");
        Map<String, Double> a = MetricEvaluation.evaluate(model, context("bs", 20, 2).context(), 0,
                context("bs", 20, 2).scores(), names, 2);
        int mb = model.maxBatch();
        model.setMaxBatch(1);
        try {
            Map<String, Double> b = MetricEvaluation.evaluate(model, context("bs", 20, 2).context(), 0,
                    context("bs", 20, 2).scores(), names, 2);
            for (String k : a.keySet()) {
                assertEquals(a.get(k), b.get(k), 1e-9, k);
            }
        } finally {
            model.setMaxBatch(mb);
        }
    }

    @Test
    void everyMetricRunsOnTheRealModelWithinItsRange() {
        MetricContext c0 = context("all", 40, 4);
        Encoding enc = tok.encode(PROMPTS[0] + " " + PROMPTS[1], true);
        double[] passive = c0.scores().clone();
        for (int i = 0; i < passive.length; i++) {
            passive[i] = passive[i] * 0.9 + 0.01 * i;
        }
        int[][] words = {{3}, {5}, {8}, {11}};
        MetricConfig cfg = MetricConfig.of(Map.of("leak.windows", "16,32", "perturb.protectBos", "true"));
        Map<String, Supplier<MetricContext>> inst = new LinkedHashMap<>();
        inst.put("all", () -> MetricContext.builder(model, "all", c0.context(), c0.target(), c0.scores()).seed(4)
                .evidence(new EvidenceAnnotation(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 2, 3, 4},
                        new int[] {5, 6, 7, 8}, new int[] {6, 7}))
                .gold(GoldAnnotation.ofSpans(List.of(new int[] {6, 8}, new int[] {12, 15})))
                .alignedPair(new AlignedPair(passive, words, words, List.of("a", "b", "c", "d")))
                .reattributor(in -> Arrays.copyOf(c0.scores(), 40))
                .build());
        MetricRunner runner = new MetricRunner(MetricRegistry.create(MetricRegistry.names(), cfg), false);
        List<MetricRunner.Outcome> out = runner.runAll(inst);
        assertEquals(MetricRegistry.names().size(), out.size());
        assertTrue(enc.size() >= 40);
        for (MetricRunner.Outcome o : out) {
            assertFalse(o.failed(), o.toString());
            MetricInfo info = runner.metrics().stream().filter(m -> m.info().name().equals(o.metric())).findFirst()
                    .orElseThrow().info();
            double v = o.value().value();
            assertTrue(Double.isFinite(v), o.metric() + " = " + v);
            if (info.aggregation() != MetricInfo.Aggregation.LOG_RATIO_OF_SUMS) {
                assertTrue(v >= info.minValue() - 1e-12 && v <= info.maxValue() + 1e-12, o.metric() + " = " + v);
            }
        }
    }
}
