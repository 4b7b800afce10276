package org.hetabench.evaluation.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hetabench.evaluation.stats.SpearmanCorrelation;

/**
 * Active/passive robustness (spec §6.2, the HETA paper's rephrasing test): Spearman correlation between the
 * word scores of the aligned content words of a sentence (the instance) and of its passive rephrasing
 * ({@link AlignedPair}), each attribution normalised with {@code SUM_TO_ONE_ABS}, a word's score being the
 * sum of its tokens'. NaN with fewer than {@code ap.minAligned} aligned words. No forward passes.
 */
public final class ActivePassiveRobustness implements Metric {

    private final int minAligned;
    private final MetricInfo info;

    public ActivePassiveRobustness(MetricConfig config) {
        this.minAligned = config.integer("ap.minAligned");
        info = new MetricInfo("active-passive", "Active/Passive ρ", MetricInfo.Family.ROBUSTNESS,
                MetricInfo.Direction.HIGHER_IS_BETTER, -1, 1, 1, MetricInfo.Aggregation.MEAN, "Spearman rho",
                MetricInfo.Provenance.PAPER, "6.2", config.subset("ap.target", "ap.minAligned"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    @Override
    public Set<Requirement> requires() {
        return Set.of(Requirement.ALIGNED_PAIR);
    }

    /** Word scores: the sum of each word's token importances. */
    public static double[] wordScores(double[] importance, int[][] words) {
        double[] o = new double[words.length];
        for (int w = 0; w < words.length; w++) {
            for (int p : words[w]) {
                o[w] += importance[p];
            }
        }
        return o;
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        checkRequirements(ctx);
        AlignedPair pair = ctx.alignedPair();
        for (int[] w : pair.passiveWords()) {
            for (int p : w) {
                if (p < 0 || p >= pair.passiveScores().length) {
                    throw ctx.fail(info.name(), "aligned passive word refers to position " + p
                            + ", outside the passive attribution of length " + pair.passiveScores().length);
                }
            }
        }
        int n = pair.words().size();
        if (n < minAligned) {
            return MetricValue.undefined("fewer than " + minAligned + " aligned words (" + n + ")");
        }
        double[] a = ImportanceNormalization.SUM_TO_ONE_ABS.apply(ctx.scores()).values();
        double[] p = ImportanceNormalization.SUM_TO_ONE_ABS.apply(pair.passiveScores()).values();
        double rho = SpearmanCorrelation.rho(wordScores(a, pair.activeWords()), wordScores(p, pair.passiveWords()),
                minAligned);
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("alignedWords", (double) n);
        return Double.isNaN(rho) ? new MetricValue(rho, Double.NaN, c, Map.of("undefined", "constant word scores"))
                : new MetricValue(rho, Double.NaN, c, Map.of());
    }
}
