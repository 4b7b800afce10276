package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.hetabench.jobs.config.SuiteConfig;
import org.hetabench.jobs.store.RunSchema;
import org.hetabench.jobs.store.RunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes a real report to {@code s3a://} and reads it back, against s3proxy (from Maven Central) started
 * on 127.0.0.1 as a child JVM (spark.md §2). No network leaves the machine.
 */
class S3aRoundTripIT {
    static Process proxy;
    static int port;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        assertTrue(Files.isRegularFile(jar), "s3proxy jar missing at " + jar + " (maven-dependency-plugin copies it)");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=none",
                "jclouds.provider=transient", "jclouds.identity=x", "jclouds.credential=x", ""));
        proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toString(), "--properties", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/bench").toURL().openConnection();
                c.setRequestMethod("PUT");
                if (c.getResponseCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.currentTimeMillis() > deadline || !proxy.isAlive()) {
                throw new IllegalStateException("s3proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.destroy();
        }
    }

    @Test
    void reportRoundTripsThroughS3a() {
        SparkSession s = TestSpark.get();
        var h = s.sparkContext().hadoopConfiguration();
        h.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        h.set("fs.s3a.endpoint.region", "us-east-1");
        h.set("fs.s3a.path.style.access", "true");
        h.set("fs.s3a.connection.ssl.enabled", "false");
        // Test-only static credentials; real runs use the default AWS provider chain.
        h.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        h.set("fs.s3a.access.key", "x");
        h.set("fs.s3a.secret.key", "x");
        SuiteConfig cfg = TestSuites.suite("s3a://bench/runs", List.of("heta"), Map.of("heta.hvp.samples", "1"), 20);
        List<WorkItem> items = TestSuites.items(cfg, "s3").subList(0, 4);
        BenchmarkJob.Outcome o = new BenchmarkJob(cfg, BenchmarkJobIT.NO_METRICS, new PrintStream(PrintStream.nullOutputStream()))
                .run(s, "s3", items, Map.of());
        assertEquals(4, o.rows());
        var back = RunSchema.read(s, RunStore.table("s3a://bench/runs", "attributions"))
                .where(functions.col("run_id").equalTo("s3"));
        assertEquals(4, back.count());
        assertEquals(4, back.select("item_key").distinct().count());
        // Resume works on s3a too: nothing left to do.
        assertEquals(4, new BenchmarkJob(cfg, BenchmarkJobIT.NO_METRICS, new PrintStream(PrintStream.nullOutputStream()))
                .run(s, "s3", items, Map.of()).skipped());
    }
}
