package org.hetabench.evaluation.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Token-level F1 between the top-k attributed positions and the annotated important tokens (spec §5.2):
 * HETA release {@code f1_alignment}, ERASER {@code score_hard_rationale_predictions} (DeYoung et al. 2020).
 * {@code k = |G|} by default, so precision = recall = F1. No forward passes.
 */
public final class TokenF1 implements Metric {

    /** Eligible positions. */
    public enum Eligible { ALL_CONTEXT, PARAGRAPH }

    /** Token or word level. */
    public enum Level { TOKEN, WORD }

    private final Integer fixedK;
    private final Eligible eligible;
    private final Level level;
    private final boolean micro;
    private final MetricInfo info;

    public TokenF1(MetricConfig config) {
        String k = config.choice("f1.k");
        this.fixedK = k.equals("GOLD_SIZE") ? null : Integer.parseInt(k);
        this.eligible = config.choice("f1.eligible", Eligible.class);
        this.level = config.choice("f1.level", Level.class);
        this.micro = config.choice("f1.average").equals("MICRO");
        info = new MetricInfo("f1", "Token F1", MetricInfo.Family.PLAUSIBILITY, MetricInfo.Direction.HIGHER_IS_BETTER,
                0, 1, 1, micro ? MetricInfo.Aggregation.POOLED_F1 : MetricInfo.Aggregation.MEAN, "F1",
                MetricInfo.Provenance.CODE, "5.2", config.subset("f1.k", "f1.eligible", "f1.level", "f1.average"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    @Override
    public Set<Requirement> requires() {
        return Set.of(Requirement.GOLD);
    }

    /** Counts of one instance: true positives, predicted and gold sizes, and the predicted positions. */
    public record Counts(int tp, int predicted, int gold, int[] top) {
        public double f1() {
            return DatasetAggregate.f1(tp, predicted, gold);
        }
    }

    /** F1 of a predicted set against a gold set. */
    public static Counts counts(int[] predicted, int[] gold) {
        Set<Integer> g = new java.util.HashSet<>();
        Arrays.stream(gold).forEach(g::add);
        int tp = (int) Arrays.stream(predicted).filter(g::contains).count();
        return new Counts(tp, predicted.length, g.size(), predicted.clone());
    }

    /** The top-k predicted token positions of a context under this configuration. */
    Counts tokenCounts(MetricContext ctx, String metric) {
        GoldAnnotation gold = ctx.gold();
        boolean[] el = eligibleMask(ctx, metric);
        int k = fixedK != null ? fixedK : (int) Arrays.stream(gold.gold()).distinct().count();
        return counts(Ranking.topK(ctx.scores(), el, k), gold.gold());
    }

    boolean[] eligibleMask(MetricContext ctx, String metric) {
        boolean[] el = new boolean[ctx.length()];
        if (eligible == Eligible.ALL_CONTEXT) {
            Arrays.fill(el, true);
        } else {
            if (ctx.gold().paragraph() == null) {
                throw ctx.fail(metric, "f1.eligible=PARAGRAPH needs the paragraph positions in the gold annotation");
            }
            for (int p : ctx.gold().paragraph()) {
                el[p] = true;
            }
        }
        return el;
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        checkRequirements(ctx);
        GoldAnnotation gold = ctx.gold();
        Counts c;
        if (level == Level.TOKEN) {
            if (gold.gold().length == 0) {
                return MetricValue.undefined("empty gold set");
            }
            c = tokenCounts(ctx, info.name());
        } else {
            if (gold.words() == null || gold.goldWords() == null) {
                throw ctx.fail(info.name(), "f1.level=WORD needs the word token groups and gold word indices");
            }
            if (gold.goldWords().length == 0) {
                return MetricValue.undefined("empty gold set");
            }
            boolean[] el = eligibleMask(ctx, info.name());
            double[] a = ctx.scores();
            int[][] words = gold.words();
            double[] ws = new double[words.length];
            boolean[] wel = new boolean[words.length];
            for (int w = 0; w < words.length; w++) {
                for (int p : words[w]) {
                    ws[w] += a[p];
                    wel[w] |= el[p];
                }
            }
            int k = fixedK != null ? fixedK : (int) Arrays.stream(gold.goldWords()).distinct().count();
            c = counts(Ranking.topK(ws, wel, k), gold.goldWords());
        }
        Map<String, Double> comp = new LinkedHashMap<>();
        comp.put("tp", (double) c.tp);
        comp.put("predicted", (double) c.predicted);
        comp.put("gold", (double) c.gold);
        return new MetricValue(c.f1(), Double.NaN, comp, Map.of());
    }
}
