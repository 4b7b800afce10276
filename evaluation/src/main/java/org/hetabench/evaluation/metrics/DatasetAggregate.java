package org.hetabench.evaluation.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset-level number of one metric, with the counts spec §1.8 asks for.
 *
 * @param metric metric name
 * @param aggregation how it was combined
 * @param value the dataset number (NaN if no instance was usable)
 * @param used instances that entered the number
 * @param excluded instances left out (undefined values)
 * @param exclusionReasons reason → count
 * @param components dataset-level mean of each per-instance component (NaN entries excluded), plus
 *     {@code valueMedian}, the median of the used per-instance values (spec §8.2 reports it for Patch-Corr)
 */
public record DatasetAggregate(String metric, MetricInfo.Aggregation aggregation, double value, int used, int excluded,
                               Map<String, Integer> exclusionReasons, Map<String, Double> components) {

    /**
     * Aggregates per-instance values.
     *
     * @param epsilon smoothing of the log ratio (spec {@code soft.logRatioEpsilon}); 0 = none
     */
    public static DatasetAggregate of(MetricInfo info, List<MetricValue> values, double epsilon) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        Map<String, double[]> comp = new LinkedHashMap<>();
        double sum = 0;
        double sumBase = 0;
        int used = 0;
        java.util.List<Double> usedValues = new java.util.ArrayList<>();
        for (MetricValue v : values) {
            boolean ok = v.defined() && (info.aggregation() != MetricInfo.Aggregation.LOG_RATIO_OF_SUMS
                    || !Double.isNaN(v.baseline()));
            if (!ok) {
                reasons.merge(v.notes().getOrDefault("undefined", "undefined value"), 1, Integer::sum);
                continue;
            }
            used++;
            usedValues.add(v.value());
            sum += v.value();
            sumBase += Double.isNaN(v.baseline()) ? 0 : v.baseline();
            v.components().forEach((k, x) -> {
                if (!Double.isNaN(x)) {
                    double[] a = comp.computeIfAbsent(k, kk -> new double[2]);
                    a[0] += x;
                    a[1]++;
                }
            });
        }
        Map<String, Double> c = new LinkedHashMap<>();
        comp.forEach((k, a) -> c.put(k, a[0] / a[1]));
        if (!usedValues.isEmpty()) {
            double[] sorted = usedValues.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int m = sorted.length;
            c.put("valueMedian", m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2);
        }
        double value;
        if (used == 0) {
            value = Double.NaN;
        } else {
            switch (info.aggregation()) {
                case LOG_RATIO_OF_SUMS:
                    value = logRatio(sum, sumBase, epsilon);
                    c.put("sumSource", sum);
                    c.put("sumBaseline", sumBase);
                    break;
                case POOLED_F1: {
                    double tp = 0;
                    double pred = 0;
                    double gold = 0;
                    for (MetricValue v : values) {
                        if (v.defined()) {
                            tp += v.components().getOrDefault("tp", 0.0);
                            pred += v.components().getOrDefault("predicted", 0.0);
                            gold += v.components().getOrDefault("gold", 0.0);
                        }
                    }
                    value = f1(tp, pred, gold);
                    break;
                }
                default:
                    value = sum / used;
            }
        }
        return new DatasetAggregate(info.name(), info.aggregation(), value, used, values.size() - used, reasons, c);
    }

    /**
     * {@code ln((num + ε)/(den + ε))}; a zero numerator or denominator without smoothing gives NaN (spec §2.5:
     * ±∞ reported as NaN with a flag).
     */
    public static double logRatio(double num, double den, double epsilon) {
        double a = num + epsilon;
        double b = den + epsilon;
        if (!(a > 0) || !(b > 0)) {
            return Double.NaN;
        }
        return Math.log(a / b);
    }

    /** F1 from counts; 0 when nothing is correct. */
    public static double f1(double tp, double predicted, double gold) {
        if (tp == 0) {
            return 0;
        }
        double p = tp / predicted;
        double r = tp / gold;
        return 2 * p * r / (p + r);
    }
}
