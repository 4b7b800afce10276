package org.hetabench.jobs.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What produced a run: git revision, versions of Java, Spark, DJL, PyTorch and CUDA, the device, the
 * resolved config and its hash, manifest and weights hashes, the seeds. Stored as the run table and as
 * {@code run.json}.
 */
public final class Provenance {
    private Provenance() {}

    /** The provenance fields, in a stable order. */
    public static Map<String, String> collect(String runId, String suite, String configYaml, String configHash,
                                              List<Long> seeds, String sparkVersion, Map<String, String> modelHashes,
                                              Map<String, String> manifestHashes) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("run_id", runId);
        p.put("suite", suite);
        p.put("created_at", Instant.now().toString());
        p.put("git_revision", gitRevision());
        p.put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        p.put("spark_version", sparkVersion);
        p.put("djl_version", djlVersion());
        p.put("pytorch_version", pytorchVersion());
        p.put("cuda_version", cudaVersion());
        p.put("device", System.getenv().getOrDefault("HETA_DEVICE", cudaVersion().equals("none") ? "cpu" : "gpu"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        p.put("config_sha256", configHash);
        p.put("config_yaml", configYaml);
        p.put("seeds", seeds.toString());
        p.put("weights_sha256", modelHashes.toString());
        p.put("manifests_sha256", manifestHashes.toString());
        return p;
    }

    /** {@code git rev-parse HEAD} of the checkout (plus "-dirty"), or "unknown". */
    public static String gitRevision() {
        String dir = System.getProperty("heta.repo.dir", ".");
        try {
            Process p = new ProcessBuilder("git", "-C", dir, "describe", "--always", "--dirty", "--abbrev=40")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    static String djlVersion() {
        try {
            return ai.djl.engine.Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    static String pytorchVersion() {
        try {
            return ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unavailable: " + e.getMessage();
        }
    }

    static String cudaVersion() {
        try {
            return ai.djl.util.cuda.CudaUtils.hasCuda() ? ai.djl.util.cuda.CudaUtils.getCudaVersionString() : "none";
        } catch (RuntimeException | LinkageError e) {
            return "none";
        }
    }

    /** sha256 of a file or of every regular file in a directory (name-sorted, names included). */
    public static String sha256(Path path) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(path)) {
                try (var s = Files.walk(path)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                        md.update(path.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        digest(md, f);
                    }
                }
            } else {
                digest(md, path);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }
}
