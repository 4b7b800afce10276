package org.hetabench.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.store.MetricRow;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.TargetRow;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads one run back from the Parquet tables under an output root: attribution rows (without their
 * arrays for summaries, with them for the sampled heatmap instances), the long metrics table, and the
 * provenance ({@code ID/run.json}, else the runs table, else empty).
 */
public final class RunReader {
    /** Scalar columns read for summaries and plots (no per-token arrays: a large run does not fit the driver). */
    private static final String[] SCALARS = {"model", "dataset", "instance_id", "target_position", "target_id", "method",
        "cell", "seed", "score_type", "variant", "hvp_mode", "metrics", "seconds", "failure_class", "failure_message"};

    private final SparkSession spark;
    private final String output;
    private final String runId;

    /**
     * @param spark the session
     * @param output output root ({@code R})
     * @param runId the run
     */
    public RunReader(SparkSession spark, String output, String runId) {
        this.spark = spark;
        this.output = output;
        this.runId = runId;
    }

    /** Whether a table or file exists (any Hadoop file system). */
    public boolean exists(String path) {
        return RunStore.exists(spark, path);
    }

    private Dataset<Row> attributions() {
        String table = RunStore.table(output, "attributions");
        if (!exists(table)) {
            throw new IllegalArgumentException("No attributions table at " + table + ": is the output root '" + output
                    + "' right? Pass --output R, the root the bench job wrote to.");
        }
        return RunSchema.read(spark, table).where(functions.col("run_id").equalTo(runId));
    }

    /** Run ids present in the attributions table (for error messages). */
    public List<String> knownRuns() {
        String table = RunStore.table(output, "attributions");
        if (!exists(table)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Row r : RunSchema.read(spark, table).select("run_id").distinct().orderBy("run_id").collectAsList()) {
            out.add(r.getString(0));
        }
        return out;
    }

