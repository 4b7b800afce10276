package org.hetabench.jobs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.store.RunSchema;

/**
 * Files of one run under an output root (a local path or an {@code s3a://} URI, through Hadoop's file
 * system): its attribution rows, its {@code run.json} and the human outputs under {@code <root>/<run id>/}.
 */
public final class RunStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final SparkSession spark;
    private final String root;

    public RunStore(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root.replaceAll("/+$", "");
    }

    public String root() {
        return root;
    }

    /** {@code <root>/<runId>/<name>}. */
    public String human(String runId, String name) {
        return root + "/" + runId + "/" + name;
    }

    /** Run ids present in the attributions table. */
    public List<String> runIds() {
        List<String> ids = new ArrayList<>();
        String t = RunStore.table(root, "attributions");
        try {
            Path p = new Path(t);
            FileSystem fs = p.getFileSystem(conf());
            if (!fs.exists(p)) {
                return ids;
            }
            for (FileStatus s : fs.listStatus(p)) {
                String n = s.getPath().getName();
                if (s.isDirectory() && n.startsWith("run_id=")) {
                    ids.add(n.substring("run_id=".length()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + t + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /**
     * The attribution rows of a run, one per (item, target) (duplicates a resumed run may hold are dropped).
     *
     * @throws IllegalArgumentException naming the known runs if the run has no rows here
     */
    public Dataset<Row> attributions(String runId) {
        return rows(runId).dropDuplicates(new String[] {"item_key", "target_position"});
    }

    /** Every attribution row of a run as written, duplicates included ({@code compare} counts them). */
    public Dataset<Row> rows(String runId) {
        List<String> ids = runIds();
        if (!ids.contains(runId)) {
            throw new IllegalArgumentException("No run '" + runId + "' under " + RunStore.table(root, "attributions")
                    + (ids.isEmpty() ? " (no runs there; check --output)" : "; known runs: " + String.join(", ", ids)));
        }
        return RunSchema.read(spark, RunStore.table(root, "attributions"))
                .where(functions.col("run_id").equalTo(runId));
    }

    /**
     * The suite that produced a run: {@code run.json} key {@code suite}, else the runs table, else null.
     */
    public String suite(String runId) {
        String text = readText(human(runId, "run.json"));
        if (text != null) {
            try {
                JsonNode n = JSON.readTree(text);
                if (n.hasNonNull("suite")) {
                    return n.get("suite").asText();
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot parse " + human(runId, "run.json") + ": " + e.getMessage());
            }
        }
        String runs = RunStore.table(root, "runs") + "/run_id=" + runId;
        if (exists(runs)) {
            Dataset<Row> r = spark.read().parquet(runs);
            if (java.util.Arrays.asList(r.columns()).contains("suite")) {
                List<Row> rows = r.select("suite").limit(1).collectAsList();
                if (!rows.isEmpty() && !rows.get(0).isNullAt(0)) {
                    return rows.get(0).getString(0);
                }
            }
        }
        return null;
    }

    /** Writes {@code run.json} of a run (the provenance map). */
    public void writeRunJson(String runId, Map<String, String> provenance) {
        try {
            writeText(human(runId, "run.json"), JSON.writeValueAsString(provenance));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Path of one table ({@code attributions}, {@code metrics}, {@code runs}) under an output root. */
    public static String table(String output, String name) {
        return output.replaceAll("/+$", "") + "/tables/" + name;
    }

    /** Whether a table, partition or file exists (any Hadoop file system). */
    public static boolean exists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code table} holds a partition for {@code runId}: false when the run wrote no row there
     * (e.g. the metrics of a run whose every item failed), where Spark could not infer a schema.
     */
    public static boolean hasRun(SparkSession spark, String table, String runId) {
        return exists(spark, table + "/run_id="
                + org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils.escapePathName(runId));
    }

    public boolean exists(String path) {
        return exists(spark, path);
    }

    /** The text of a file, or null if it does not exist. */
    public String readText(String path) {
        java.nio.file.Path local = local(path);
        if (local != null) {
            try {
                return java.nio.file.Files.isRegularFile(local) ? java.nio.file.Files.readString(local) : null;
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf());
            if (!fs.exists(p)) {
                return null;
            }
            try (InputStream in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes (replaces) a text file, creating parent directories. */
    public void writeText(String path, String text) {
        java.nio.file.Path local = local(path);
        if (local != null) {
            // java.nio locally: Hadoop's local file system would leave .crc files next to human outputs.
            try {
                java.nio.file.Files.createDirectories(local.toAbsolutePath().getParent());
                java.nio.file.Files.writeString(local, text);
                return;
            } catch (IOException e) {
                throw new IllegalStateException("Cannot write " + path + ": " + e.getMessage(), e);
            }
        }
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf());
            try (OutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The local path of {@code path}, or null if it names another file system. */
    private static java.nio.file.Path local(String path) {
        if (path.startsWith("file:")) {
            return java.nio.file.Path.of(java.net.URI.create(path.startsWith("file:///") ? path : "file://" + path.substring(5)));
        }
        return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? null : java.nio.file.Path.of(path);
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
