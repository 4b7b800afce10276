package org.hetabench.jobs.analysis;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.hetabench.evaluation.metrics.MetricConfig;
import org.hetabench.evaluation.metrics.MetricInfo;
import org.hetabench.evaluation.metrics.MetricRegistry;
import org.hetabench.evaluation.stats.PairedComparison;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;

/**
 * The {@code compare} job: a candidate run against a baseline run, row by row. Rows pair on the report keys
 * (model, dataset, instance, target position, method, cell, seed). Per (method, metric) it reports the mean
 * difference candidate − baseline with a paired percentile-bootstrap CI and the Wilcoxon signed-rank p
 * (metrics.md §11.2), judged in the metric's declared direction ({@link MetricInfo#direction()}); per method
 * it compares passes and seconds per work item. Rows present in one run only, failed rows, values
 * missing on one side and duplicate keys (a key written twice counts once) are counted and reported,
 * never silently dropped.
 */
public final class RunComparison {

    /**
     * One (method, metric) comparison.
     *
     * @param method method
     * @param metric metric
     * @param higherIsBetter the declared direction (null if the metric is not in the registry: not checked)
     * @param n pairs with a finite value on both sides
     * @param unpairedValues pairs where only one side has a finite value
     * @param baselineMean mean over the pairs, baseline
     * @param candidateMean mean over the pairs, candidate
     * @param meanDiff candidate − baseline
     * @param ciLow bootstrap CI of meanDiff (NaN for n &lt; 2)
     * @param ciHigh bootstrap CI upper bound
     * @param wilcoxonP two-sided p (NaN if every difference is zero)
     * @param worsening the change in the worse direction (positive = worse)
     * @param allowed the threshold's allowance for this baseline value
     * @param regression whether this is a regression
     */
    public record MetricDelta(String method, String metric, Boolean higherIsBetter, int n, int unpairedValues,
                              double baselineMean, double candidateMean, double meanDiff, double ciLow, double ciHigh,
                              double wilcoxonP, double worsening, double allowed, boolean regression) {}

    /** Throughput of one method: per work item. */
    public record Throughput(String method, String quantity, double baseline, double candidate, double worsening,
                             double allowed, boolean regression) {}

    /** Unpaired and failed row counts of one method. */
    public record Coverage(String method, long paired, long onlyBaseline, long onlyCandidate, long failedBaseline,
                           long failedCandidate, long newFailures, long duplicatesBaseline, long duplicatesCandidate) {}

    /** The outcome. */
    public record Result(String baselineRun, String candidateRun, List<MetricDelta> metrics, List<Throughput> throughput,
                         List<Coverage> coverage, List<String> newFailureKeys, CompareThresholds thresholds,
                         boolean regression) {}

    private record Side(Map<String, Row> rows, Map<String, Long> duplicates) {}

    private RunComparison() {}

    public static Result compare(RunStore files, String baselineRun, String candidateRun, CompareThresholds thresholds) {
        Side base = collect(files.rows(baselineRun));
        Side cand = collect(files.rows(candidateRun));
        Set<String> methods = new TreeSet<>();
        base.rows.values().forEach(r -> methods.add(r.getString(r.fieldIndex("method"))));
        cand.rows.values().forEach(r -> methods.add(r.getString(r.fieldIndex("method"))));
        List<MetricDelta> deltas = new ArrayList<>();
        List<Throughput> through = new ArrayList<>();
        List<Coverage> coverage = new ArrayList<>();
        List<String> newFailureKeys = new ArrayList<>();
        Map<String, MetricInfo> infos = new HashMap<>();
        for (String method : methods) {
            Map<String, Row> b = ofMethod(base.rows, method);
            Map<String, Row> c = ofMethod(cand.rows, method);
            long onlyB = b.keySet().stream().filter(k -> !c.containsKey(k)).count();
            long onlyC = c.keySet().stream().filter(k -> !b.containsKey(k)).count();
            long failedB = 0;
            long failedC = 0;
            long newFail = 0;
            long paired = 0;
            Map<String, List<double[]>> values = new TreeMap<>();
            Map<String, Integer> unpairedValues = new HashMap<>();
            for (Map.Entry<String, Row> e : b.entrySet()) {
                Row rc = c.get(e.getKey());
                if (rc == null) {
                    continue;
                }
                paired++;
                boolean fb = failed(e.getValue());
                boolean fc = failed(rc);
                failedB += fb ? 1 : 0;
                failedC += fc ? 1 : 0;
                if (fc && !fb) {
                    newFail++;
                    newFailureKeys.add(e.getKey().replace('\u0001', '|') + ": " + rc.getString(rc.fieldIndex("failure_class"))
                            + ": " + rc.getString(rc.fieldIndex("failure_message")));
                }
                Map<String, Double> mb = metrics(e.getValue());
                Map<String, Double> mc = metrics(rc);
                Set<String> names = new TreeSet<>(mb.keySet());
                names.addAll(mc.keySet());
                for (String m : names) {
                    Double vb = mb.get(m);
                    Double vc = mc.get(m);
                    boolean okB = vb != null && Double.isFinite(vb);
                    boolean okC = vc != null && Double.isFinite(vc);
                    if (okB && okC) {
                        values.computeIfAbsent(m, x -> new ArrayList<>()).add(new double[] {vb, vc});
                    } else if (okB || okC) {
                        unpairedValues.merge(m, 1, Integer::sum);
                    }
                }
            }
            coverage.add(new Coverage(method, paired, onlyB, onlyC, failedB, failedC, newFail,
                    base.duplicates.getOrDefault(method, 0L), cand.duplicates.getOrDefault(method, 0L)));
            Set<String> metricNames = new TreeSet<>(values.keySet());
            metricNames.addAll(unpairedValues.keySet());
            for (String m : metricNames) {
                List<double[]> v = values.getOrDefault(m, List.of());
                MetricInfo info = infos.computeIfAbsent(m, RunComparison::info);
                deltas.add(delta(method, m, info, v, unpairedValues.getOrDefault(m, 0), thresholds));
            }
            through.add(throughput(method, CompareThresholds.PASSES, b, c, thresholds, true));
            through.add(throughput(method, CompareThresholds.SECONDS, b, c, thresholds, false));
            CompareThresholds.Threshold ft = thresholds.of(CompareThresholds.FAILURES);
            through.add(new Throughput(method, CompareThresholds.FAILURES, failedB, failedC, newFail, ft.allowed(failedB),
                    newFail > ft.allowed(failedB)));
        }
        boolean regression = deltas.stream().anyMatch(MetricDelta::regression)
                || through.stream().anyMatch(Throughput::regression);
        return new Result(baselineRun, candidateRun, deltas, through, coverage, newFailureKeys, thresholds, regression);
    }

