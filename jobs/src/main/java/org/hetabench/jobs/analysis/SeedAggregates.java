package org.hetabench.jobs.analysis;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.hetabench.evaluation.stats.SeedSummary;

/**
 * Dataset-level numbers of a run and their spread over seeds (metrics.md §11.1, §11.3). Per seed, a
 * metric's dataset number is the mean over instances of the per-instance mean over target steps
 * (generated-target instances have several steps); undefined (NaN) values are excluded and counted.
 * The seeds' numbers then give mean ± sample std.
 *
 * <p>Log-ratio metrics (Soft-NS/NC, ReAGent variant; metrics.md §2.6) are aggregated as the spec says,
 * {@code ln(Σ source / Σ random)} over the dataset's targets, from the {@code <name>.source} and
 * {@code <name>.random} values the bench stores beside each target's value. {@code POOLED_F1} is the mean
 * of per-target values (schema v1 stores no per-target confusion counts), as every table states.
 */
public final class SeedAggregates {

    /** Grouping of one number: (model, dataset, method, cell, metric). */
    public record Key(String model, String dataset, String method, String cell, String metric) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return java.util.Comparator.comparing(Key::model).thenComparing(Key::dataset).thenComparing(Key::method)
                    .thenComparing(Key::cell).thenComparing(Key::metric).compare(this, o);
        }
    }

    /**
     * One aggregated number.
     *
     * @param key what it is
     * @param variant the attribution's variant label (null if the method reports none)
     * @param perSeed seed → dataset-level value
     * @param summary mean ± std over the seeds
     * @param instances instances with a defined value (summed over seeds)
     * @param undefined targets whose value was NaN (summed over seeds)
     */
    public record Number(Key key, String variant, Map<Long, Double> perSeed, SeedSummary summary, long instances,
                         long undefined) {}

    private SeedAggregates() {}

    /** Per (model, dataset, method, cell, seed, metric): the dataset-level value, computed in Spark. */
    public static Dataset<Row> perSeed(Dataset<Row> attributions) {
        Dataset<Row> long_ = attributions.where(col("failure_class").isNull())
                .select(col("model"), col("dataset"), col("instance_id"), col("target_position"), col("method"),
                        col("cell"), col("seed"), col("variant"),
                        functions.explode(col("metrics")).as(new String[] {"metric", "value"}));
        Dataset<Row> perInstance = long_
                .groupBy("model", "dataset", "method", "cell", "seed", "metric", "instance_id")
                .agg(avg(when(functions.isnan(col("value")).or(col("value").isNull()), lit(null)).otherwise(col("value")))
                                .as("value"),
                        sum(when(functions.isnan(col("value")).or(col("value").isNull()), 1).otherwise(0)).as("undefined"),
                        first("variant", true).as("variant"));
        Dataset<Row> means = perInstance.groupBy("model", "dataset", "method", "cell", "seed", "metric")
                .agg(avg("value").as("value"), count("value").as("instances"), sum("undefined").as("undefined"),
                        first("variant", true).as("variant"));
        Column defined = col("value").isNotNull().and(functions.not(functions.isnan(col("value"))));
        // metrics.md 2.6: per instance the mean over its targets of the source and random values, then
        // ln(sum over instances of the source means / sum of the random means); a zero sum is undefined.
        Dataset<Row> perInstanceParts = long_.where(col("metric").rlike("\\.(source|random)$"))
                .withColumn("base", functions.regexp_replace(col("metric"), "\\.(source|random)$", ""))
                .withColumn("part", functions.regexp_extract(col("metric"), "\\.(source|random)$", 1))
                .groupBy("model", "dataset", "method", "cell", "seed", "base", "instance_id")
                .agg(avg(when(col("part").equalTo("source").and(defined), col("value"))).as("ms"),
                        avg(when(col("part").equalTo("random").and(defined), col("value"))).as("mr"),
                        first("variant", true).as("variant"));
        Column both = col("ms").isNotNull().and(col("mr").isNotNull());
        Dataset<Row> ratios = perInstanceParts.groupBy("model", "dataset", "method", "cell", "seed", "base")
                .agg(sum(when(both, col("ms"))).as("s"), sum(when(both, col("mr"))).as("r"),
                        count(when(both, lit(1))).as("instances"), sum(when(both, 0).otherwise(1)).as("undefined"),
                        first("variant", true).as("variant"))
                .select(col("model"), col("dataset"), col("method"), col("cell"), col("seed"), col("base").as("metric"),
                        when(col("s").gt(0).and(col("r").gt(0)), functions.log(col("s").divide(col("r"))))
                                .as("value"),
                        col("instances"), col("undefined"), col("variant"));
        String[] keys = {"model", "dataset", "method", "cell", "seed", "metric"};
        return means.where(functions.not(col("metric").rlike("\\.(source|random)$")))
                .join(ratios.select(keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]),
                        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(keys)).toSeq(), "left_anti")
                .select(col("model"), col("dataset"), col("method"), col("cell"), col("seed"), col("metric"), col("value"),
                        col("instances"), col("undefined"), col("variant"))
                .unionByName(ratios);
    }

    /** Every number of a run, sorted by key. */
    public static List<Number> of(Dataset<Row> attributions) {
        Map<Key, Map<Long, Double>> values = new TreeMap<>();
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, String> variants = new LinkedHashMap<>();
        for (Row r : perSeed(attributions).collectAsList()) {
            Key k = new Key(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(5));
            double v = r.isNullAt(6) ? Double.NaN : r.getDouble(6);
            values.computeIfAbsent(k, x -> new TreeMap<>()).put(r.getLong(4), v);
            long[] c = counts.computeIfAbsent(k, x -> new long[2]);
            c[0] += r.getLong(7);
            c[1] += r.isNullAt(8) ? 0 : r.getLong(8);
            if (!r.isNullAt(9)) {
                variants.putIfAbsent(k, r.getString(9));
            }
        }
        List<Number> out = new ArrayList<>();
        values.forEach((k, seeds) -> {
            double[] defined = seeds.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
            SeedSummary s = defined.length == 0 ? new SeedSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                    : SeedSummary.of(defined);
            out.add(new Number(k, variants.get(k), seeds, s, counts.get(k)[0], counts.get(k)[1]));
        });
        return out;
    }
}
