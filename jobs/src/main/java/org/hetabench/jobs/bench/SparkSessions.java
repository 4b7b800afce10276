package org.hetabench.jobs.bench;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session. Under spark-submit the master and resources come from the submit
 * command; run embedded (plain {@code java}), it uses the suite's {@code spark.master} (default
 * {@code local[2]}) with loopback binding, no UI and small shuffles (spark.md §1, §7).
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(String appName, Map<String, String> spark) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        boolean embedded = !conf.contains("spark.master");
        if (embedded) {
            conf.setMaster(spark.getOrDefault("master", "local[2]"));
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", "2");
            conf.setIfMissing("spark.default.parallelism", "2");
        }
        conf.setIfMissing("spark.sql.sources.partitionOverwriteMode", "dynamic");
        conf.setIfMissing("spark.executorEnv.OPT_OUT_TRACKING", "true");
        spark.forEach((k, v) -> {
            if (k.startsWith("conf.")) {
                conf.set(k.substring(5), v);
            }
        });
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