    private static MetricInfo info(String metric) {
        try {
            return MetricRegistry.create(metric, MetricConfig.defaults()).info();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static MetricDelta delta(String method, String metric, MetricInfo info, List<double[]> pairs, int unpaired,
                             CompareThresholds thresholds) {
        int n = pairs.size();
        double[] b = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = pairs.get(i)[0];
            c[i] = pairs.get(i)[1];
        }
        double mb = mean(b);
        double mc = mean(c);
        double diff = mc - mb;
        double lo = Double.NaN;
        double hi = Double.NaN;
        double p = Double.NaN;
        if (n >= 2) {
            PairedComparison pc = PairedComparison.of(c, b, CompareThresholds.BOOTSTRAP_RESAMPLES, CompareThresholds.ALPHA,
                    CompareThresholds.BOOTSTRAP_SEED);
            diff = pc.meanDiff();
            lo = pc.ciLow();
            hi = pc.ciHigh();
            p = pc.wilcoxon().p();
        }
        Boolean hib = info == null ? null : info.higherIsBetter();
        double worse = hib == null ? Double.NaN : hib ? -diff : diff;
        double allowed = thresholds.of(metric).allowed(mb);
        // With two or more pairs, a worsening counts only if the CI excludes zero on the worse side.
        boolean significant = n < 2 ? true : hib != null && (hib ? hi < 0 : lo > 0);
        boolean regression = hib != null && n > 0 && worse > allowed && significant;
        return new MetricDelta(method, metric, hib, n, unpaired, mb, mc, diff, lo, hi, p, worse, allowed, regression);
    }

    /** Throughput over the rows both runs have, so that a missing row cannot pass for a speed change. */
    private static Throughput throughput(String method, String quantity, Map<String, Row> b, Map<String, Row> c,
                                         CompareThresholds thresholds, boolean passes) {
        Map<String, Row> pb = new java.util.HashMap<>(b);
        pb.keySet().retainAll(c.keySet());
        Map<String, Row> pc = new java.util.HashMap<>(c);
        pc.keySet().retainAll(b.keySet());
        double vb = perItem(pb, passes);
        double vc = perItem(pc, passes);
        double allowed = thresholds.of(quantity).allowed(vb);
        double worse = vc - vb;
        return new Throughput(method, quantity, vb, vc, worse, allowed, worse > allowed);
    }

    private static double perItem(Map<String, Row> rows, boolean passes) {
        Set<String> items = new java.util.HashSet<>();
        double total = 0;
        for (Row r : rows.values()) {
            items.add(r.getString(r.fieldIndex("item_key")));
            total += passes ? r.getLong(r.fieldIndex("passes_forward")) + r.getLong(r.fieldIndex("passes_backward"))
                    + r.getLong(r.fieldIndex("passes_hvp")) : r.getDouble(r.fieldIndex("seconds"));
        }
        return items.isEmpty() ? Double.NaN : total / items.size();
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    private static boolean failed(Row r) {
        return !r.isNullAt(r.fieldIndex("failure_class"));
    }

    private static Map<String, Double> metrics(Row r) {
        int i = r.fieldIndex("metrics");
        return r.isNullAt(i) ? Map.of() : r.<String, Double>getJavaMap(i);
    }

    private static Map<String, Row> ofMethod(Map<String, Row> rows, String method) {
        Map<String, Row> out = new LinkedHashMap<>();
        rows.forEach((k, r) -> {
            if (r.getString(r.fieldIndex("method")).equals(method)) {
                out.put(k, r);
            }
        });
        return out;
    }

    private static Side collect(Dataset<Row> attributions) {
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Long> dups = new HashMap<>();
        for (Row r : attributions.select(col("model"), col("dataset"), col("instance_id"), col("target_position"),
                col("method"), col("cell"), col("seed"), col("item_key"), col("failure_class"), col("failure_message"),
                col("metrics"), col("passes_forward"), col("passes_backward"), col("passes_hvp"), col("seconds"))
                .collectAsList()) {
            StringBuilder k = new StringBuilder();
            for (String key : RunSchema.KEYS) {
                k.append(k.length() == 0 ? "" : "\u0001").append(String.valueOf(r.get(r.fieldIndex(key))));
            }
            if (rows.putIfAbsent(k.toString(), r) != null) {
                dups.merge(r.getString(r.fieldIndex("method")), 1L, Long::sum);
            }
        }
        return new Side(rows, dups);
    }

    /** The Markdown summary. */
    public static String markdown(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Compare: candidate ").append(r.candidateRun()).append(" vs baseline ").append(r.baselineRun())
                .append("\n\n**Verdict: ").append(r.regression() ? "REGRESSION" : "no regression").append("**\n\n");
        sb.append("- Rows pair on (model, dataset, instance_id, target_position, method, cell, seed). Difference ="
                + " candidate − baseline; CI = ").append(Math.round((1 - CompareThresholds.ALPHA) * 100))
                .append("% paired percentile bootstrap (").append(CompareThresholds.BOOTSTRAP_RESAMPLES)
                .append(" resamples, seed ").append(CompareThresholds.BOOTSTRAP_SEED)
                .append("); p = two-sided Wilcoxon signed-rank (metrics.md §11.2).\n");
        sb.append("- A metric regresses when its change in the worse direction (from the metric's declared direction)"
                + " exceeds the threshold and, with ≥ 2 pairs, the CI lies entirely on the worse side of zero."
                + " Thresholds: metrics ").append(r.thresholds().metricDefault()).append(" unless named");
        r.thresholds().byName().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append("; ")
                .append(e.getKey()).append(' ').append(Double.isInfinite(e.getValue().value()) ? "not checked" : e.getValue()));
        sb.append(".\n\n## Coverage\n\n| method | paired rows | only in baseline | only in candidate | failed (baseline) |"
                + " failed (candidate) | new failures | duplicate keys (b/c) |\n|---|---|---|---|---|---|---|---|\n");
        for (Coverage c : r.coverage()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d/%d |%n", c.method(), c.paired(),
                    c.onlyBaseline(), c.onlyCandidate(), c.failedBaseline(), c.failedCandidate(), c.newFailures(),
                    c.duplicatesBaseline(), c.duplicatesCandidate()));
        }
        sb.append("\n## Metrics\n\n| method | metric | better | pairs | unpaired values | baseline | candidate | Δ |"
                + " CI | Wilcoxon p | allowed worsening | verdict |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MetricDelta d : r.metrics()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                    d.method(), d.metric(), d.higherIsBetter() == null ? "unknown" : d.higherIsBetter() ? "higher" : "lower",
                    d.n(), d.unpairedValues(), f(d.baselineMean()), f(d.candidateMean()), f(d.meanDiff()),
                    Double.isNaN(d.ciLow()) ? "n/a" : "[" + f(d.ciLow()) + ", " + f(d.ciHigh()) + "]",
                    Double.isNaN(d.wilcoxonP()) ? "n/a" : String.format(Locale.ROOT, "%.4g", d.wilcoxonP()),
                    f(d.allowed()), d.regression() ? "**REGRESSION**"
                            : d.higherIsBetter() == null ? "not checked (direction unknown)" : "ok"));
        }
        sb.append("\n## Throughput (per work item) and failures\n\n| method | quantity | baseline | candidate |"
                + " worsening | allowed | verdict |\n|---|---|---|---|---|---|---|\n");
        for (Throughput t : r.throughput()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", t.method(), t.quantity(),
                    f(t.baseline()), f(t.candidate()), f(t.worsening()),
                    Double.isInfinite(t.allowed()) ? "not checked" : f(t.allowed()),
                    t.regression() ? "**REGRESSION**" : "ok"));
        }
        if (!r.newFailureKeys().isEmpty()) {
            sb.append("\n## New failures\n\n");
            r.newFailureKeys().stream().limit(50).forEach(k -> sb.append("- ").append(k).append('\n'));
            if (r.newFailureKeys().size() > 50) {
                sb.append("- … and ").append(r.newFailureKeys().size() - 50).append(" more\n");
            }
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }
}
