package org.hetabench.jobs.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hetabench.jobs.store.ResultRow;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The versioned Parquet schemas of a run (documented in docs/report-schema.md). Layout under the
 * output root: {@code tables/attributions/run_id=ID/} (one row per attributed target),
 * {@code tables/metrics/run_id=ID/} (long format: one row per target and metric),
 * {@code tables/runs/run_id=ID/} (provenance, one row).
 *
 * <p>The attributions schema is derived from the {@link ResultRow} record: one column per component,
 * named in snake case, in declaration order, {@code schema_version} first and the partition column
 * {@code run_id} last. A new column is a new record component (and a line in the docs), nothing else.
 */
public final class RunSchema {
    /** Bump on any incompatible change, and document it. */
    public static final int VERSION = 1;

    /** A record component whose column is never null (primitives are never null anyway). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Required {}

    public static final StructType ATTRIBUTIONS = schemaOf(ResultRow.class);

    /** Key columns of a target row. */
    public static final List<String> KEYS = List.of("model", "dataset", "instance_id", "target_position", "method", "cell",
            "seed");

    private static final String RUN_ID = "runId";

    private RunSchema() {}

    /**
     * The Parquet schema of a row record: {@code schema_version}, each component but {@code runId} as a
     * snake-case column, then {@code run_id}.
     *
     * @throws IllegalArgumentException on a component type without a column mapping (naming it)
     */
    public static StructType schemaOf(Class<? extends Record> type) {
        List<StructField> fields = new ArrayList<>();
        fields.add(field("schema_version", IntegerType, false));
        StructField runId = null;
        for (RecordComponent c : type.getRecordComponents()) {
            boolean nullable = !c.getType().isPrimitive() && !c.isAnnotationPresent(Required.class);
            StructField f = field(snake(c.getName()), dataType(type, c), nullable);
            if (c.getName().equals(RUN_ID)) {
                runId = f;
            } else {
                fields.add(f);
            }
        }
        if (runId == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no runId component: the tables are partitioned by run_id");
        }
        fields.add(runId);
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** A row record as a Spark row of {@link #schemaOf} its class. */
    public static Row toRow(Record r) {
        RecordComponent[] comps = r.getClass().getRecordComponents();
        List<Object> values = new ArrayList<>(comps.length + 1);
        values.add(VERSION);
        Object runId = null;
        for (RecordComponent c : comps) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
            }
            if (c.getName().equals(RUN_ID)) {
                runId = v;
            } else {
                values.add(spark(v));
            }
        }
        values.add(runId);
        return RowFactory.create(values.toArray());
    }

    /** Reads a table with the declared schema (an empty or partially written directory reads as empty). */
    public static org.apache.spark.sql.Dataset<Row> read(org.apache.spark.sql.SparkSession spark, String path) {
        return spark.read().schema(ATTRIBUTIONS).parquet(path);
    }

    /** {@code targetPosition} → {@code target_position}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static DataType dataType(Class<?> owner, RecordComponent c) {
        DataType t = dataType(c.getGenericType());
        if (t == null) {
            throw new IllegalArgumentException("Component " + owner.getSimpleName() + "." + c.getName() + " of type "
                    + c.getGenericType().getTypeName() + " has no Parquet column type: use String, int, long, double,"
                    + " an array of them, or a Map<String, ...> of them");
        }
        return t;
    }

    private static DataType dataType(Type t) {
        if (t == String.class) {
            return StringType;
        }
        if (t == int.class || t == Integer.class) {
            return IntegerType;
        }
        if (t == long.class || t == Long.class) {
            return LongType;
        }
        if (t == double.class || t == Double.class) {
            return DoubleType;
        }
        if (t == boolean.class || t == Boolean.class) {
            return BooleanType;
        }
        if (t == int[].class) {
            return createArrayType(IntegerType, false);
        }
        if (t == long[].class) {
            return createArrayType(LongType, false);
        }
        if (t == double[].class) {
            return createArrayType(DoubleType, false);
        }
        if (t == String[].class) {
            return createArrayType(StringType, true);
        }
        if (t instanceof ParameterizedType p && p.getRawType() == Map.class && p.getActualTypeArguments()[0] == String.class) {
            DataType v = dataType(p.getActualTypeArguments()[1]);
            return v == null ? null : createMapType(StringType, v);
        }
        return null;
    }

    /** Java value → the value Spark's row encoder expects for {@link #dataType}. */
    private static Object spark(Object v) {
        if (v instanceof double[] a) {
            List<Double> l = new ArrayList<>(a.length);
            for (double d : a) {
                l.add(d);
            }
            return seq(l);
        }
        if (v instanceof int[] a) {
            List<Integer> l = new ArrayList<>(a.length);
            for (int d : a) {
                l.add(d);
            }
            return seq(l);
        }
        if (v instanceof long[] a) {
            List<Long> l = new ArrayList<>(a.length);
            for (long d : a) {
                l.add(d);
            }
            return seq(l);
        }
        if (v instanceof String[] a) {
            return seq(java.util.Arrays.asList(a));
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, spark(x)));
            return CollectionConverters.asScala(out);
        }
        return v;
    }

    private static StructField field(String name, DataType t, boolean nullable) {
        return new StructField(name, t, nullable, org.apache.spark.sql.types.Metadata.empty());
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return CollectionConverters.asScala(l).toSeq();
    }
}
