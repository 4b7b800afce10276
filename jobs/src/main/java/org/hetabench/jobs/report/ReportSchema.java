package org.hetabench.jobs.report;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hetabench.jobs.bench.ResultRow;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The versioned Parquet schemas of a run (documented in docs/report-schema.md). Layout under the
 * output root: {@code tables/attributions/run_id=ID/} (one row per attributed target),
 * {@code tables/metrics/run_id=ID/} (long format: one row per target and metric),
 * {@code tables/runs/run_id=ID/} (provenance, one row).
 */
public final class ReportSchema {
    /** Bump on any incompatible change, and document it. */
    public static final int VERSION = 1;

    public static final StructType ATTRIBUTIONS = new StructType(new StructField[] {
        field("schema_version", IntegerType, false),
        field("item_key", StringType, false),
        field("model", StringType, false),
        field("dataset", StringType, false),
        field("instance_id", StringType, false),
        field("target_position", IntegerType, false),
        field("target_id", IntegerType, false),
        field("method", StringType, false),
        field("cell", StringType, false),
        field("seed", LongType, false),
        field("tokens", createArrayType(StringType, true), true),
        field("ids", createArrayType(IntegerType, false), true),
        field("evidence", createArrayType(IntegerType, false), true),
        field("scores", createArrayType(DoubleType, false), true),
        field("score_type", StringType, true),
        field("components", createMapType(StringType, createArrayType(DoubleType, false)), true),
        field("variant", StringType, true),
        field("hvp_mode", StringType, true),
        field("metrics", createMapType(StringType, DoubleType), true),
        field("metric_failures", createMapType(StringType, StringType), true),
        field("passes_forward", LongType, false),
        field("passes_backward", LongType, false),
        field("passes_hvp", LongType, false),
        field("seconds", DoubleType, false),
        field("rss_bytes", LongType, false),
        field("failure_class", StringType, true),
        field("failure_message", StringType, true),
        field("run_id", StringType, false),
    });

    /** Key columns of a target row. */
    public static final List<String> KEYS = List.of("model", "dataset", "instance_id", "target_position", "method", "cell",
            "seed");

    private ReportSchema() {}

    private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
        return new StructField(name, t, nullable, org.apache.spark.sql.types.Metadata.empty());
    }

    /** Reads a table with the declared schema (an empty or partially written directory reads as empty). */
    public static org.apache.spark.sql.Dataset<Row> read(org.apache.spark.sql.SparkSession spark, String path) {
        return spark.read().schema(ATTRIBUTIONS).parquet(path);
    }

    /** A result as a Spark row of {@link #ATTRIBUTIONS}. */
    public static Row toRow(ResultRow r) {
        Map<String, Object> comps = new LinkedHashMap<>();
        r.components().forEach((k, v) -> comps.put(k, boxed(v)));
        return RowFactory.create(VERSION, r.itemKey(), r.model(), r.dataset(), r.instanceId(), r.targetPosition(),
                r.targetId(), r.method(), r.cell(), r.seed(), seq(java.util.Arrays.asList(r.tokens())), boxed(r.ids()), boxed(r.evidence()),
                boxed(r.scores()), r.scoreType(), scalaMap(comps), r.variant(), r.hvpMode(), scalaMap(r.metrics()),
                scalaMap(r.metricFailures()), r.forward(), r.backward(), r.hvp(), r.seconds(), r.rssBytes(),
                r.failureClass(), r.failureMessage(), r.runId());
    }

    private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
        return CollectionConverters.asScala(m);
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return CollectionConverters.asScala(l).toSeq();
    }

    private static scala.collection.immutable.Seq<Double> boxed(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double d : a) {
            l.add(d);
        }
        return seq(l);
    }

    private static scala.collection.immutable.Seq<Integer> boxed(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int d : a) {
            l.add(d);
        }
        return seq(l);
    }
}
