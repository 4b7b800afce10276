package org.hetabench.jobs.bench;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One shared local Spark session per test JVM (spark.md §7): local[2,2] allows a retry per task. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession get(Map<String, String> extraConf) {
        // A command under test may stop the session (ReportCommand does in its finally): start a fresh one then.
        if (session == null || session.sparkContext().isStopped()) {
            SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("heta-bench-tests")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.sources.partitionOverwriteMode", "dynamic");
            extraConf.forEach(b::config);
            session = b.getOrCreate();
        }
        return session;
    }

    public static synchronized SparkSession get() {
        return get(Map.of());
    }
}
