package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.hetabench.core.generation.DecodingConfig;

/**
 * Decoding-grid robustness Δ% (spec §7, [SPEC] formula for the HETA paper's "maximum relative change across
 * the grid"): a dataset-level metric is recomputed for every decoding configuration and seed; per
 * configuration the seeds are averaged, then compared with the reference (greedy by default).
 * Lower is better.
 */
public final class DecodingGridDelta {

    /** Reference point. */
    public enum Reference { GREEDY, GRID_MEAN }

    /** Statistic. */
    public enum Statistic { MAX_ABS_REL, RANGE }

    /** Metadata of the Δ% number. */
    public static MetricInfo info(MetricConfig config) {
        return new MetricInfo("decoding-grid-delta", "Decoding Δ%", MetricInfo.Family.ROBUSTNESS,
                MetricInfo.Direction.LOWER_IS_BETTER, 0, Double.POSITIVE_INFINITY, 0, MetricInfo.Aggregation.MEAN,
                "percent", MetricInfo.Provenance.SPEC, "7", config.subset("grid.reference", "grid.statistic",
                "grid.targets", "grid.maxNewTokens", "grid.metricOnProcessedLogits", "grid.maxInstances",
                "grid.absFloor", "seeds"));
    }

    /**
     * Δ% and the absolute change.
     *
     * @param deltaPercent the relative change in percent
     * @param absoluteChange {@code max_c |M̄_c − M_ref|} (or the range for RANGE)
     * @param reference the reference value used
     */
    public record Result(double deltaPercent, double absoluteChange, double reference) {}

    /**
     * Δ% from the greedy reference and the seed-averaged per-configuration values (unit test 7-A).
     */
    public static Result compute(double greedyRef, double[] configMeans, Reference reference, Statistic statistic,
                                 double absFloor) {
        double mean = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double m : configMeans) {
            mean += m / configMeans.length;
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        if (statistic == Statistic.RANGE) {
            return new Result(100 * (hi - lo) / Math.max(Math.abs(mean), absFloor), hi - lo, mean);
        }
        double ref = reference == Reference.GREEDY ? greedyRef : mean;
        double maxAbs = 0;
        for (double m : configMeans) {
            maxAbs = Math.max(maxAbs, Math.abs(m - ref));
        }
        return new Result(100 * maxAbs / Math.max(Math.abs(ref), absFloor), maxAbs, ref);
    }

    /** The paper's grid: temperature × top-p × top-k × repetition penalty = 54 configurations. */
    public static List<DecodingConfig> paperGrid(int maxNewTokens) {
        List<DecodingConfig> g = new ArrayList<>();
        for (double temp : new double[] {0.2, 0.5, 0.9}) {
            for (double p : new double[] {0.8, 0.9, 0.95}) {
                for (int k : new int[] {20, 50, 100}) {
                    for (double rep : new double[] {1.0, 1.2}) {
                        g.add(new DecodingConfig(maxNewTokens, temp, k, p, rep, 0, true));
                    }
                }
            }
        }
        return g;
    }

    /**
     * Runs the whole protocol: {@code run(config, seed)} must return the dataset-level metric for the texts
     * generated with {@code config} (its seed replaced by {@code seed}); {@code greedy(seed)} the same under
     * greedy decoding (averaged over the seeds, since stochastic metrics still depend on them).
     */
    public static Result evaluate(List<DecodingConfig> grid, long[] seeds, BiFunction<DecodingConfig, Long, Double> run,
                                  LongFunction<Double> greedy, Reference reference, Statistic statistic,
                                  double absFloor) {
        double ref = 0;
        for (long s : seeds) {
            ref += greedy.apply(s) / seeds.length;
        }
        double[] means = new double[grid.size()];
        for (int c = 0; c < grid.size(); c++) {
            DecodingConfig base = grid.get(c);
            for (long s : seeds) {
                DecodingConfig cs = new DecodingConfig(base.maxNewTokens(), base.temperature(), base.topK(),
                        base.topP(), base.repetitionPenalty(), s, base.stopAtEos());
                means[c] += run.apply(cs, s) / seeds.length;
            }
        }
        return compute(ref, means, reference, statistic, absFloor);
    }
}
