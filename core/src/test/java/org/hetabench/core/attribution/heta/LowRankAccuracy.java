package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures how well each {@code heta.lr.method} reproduces full HETA on stories260K: relative L1 error
 * of S ({@code Σ|S_lr − S_full| / Σ|S_full|}, same Rademacher probes) and Spearman correlation of the
 * final scores, at T = 31 (the golden instance) and T = 128 (BOS + a story), m = 10, in float64 and
 * float32. A measurement, not a check: it prints a table and asserts nothing. Run with
 * <pre>
 * mvn -q -pl core test -Dtest=LowRankAccuracy -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * System properties (through {@code -Dtest.argLine=...}): {@code lr.ranks} (default 64), {@code lr.methods}
 * (default all three), {@code lr.groups} (extra blockwise group counts to try, default none),
 * {@code lr.precisions} (default float64,float32), {@code lr.lengths} (default 31,128), {@code lr.power} (power
 * iterations of a diagnostic subspace iteration, e.g. 1,2: {@code (q + 2) r} HVPs, close to the best rank-r
 * subspace of H, so it shows how far any rank-r approximation can get; default none), {@code lr.offsets}
 * (for T ≠ 31: contexts BOS + story tokens from these offsets, default 0,20,40).
 */
@Tag("long")
class LowRankAccuracy {

    /** A story of ours (not from any dataset), long enough for a 128-token context. */
    static final String STORY = "Once upon a time, a small boy named Ben lived near a big green hill. Every morning he "
            + "walked up the hill with his cat, Tom, to look at the birds. One day Ben saw a red kite stuck in a tall "
            + "tree. He wanted to help, so he climbed the tree very slowly. Tom sat under the tree and watched him. "
            + "Ben got the kite and came down. A girl named Sue ran to him and smiled. \"That is my kite!\" she said. "
            + "Ben gave the kite to Sue, and she said thank you. They flew the kite together all day, and Tom chased "
            + "the long tail of the kite in the grass. When the sun went down, Ben and Sue were very happy friends.";

