package org.hetabench.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.hetabench.jobs.bench.TestSpark;
import org.hetabench.jobs.store.RunSchema.Required;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attributions schema comes from the row record alone, and matches docs/report-schema.md. */
class RunSchemaTest {

    /** The row record with one more component, as a developer adding a column would write it. */
    record WithNewColumn(@Required String runId, @Required String itemKey, int targetPosition, double[] scores,
                         Map<String, Double> metrics, String newColumn) {}

    record Unsupported(String runId, java.util.Set<String> tags) {}

    @Test
    void aNewRecordComponentIsANewParquetColumn(@TempDir Path dir) {
        StructType s = RunSchema.schemaOf(WithNewColumn.class);
        assertEquals(List.of("schema_version", "item_key", "target_position", "scores", "metrics", "new_column", "run_id"),
                List.of(s.fieldNames()));
        assertTrue(s.apply("new_column").nullable());
        assertFalse(s.apply("item_key").nullable());
        assertFalse(s.apply("target_position").nullable());

        SparkSession spark = TestSpark.get();
        Row row = RunSchema.toRow(new WithNewColumn("r1", "k", 7, new double[] {0.25, -1}, Map.of("soft-nc", 0.5), "hello"));
        String path = dir.resolve("t").toString();
        spark.createDataFrame(List.of(row), s).write().partitionBy("run_id").parquet(path);
        Row back = spark.read().parquet(path).collectAsList().get(0);
        assertEquals("hello", back.getString(back.fieldIndex("new_column")));
        assertEquals(7, back.getInt(back.fieldIndex("target_position")));
        assertEquals(List.of(0.25, -1.0), back.getList(back.fieldIndex("scores")));
        assertEquals(0.5, back.<String, Double>getJavaMap(back.fieldIndex("metrics")).get("soft-nc"));
        assertEquals("r1", back.getString(back.fieldIndex("run_id")));
        assertTrue(List.of(spark.read().parquet(path).schema().fieldNames()).contains("new_column"));
    }

    @Test
    void aComponentWithoutAColumnTypeIsNamed() {
        String m = assertThrows(IllegalArgumentException.class, () -> RunSchema.schemaOf(Unsupported.class)).getMessage();
        assertTrue(m.contains("Unsupported.tags") && m.contains("Set"), m);
    }

    /** Every column of docs/report-schema.md's attributions table, with its documented type, in order. */
    @Test
    void theDerivedSchemaIsTheDocumentedOne() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("heta.repo.dir", ".."), "docs", "report-schema.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\| ([a-z<>, ]+) \\|").matcher(
                doc.substring(doc.indexOf("| `schema_version`"), doc.indexOf("| `run_id`") + 40));
        while (row.find()) {
            for (String name : row.group(1).split(", ")) {
                documented.put(name.replace("`", ""), row.group(2).replace(" ", ""));
            }
        }
        List<String> derived = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (StructField f : RunSchema.ATTRIBUTIONS.fields()) {
            derived.add(f.name());
            types.put(f.name(), f.dataType().simpleString().replace("integer", "int").replace("bigint", "long")
                    .replace("array<int>", "array<int>"));
        }
        assertEquals(new ArrayList<>(documented.keySet()), derived);
        assertEquals(documented, types);
    }
}
