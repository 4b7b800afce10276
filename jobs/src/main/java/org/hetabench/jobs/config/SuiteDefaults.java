package org.hetabench.jobs.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every code default of a suite, in one place (the lowest configuration layer). */
public final class SuiteDefaults {
    /** Default output root. */
    public static final String OUTPUT = "runs";
    /** Default Spark master for the embedded run. */
    public static final String MASTER = "local[2]";
    /** Work items per committed chunk (the unit of resume). */
    public static final int CHUNK_SIZE = 64;
    /** Default run seed. */
    public static final long SEED = 0;

    private SuiteDefaults() {}

    static ObjectNode tree() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("description", "");
        n.putArray("seeds").add(SEED);
        n.put("output", OUTPUT);
        n.putArray("metrics");
        n.putObject("params");
        n.putObject("metricParams");
        n.put("failFast", false);
        ObjectNode spark = n.putObject("spark");
        spark.put("master", MASTER);
        spark.put("partitions", 0);
        spark.put("chunkSize", CHUNK_SIZE);
        spark.putObject("conf");
        return n;
    }
}
