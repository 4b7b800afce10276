package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Span-F1 (spec §5.3), after ERASER's {@code partial_match_score} (DeYoung et al. 2020): predicted spans are
 * the maximal runs of the top-k positions (k as in {@link TokenF1}), matched one-to-one to gold spans by
 * descending IOU; a pair with {@code IOU ≥ spanF1.iou} is a true positive. No forward passes.
 */
public final class SpanF1 implements Metric {

    /** Matching rule. */
    public enum Matching { ONE_TO_ONE, ERASER_COMPAT }

    /** IOU threshold or strict containment. */
    public enum Mode { IOU, STRICT }

    private final TokenF1 topK;
    private final double threshold;
    private final Matching matching;
    private final Mode mode;
    private final MetricInfo info;

    public SpanF1(MetricConfig config) {
        this.topK = new TokenF1(config);
        this.threshold = config.real("spanF1.iou");
        this.matching = config.choice("spanF1.matching", Matching.class);
        this.mode = config.choice("spanF1.mode", Mode.class);
        info = new MetricInfo("span-f1", "Span-F1", MetricInfo.Family.PLAUSIBILITY,
                MetricInfo.Direction.HIGHER_IS_BETTER, 0, 1, 1, MetricInfo.Aggregation.MEAN, "F1",
                MetricInfo.Provenance.CODE, "5.3", config.subset("spanF1.iou", "spanF1.matching", "spanF1.mode",
                "f1.k", "f1.eligible"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    @Override
    public Set<Requirement> requires() {
        return Set.of(Requirement.GOLD);
    }

    /** IOU of two half-open spans. */
    public static double iou(int[] p, int[] g) {
        int inter = Math.max(0, Math.min(p[1], g[1]) - Math.max(p[0], g[0]));
        int union = (p[1] - p[0]) + (g[1] - g[0]) - inter;
        return union == 0 ? 0 : (double) inter / union;
    }

    /**
     * Span precision, recall and F1.
     *
     * @return {@code {precision, recall, f1, tp}}
     */
    public static double[] score(List<int[]> predicted, List<int[]> gold, double threshold, Matching matching,
                                 Mode mode) {
        if (predicted.isEmpty() || gold.isEmpty()) {
            return new double[] {0, 0, 0, 0};
        }
        int tp = 0;
        if (matching == Matching.ERASER_COMPAT && mode == Mode.IOU) {
            for (int[] p : predicted) {
                double best = 0;
                for (int[] g : gold) {
                    best = Math.max(best, iou(p, g));
                }
                tp += best >= threshold ? 1 : 0;
            }
        } else {
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < predicted.size(); i++) {
                for (int j = 0; j < gold.size(); j++) {
                    int[] p = predicted.get(i);
                    int[] g = gold.get(j);
                    boolean ok = mode == Mode.STRICT ? p[0] <= g[0] && g[1] <= p[1] : iou(p, g) >= threshold;
                    if (ok) {
                        pairs.add(new double[] {iou(p, g), i, j});
                    }
                }
            }
            pairs.sort(Comparator.<double[]>comparingDouble(x -> -x[0]).thenComparingDouble(x -> x[1])
                    .thenComparingDouble(x -> x[2]));
            boolean[] pu = new boolean[predicted.size()];
            boolean[] gu = new boolean[gold.size()];
            for (double[] x : pairs) {
                int i = (int) x[1];
                int j = (int) x[2];
                if (!pu[i] && !gu[j]) {
                    pu[i] = true;
                    gu[j] = true;
                    tp++;
                }
            }
        }
        double p = (double) tp / predicted.size();
        double r = (double) tp / gold.size();
        double f = tp == 0 ? 0 : 2 * p * r / (p + r);
        return new double[] {p, r, f, tp};
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        checkRequirements(ctx);
        if (ctx.gold().gold().length == 0) {
            return MetricValue.undefined("empty gold set");
        }
        TokenF1.Counts c = topK.tokenCounts(ctx, info.name());
        List<int[]> pred = GoldAnnotation.runs(c.top());
        List<int[]> gold = ctx.gold().spans();
        double[] s = score(pred, gold, threshold, matching, mode);
        Map<String, Double> comp = new LinkedHashMap<>();
        comp.put("precision", s[0]);
        comp.put("recall", s[1]);
        comp.put("tp", s[3]);
        comp.put("predictedSpans", (double) pred.size());
        comp.put("goldSpans", (double) gold.size());
        return new MetricValue(s[2], Double.NaN, comp, Map.of());
    }
}