    @Test
    void measure() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        List<Integer> ranks = ints(System.getProperty("lr.ranks", "64"));
        List<String> methods = List.of(System.getProperty("lr.methods", "range-finder,blockwise,nystrom").split(","));
        List<Integer> groups = ints(System.getProperty("lr.groups", ""));
        List<String> precisions = List.of(System.getProperty("lr.precisions", "float64,float32").split(","));
        List<Integer> lengths = ints(System.getProperty("lr.lengths", "31,128"));
        List<Integer> power = ints(System.getProperty("lr.power", ""));
        List<Integer> offsets = ints(System.getProperty("lr.offsets", "0,20,40"));
        System.out.println("precision  T    method          rank groups  relL1(S)  sum(S)/sum(S_full)  spearman(S)  "
                + "spearman(scores)  HVPs  seconds");
        for (String pr : precisions) {
            try (CausalLm model = ModelLoader.load(SharedFiles.stories260K(),
                    Precision.valueOf(pr.trim().toUpperCase(Locale.ROOT)))) {
                List<int[]> cases = new ArrayList<>();
                for (int t : lengths) {
                    for (int off : t == 31 ? List.of(0) : offsets) {
                        cases.add(new int[] {t, off});
                    }
                }
                for (int[] c : cases) {
                    int t = c[0];
                    int off = c[1];
                    int[] ctx;
                    int target;
                    if (t == 31) {
                        var golden = SharedFiles.json("golden/stories260K-heta.json");
                        ctx = SharedFiles.ints(golden.get("ids"));
                        target = golden.get("target").asInt();
                    } else {
                        Tokenizer tok = model.tokenizer().orElseThrow();
                        int[] story = tok.encode(STORY, false).ids();
                        if (story.length < off + t) {
                            throw new IllegalStateException("story has " + story.length + " tokens, need " + (off + t));
                        }
                        ctx = new int[t];
                        ctx[0] = tok.bosId();
                        System.arraycopy(story, off, ctx, 1, t - 1);
                        target = story[off + t - 1];
                    }
                    if (t != 31) {
                        System.out.println("# T = " + t + ": BOS + story tokens " + off + ".." + (off + t - 2)
                                + ", target story token " + (off + t - 1));
                    }
                    Map<String, String> p = new HashMap<>();
                    p.put("heta.hvp.samples", "10");
                    HetaResult full = run(model, ctx, target, p);
                    row(pr, t, "full", 0, "", full, full);
                    for (int r : ranks) {
                        for (String method : methods) {
                            p.put("heta.variant", "LR-" + r);
                            p.put("heta.lr.method", method.trim());
                            HetaResult lr = run(model, ctx, target, p);
                            String g = method.trim().equals("blockwise")
                                    ? Integer.toString(LowRankCurvature.groupCount(t, r)) : "";
                            row(pr, t, method.trim(), r, g, lr, full);
                        }
                        for (int g : groups) {
                            row(pr, t, "blockwise", r, Integer.toString(g), custom(model, ctx, target, full,
                                    (op, rnd, tol) -> LowRankCurvature.blockwise(op, t, model.config().hiddenSize(), r,
                                            g, rnd, tol)), full);
                        }
                        for (int q : power) {
                            row(pr, t, "power-" + q, r, "", custom(model, ctx, target, full,
                                    (op, rnd, tol) -> subspaceIteration(op, t, model.config().hiddenSize(), r, q, rnd,
                                            tol)), full);
                        }
                    }
                }
            }
        }
    }

    static HetaResult run(CausalLm model, int[] ctx, int target, Map<String, String> p) {
        return Heta.compute(AttributionRequest.of(model, "lr-accuracy-" + ctx.length, ctx, target, p, 20261203L),
                Heta.Params.parse(p));
    }

    /** An approximation built here from the model's HVP operator. */
    interface Builder {
        LowRankCurvature.Approximation build(HvpOperator op, java.util.SplittableRandom random, double tolerance);
    }

    /**
     * Range finder with q power iterations ({@code Y = H^{q+1} Ω}, re-orthonormalised after each product),
     * then {@code B = Qᵀ H Q}: {@code (q + 2) r} HVPs. A diagnostic, not an option of HETA.
     */
    static LowRankCurvature.Approximation subspaceIteration(HvpOperator op, int t, int d, int rank, int q,
                                                            java.util.SplittableRandom random, double tol) {
        long[] count = {0};
        HvpOperator counted = dirs -> {
            count[0] += dirs.size();
            return op.apply(dirs);
        };
        int[] pass = {0};
        // the first product goes through rangeFinder's own Ω; intercept it to iterate before B is formed
        HvpOperator iterated = dirs -> {
            List<double[][]> y = counted.apply(dirs);
            if (pass[0]++ == 0) {
                for (int i = 0; i < q; i++) {
                    y = counted.apply(LowRankCurvature.orthonormalise(y, 0, t, t, d, tol));
                }
            }
            return y;
        };
        LowRankCurvature.Approximation a = LowRankCurvature.rangeFinder(iterated, t, d, rank, random, tol);
        return new LowRankCurvature.Approximation(a.hessian(), count[0], a.note());
    }

    /** S from a custom approximation (same probes and Ω stream as HETA), scores recombined with full's gate and I. */
    static HetaResult custom(CausalLm model, int[] ctx, int target, HetaResult full, Builder builder) {
        Map<String, String> p = Map.of("heta.hvp.samples", "10");
        AttributionRequest req = AttributionRequest.of(model, "lr-accuracy-" + ctx.length, ctx, target, p, 20261203L);
        Heta.Params params = Heta.Params.parse(p);
        double[][][] probes = new RademacherProbes().probes(req, ctx.length, 10, model.config().hiddenSize());
        var input = org.hetabench.core.model.ForwardRequest.ofEmbeddings(model.embed(ctx));
        var objective = org.hetabench.core.model.Objective.logProb(target);
        long before = model.passes().snapshot().hvp();
        long t0 = System.nanoTime();
        HvpOperator op = CurvatureSensitivity.hvpOperator(model, input, objective, params.hvpMode(model.precision()),
                (int) Math.max(1, Heta.CALL_BUDGET / ((long) ctx.length * model.config().hiddenSize())));
        LowRankCurvature.Approximation a = builder.build(op, req.random(Heta.NAME, "nystrom@0"),
                params.lowRankTolerance());
        double[] s = a.hessian().curvature(probes);
        double[] scores = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            scores[i] = full.gate()[i] * (params.beta() * s[i] + params.gamma() * full.information()[i]);
        }
        var passes = new org.hetabench.core.model.PassCounter.Snapshot(0, 0, model.passes().snapshot().hvp() - before,
                0, 0);
        return new HetaResult(scores, full.gate(), s, full.information(), null, null, full.logProb(), "custom",
                "none", null, passes, (System.nanoTime() - t0) / 1e9, Map.of());
    }

    static void row(String precision, int t, String method, int rank, String groups, HetaResult r, HetaResult full) {
        System.out.printf(Locale.ROOT, "%-9s %4d  %-14s %5d %6s  %8.4f  %18.4f  %11.4f  %16.4f  %5d  %7.2f%n", precision,
                t, method, rank, groups, relL1(r.curvature(), full.curvature()),
                Arrays.stream(r.curvature()).sum() / Arrays.stream(full.curvature()).sum(),
                spearman(r.curvature(), full.curvature()),
                spearman(r.scores(), full.scores()), r.passes().hvp(), r.seconds());
    }

    static double relL1(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += Math.abs(a[i] - b[i]);
            den += Math.abs(b[i]);
        }
        return num / den;
    }

    /** Spearman's rho: Pearson correlation of the ranks, ties given their average rank. */
    static double spearman(double[] a, double[] b) {
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
        double[] r = new double[x.length];
        for (int lo = 0; lo < x.length; ) {
            int hi = lo;
            while (hi + 1 < x.length && x[order[hi + 1]] == x[order[lo]]) {
                hi++;
            }
            for (int k = lo; k <= hi; k++) {
                r[order[k]] = (lo + hi) / 2.0 + 1;
            }
            lo = hi + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return out;
    }
}
