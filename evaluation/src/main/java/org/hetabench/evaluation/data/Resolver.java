package org.hetabench.evaluation.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds manifest files and verifies them: first the local mirror directories in order, then the cache
 * directory, then (only when online) a download to the cache. Every file's sha256 is checked against its
 * manifest; a mismatch or an absent file is a {@link DataFileException} that names the file, the
 * expected and actual hash, and where to put a good copy.
 *
 * <p>Downloads go to a temporary file in the cache directory and are renamed atomically after the
 * hash matches, so a cache never holds a partial or wrong file. In offline mode
 * ({@code -Dheta.offline=true}, or the environment variable {@code CI} set) a file that would have to
 * be downloaded is an error instead.
 */
public final class Resolver {

    /** System property: mirror directories separated by the platform path separator. */
    public static final String MIRRORS_PROPERTY = "heta.mirrors";
    /** Environment variable with the same meaning as {@link #MIRRORS_PROPERTY}. */
    public static final String MIRRORS_ENV = "HETA_MIRRORS";
    /** System property: cache directory. */
    public static final String CACHE_PROPERTY = "heta.cache";
    /** Environment variable: cache directory. */
    public static final String CACHE_ENV = "HETA_CACHE";
    /** System property: {@code true} forbids downloads. */
    public static final String OFFLINE_PROPERTY = "heta.offline";

    /**
     * Where to look and whether downloading is allowed.
     *
     * @param mirrors local mirror directories, searched in order
     * @param cacheDir the download cache
     * @param offline true: a file that is in no mirror and not cached is an error
     * @param timeout connect and request timeout for downloads
     * @param progress where download progress lines go (null: none)
     */
    public record Config(List<Path> mirrors, Path cacheDir, boolean offline, Duration timeout, PrintStream progress) {
        public Config {
            mirrors = List.copyOf(mirrors);
            Objects.requireNonNull(cacheDir, "cacheDir");
            Objects.requireNonNull(timeout, "timeout");
        }

        /**
         * From system properties and environment: mirrors from {@code heta.mirrors} / {@code HETA_MIRRORS},
         * else {@code <heta.shared.dir>/data} and {@code <heta.shared.dir>/models} when that property is
         * set; cache from {@code heta.cache} / {@code HETA_CACHE}, else {@code ~/.cache/heta-bench};
         * offline if {@code heta.offline=true} or the environment variable {@code CI} is set (and
         * {@code heta.offline} is not explicitly {@code false}).
         */
        public static Config fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        static Config fromEnvironment(Map<String, String> env) {
            String m = System.getProperty(MIRRORS_PROPERTY, env.get(MIRRORS_ENV));
            List<Path> mirrors = new ArrayList<>();
            if (m != null && !m.isBlank()) {
                for (String part : m.split(java.io.File.pathSeparator)) {
                    if (!part.isBlank()) {
                        mirrors.add(Path.of(part.trim()));
                    }
                }
            } else if (System.getProperty("heta.shared.dir") != null) {
                Path shared = Path.of(System.getProperty("heta.shared.dir"));
                mirrors.add(shared.resolve("data"));
                mirrors.add(shared.resolve("models"));
            }
            String c = System.getProperty(CACHE_PROPERTY, env.get(CACHE_ENV));
            Path cache = c != null ? Path.of(c) : Path.of(System.getProperty("user.home"), ".cache", "heta-bench");
            String off = System.getProperty(OFFLINE_PROPERTY);
            boolean offline = off != null ? Boolean.parseBoolean(off) : env.containsKey("CI");
            return new Config(mirrors, cache, offline, Duration.ofSeconds(60), System.err);
        }
    }

    private final Config config;
    private final Map<String, String> hashMemo = new ConcurrentHashMap<>();