    /**
     * Every target row of the run, without token, id and score arrays.
     *
     * @throws IllegalArgumentException when the run has no rows, naming the runs that exist
     */
    public List<TargetRow> targets() {
        Column[] cols = new Column[SCALARS.length];
        for (int i = 0; i < SCALARS.length; i++) {
            cols[i] = functions.col(SCALARS[i]);
        }
        List<TargetRow> out = new ArrayList<>();
        for (Row r : attributions().select(cols).collectAsList()) {
            out.add(row(r, false));
        }
        if (out.isEmpty()) {
            List<String> known = knownRuns();
            throw new IllegalArgumentException("Run '" + runId + "' has no rows in " + RunStore.table(output, "attributions")
                    + didYouMeanOrStop(runId, known) + " Runs there: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return out;
    }

    private static String didYouMeanOrStop(String runId, List<String> known) {
        String d = org.hetabench.core.util.Suggestions.didYouMean(runId, known);
        return d.isEmpty() ? "." : d;
    }

    /** Full rows (tokens, scores, components) of the given instances. */
    public List<TargetRow> detailed(Collection<TargetRow.InstanceKey> instances) {
        if (instances.isEmpty()) {
            return List.of();
        }
        Column any = functions.lit(false);
        for (TargetRow.InstanceKey k : instances) {
            any = any.or(functions.col("model").equalTo(k.model()).and(functions.col("dataset").equalTo(k.dataset()))
                    .and(functions.col("instance_id").equalTo(k.instanceId())));
        }
        List<TargetRow> out = new ArrayList<>();
        for (Row r : attributions().where(any).collectAsList()) {
            out.add(row(r, true));
        }
        return out;
    }

    /**
     * Token texts of the given ids of one model, taken from any context of the run that contains them (the
     * schema stores the target's id, not its text).
     */
    public Map<Integer, String> pieces(String model, Set<Integer> ids) {
        Map<Integer, String> out = new TreeMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Dataset<Row> pairs = attributions().where(functions.col("model").equalTo(model))
                .select(functions.explode(functions.arrays_zip(functions.col("ids"), functions.col("tokens"))).as("p"))
                .select(functions.col("p.ids").as("id"), functions.col("p.tokens").as("token"))
                .where(functions.col("id").isin(ids.toArray())).dropDuplicates(new String[] {"id"});
        for (Row r : pairs.collectAsList()) {
            out.put(r.getInt(0), r.getString(1));
        }
        return out;
    }

    /**
     * The run's metric rows: from {@code tables/metrics} when present, else from the metric maps of
     * {@code targets} (the same data, before the bench job's final step wrote the long table).
     */
    public List<MetricRow> metrics(List<TargetRow> targets) {
        String table = RunStore.table(output, "metrics");
        List<MetricRow> out = new ArrayList<>();
        if (RunStore.hasRun(spark, table, runId)) {
            Dataset<Row> m = spark.read().parquet(table).where(functions.col("run_id").equalTo(runId))
                    .select("model", "dataset", "instance_id", "target_position", "method", "cell", "seed", "metric", "value");
            for (Row r : m.collectAsList()) {
                out.add(new MetricRow(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                        r.getString(5), r.getLong(6), r.getString(7), r.isNullAt(8) ? Double.NaN : r.getDouble(8)));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        for (TargetRow t : targets) {
            new TreeMap<>(t.metrics()).forEach((k, v) -> out.add(new MetricRow(t.model(), t.dataset(), t.instanceId(),
                    t.targetPosition(), t.method(), t.cell(), t.seed(), k, v == null ? Double.NaN : v)));
        }
        return out;
    }

    /**
     * The run's provenance: {@code R/ID/run.json} when present, else the row of {@code tables/runs}, else
     * an empty map (the report then says "provenance unavailable").
     */
    public Map<String, String> provenance(Path runDir) {
        Path json = runDir.resolve("run.json");
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.isRegularFile(json)) {
            try {
                JsonNode n = new ObjectMapper().readTree(json.toFile());
                n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                        : e.getValue().toString()));
                return out;
            } catch (IOException e) {
                out.put("provenance_error", "unreadable " + json + ": " + e.getMessage());
            }
        }
        String table = RunStore.table(output, "runs");
        if (exists(table)) {
            List<Row> rows = spark.read().parquet(table).where(functions.col("run_id").equalTo(runId)).limit(1).collectAsList();
            if (!rows.isEmpty()) {
                Row r = rows.get(0);
                for (String f : r.schema().fieldNames()) {
                    Object v = r.get(r.fieldIndex(f));
                    out.put(f, v == null ? "" : v.toString());
                }
            }
        }
        return out;
    }

    private static TargetRow row(Row r, boolean full) {
        List<String> tokens = List.of();
        int[] ids = new int[0];
        int[] evidence = new int[0];
        double[] scores = new double[0];
        Map<String, double[]> comps = Map.of();
        if (full) {
            tokens = r.isNullAt(r.fieldIndex("tokens")) ? List.of() : nullsAsEmpty(r.getList(r.fieldIndex("tokens")));
            ids = ints(r, "ids");
            evidence = ints(r, "evidence");
            scores = doubles(r.isNullAt(r.fieldIndex("scores")) ? null : r.get(r.fieldIndex("scores")));
            comps = new LinkedHashMap<>();
            if (!r.isNullAt(r.fieldIndex("components"))) {
                Map<String, Object> m = new TreeMap<>(r.getJavaMap(r.fieldIndex("components")));
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    comps.put(e.getKey(), doubles(e.getValue()));
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        int mi = r.fieldIndex("metrics");
        if (!r.isNullAt(mi)) {
            Map<String, Object> m = r.getJavaMap(mi);
            m.forEach((k, v) -> {
                if (!k.endsWith(".source") && !k.endsWith(".random")) { // log-ratio components, not metrics
                    metrics.put(k, v == null ? Double.NaN : ((Number) v).doubleValue());
                }
            });
        }
        return new TargetRow(str(r, "model"), str(r, "dataset"), str(r, "instance_id"), r.getInt(r.fieldIndex("target_position")),
                r.getInt(r.fieldIndex("target_id")), str(r, "method"), str(r, "cell"), r.getLong(r.fieldIndex("seed")), tokens,
                ids, evidence, scores, str(r, "score_type"), comps, str(r, "variant"), str(r, "hvp_mode"), metrics,
                r.getDouble(r.fieldIndex("seconds")), str(r, "failure_class"), str(r, "failure_message"));
    }

    private static String str(Row r, String f) {
        int i = r.fieldIndex(f);
        return r.isNullAt(i) ? null : r.getString(i);
    }

    private static List<String> nullsAsEmpty(List<String> l) {
        List<String> out = new ArrayList<>(l.size());
        for (String s : l) {
            out.add(s == null ? "" : s);
        }
        return out;
    }

    private static int[] ints(Row r, String f) {
        int i = r.fieldIndex(f);
        if (r.isNullAt(i)) {
            return new int[0];
        }
        List<Object> l = r.getList(i);
        int[] out = new int[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) l.get(k)).intValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double[] doubles(Object v) {
        if (v == null) {
            return new double[0];
        }
        List<Object> l = v instanceof List<?> jl ? (List<Object>) jl
                : CollectionConverters.asJava((scala.collection.Seq<Object>) v);
        double[] out = new double[l.size()];
        for (int k = 0; k < out.length; k++) {
            Object o = l.get(k);
            out[k] = o == null ? Double.NaN : ((Number) o).doubleValue();
        }
        return out;
    }
}