    public Resolver(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** Resolves and verifies every file of {@code manifest}. */
    public ResolvedManifest resolve(DatasetManifest manifest) {
        List<ResolvedFile> out = new ArrayList<>();
        for (DatasetManifest.ManifestFile f : manifest.files()) {
            out.add(resolve(manifest, f));
        }
        return new ResolvedManifest(manifest, out);
    }

    /**
     * Resolves one file: the first mirror that has it (verified; a wrong copy there is an error, not
     * skipped), else the cache, else a download when online.
     */
    public ResolvedFile resolve(DatasetManifest manifest, DatasetManifest.ManifestFile file) {
        for (Path mirror : config.mirrors()) {
            Path p = mirror.resolve(file.path());
            if (Files.isRegularFile(p)) {
                return new ResolvedFile(file, p, verify(manifest, file, p), ResolvedFile.Origin.MIRROR);
            }
        }
        Path cached = config.cacheDir().resolve(file.path());
        if (Files.isRegularFile(cached)) {
            return new ResolvedFile(file, cached, verify(manifest, file, cached), ResolvedFile.Origin.CACHE);
        }
        if (file.urls().isEmpty()) {
            throw new DataFileException("File " + file.path() + " of manifest '" + manifest.name()
                    + "' (sha256 " + file.sha256() + ") is absent and has no download URL (" + describeDerived(file)
                    + "). Put it at " + wherePut(file) + ".");
        }
        if (config.offline()) {
            throw new DataFileException("File " + file.path() + " of manifest '" + manifest.name()
                    + "' (sha256 " + file.sha256() + ") is absent and would have to be downloaded from "
                    + file.urls().get(0) + ", but downloads are off (offline mode: -D" + OFFLINE_PROPERTY
                    + "=true or CI set). Put it at " + wherePut(file) + ".");
        }
        return download(manifest, file, cached);
    }

    private static String describeDerived(DatasetManifest.ManifestFile file) {
        return file.derived() != null ? "derived file: " + file.derived() : "no source recorded";
    }

    private String wherePut(DatasetManifest.ManifestFile file) {
        List<String> places = new ArrayList<>();
        for (Path m : config.mirrors()) {
            places.add(m.resolve(file.path()).toString());
        }
        places.add(config.cacheDir().resolve(file.path()).toString());
        return String.join(" or ", places);
    }

    private String verify(DatasetManifest manifest, DatasetManifest.ManifestFile file, Path p) {
        String actual = sha256(p);
        if (!actual.equals(file.sha256())) {
            throw new DataFileException("File " + p + " (" + file.path() + " of manifest '" + manifest.name()
                    + "') has sha256 " + actual + " but the manifest expects " + file.sha256()
                    + ". The copy is corrupt or a different version: replace it with the original"
                    + (file.urls().isEmpty() ? "" : " from " + file.urls().get(0)) + " at " + p + ".");
        }
        return actual;
    }

    /** sha256 of a file as lower-case hex, memoized per (path, size, mtime). */
    public String sha256(Path p) {
        try {
            String key = p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
            String memo = hashMemo.get(key);
            if (memo != null) {
                return memo;
            }
            String h = hashOf(p);
            hashMemo.put(key, h);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + p, e);
        }
    }

    private static String hashOf(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private ResolvedFile download(DatasetManifest manifest, DatasetManifest.ManifestFile file, Path target) {
        List<String> failures = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String url : file.urls()) {
            Path tmp = null;
            try {
                Files.createDirectories(target.getParent());
                tmp = Files.createTempFile(target.getParent(), file.fileName(), ".part");
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout()).GET().build();
                HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    resp.body().close();
                    failures.add(url + ": HTTP " + resp.statusCode());
                    continue;
                }
                copyWithProgress(resp.body(), tmp, file, url);
                String actual = hashOf(tmp);
                if (!actual.equals(file.sha256())) {
                    failures.add(url + ": sha256 " + actual + " instead of " + file.sha256());
                    continue;
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
                return new ResolvedFile(file, target, actual, ResolvedFile.Origin.DOWNLOADED);
            } catch (IOException e) {
                failures.add(url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataFileException("Download of " + file.path() + " was interrupted", e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // The temporary name is unique; a leftover .part file never shadows the target.
                    }
                }
            }
        }
        throw new DataFileException("Could not download " + file.path() + " of manifest '" + manifest.name()
                + "' (expected sha256 " + file.sha256() + "): " + String.join("; ", failures)
                + ". Put a good copy at " + wherePut(file) + ".");
    }

    private void copyWithProgress(InputStream body, Path tmp, DatasetManifest.ManifestFile file, String url) throws IOException {
        PrintStream out = config.progress();
        long total = file.bytes() == null ? -1 : file.bytes();
        long done = 0;
        long nextReport = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = body; OutputStream os = Files.newOutputStream(tmp)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                os.write(buf, 0, n);
                done += n;
                if (out != null && done >= nextReport) {
                    out.print("\rdownloading " + file.path() + " from " + url + ": " + done
                            + (total > 0 ? " / " + total + " bytes (" + (100 * done / total) + "%)" : " bytes"));
                    nextReport = done + (1 << 20);
                }
            }
        }
        if (out != null) {
            out.println("\rdownloaded " + file.path() + ": " + done + " bytes");
        }
    }
}
