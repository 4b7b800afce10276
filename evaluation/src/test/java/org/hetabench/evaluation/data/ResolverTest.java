package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3 and the resolver's other paths. No test touches the network; one serves files on 127.0.0.1. */
class ResolverTest {

    /** sha256 of the 10 bytes "corrupted\n", computed with coreutils sha256sum. */
    static final String CORRUPTED_SHA = "3dff7d61038895144c0eca9d06ac8d067919785a5ba2604db7aef154899a494d";
    static final String TELLMEWHY_SHA = "288bf6dadde49363c7a1d559fdf3a89171abf9285f56e7cd3775627d52c93210";

    static Resolver offline(List<Path> mirrors, Path cache) {
        return new Resolver(new Resolver.Config(mirrors, cache, true, Duration.ofSeconds(5), null));
    }

    @Test
    void corruptedMirrorCopyIsRejectedNamingFileHashesAndWhereToPutIt(@TempDir Path dir) throws Exception {
        Path mirror = dir.resolve("mirror");
        Path bad = mirror.resolve("tellmewhy/tellmewhy2.txt");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "corrupted\n", StandardCharsets.UTF_8);
        DatasetManifest m = TestData.manifests().get("tellmewhy");
        // The good copy in ../shared comes second: a corrupt first mirror is an error, not skipped.
        Resolver r = offline(List.of(mirror, TestData.shared("data").toAbsolutePath()), dir.resolve("cache"));
        DataFileException e = assertThrows(DataFileException.class, () -> r.resolve(m, m.file("tellmewhy2.txt")));
        String msg = e.getMessage();
        assertTrue(msg.contains(bad.toString()), msg);
        assertTrue(msg.contains("tellmewhy/tellmewhy2.txt"), msg);
        assertTrue(msg.contains("expects " + TELLMEWHY_SHA), msg);
        assertTrue(msg.contains("has sha256 " + CORRUPTED_SHA), msg);
        assertTrue(msg.contains("replace it with the original from https://raw.githubusercontent.com/casszhao/ReAGent/"), msg);
        assertTrue(msg.endsWith("at " + bad + "."), msg);
    }

    @Test
    void aFileThatWouldBeDownloadedIsAnErrorOffline(@TempDir Path dir) {
        DatasetManifest m = TestData.manifests().get("sciq");
        Resolver r = offline(List.of(dir.resolve("empty-mirror")), dir.resolve("cache"));
        DataFileException e = assertThrows(DataFileException.class, () -> r.resolve(m, m.file("test.json")));
        String msg = e.getMessage();
        assertTrue(msg.contains("would have to be downloaded from https://media.githubusercontent.com/"), msg);
        assertTrue(msg.contains("offline"), msg);
        assertTrue(msg.contains("7340983c427dc2ffd3dccf1adb758b6cdc9455bd22bf3db0ddf6ffcae0452006"), msg);
        assertTrue(msg.contains(dir.resolve("empty-mirror").resolve("sciq/test.json").toString()), msg);
        assertFalse(Files.exists(dir.resolve("cache")), "offline resolution must not create the cache");
    }

    @Test
    void anAbsentDerivedFileSaysItHasNoDownloadUrl(@TempDir Path dir) {
        DatasetManifest m = TestData.manifests().get("longra");
        Resolver r = offline(List.of(dir), dir.resolve("cache"));
        DataFileException e = assertThrows(DataFileException.class, () -> r.resolve(m, m.file("longra_unfiltered.jsonl")));
        assertTrue(e.getMessage().contains("has no download URL (derived file:"), e.getMessage());
    }

    @Test
    void laterMirrorsAndTheCacheAreSearchedInOrder(@TempDir Path dir) throws Exception {
        DatasetManifest m = TestData.manifests().get("tellmewhy");
        Path good = TestData.shared("data/tellmewhy/tellmewhy2.txt");
        Resolver r = offline(List.of(dir.resolve("a"), good.getParent().getParent()), dir.resolve("cache"));
        ResolvedFile f = r.resolve(m, m.file("tellmewhy2.txt"));
        assertEquals(ResolvedFile.Origin.MIRROR, f.origin());
        assertEquals(TELLMEWHY_SHA, f.sha256());
        Path cached = dir.resolve("cache/tellmewhy/tellmewhy2.txt");
        Files.createDirectories(cached.getParent());
        Files.copy(good, cached);
        ResolvedFile c = offline(List.of(dir.resolve("a")), dir.resolve("cache")).resolve(m, m.file("tellmewhy2.txt"));
        assertEquals(ResolvedFile.Origin.CACHE, c.origin());
        assertEquals(cached, c.path());
    }

    @Test
    void downloadsFromALoopbackServerOnlyWhenOnlineAndVerifiesTheHash(@TempDir Path dir) throws Exception {
        byte[] good = Files.readAllBytes(TestData.shared("data/tellmewhy/tellmewhy2.txt"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good", ex -> {
            ex.sendResponseHeaders(200, good.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(good);
            }
        });
        server.createContext("/bad", ex -> {
            byte[] b = "corrupted\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cache = dir.resolve("cache");
            Resolver online = new Resolver(new Resolver.Config(List.of(), cache, false, Duration.ofSeconds(5), null));

            DatasetManifest.ManifestFile badFile = new DatasetManifest.ManifestFile("x/bad.txt", TELLMEWHY_SHA, null, null, null, null,
                    List.of(base + "/bad"), null);
            DatasetManifest mb = new DatasetManifest("t", "dataset", "t", "MIT", List.of(), null, List.of(), List.of(badFile), List.of());
            DataFileException e = assertThrows(DataFileException.class, () -> online.resolve(mb, badFile));
            assertTrue(e.getMessage().contains("sha256 " + CORRUPTED_SHA + " instead of " + TELLMEWHY_SHA), e.getMessage());
            try (Stream<Path> s = Files.walk(cache)) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "a rejected download leaves nothing in the cache");
            }

            DatasetManifest.ManifestFile file = new DatasetManifest.ManifestFile("x/tellmewhy2.txt", TELLMEWHY_SHA, (long) good.length,
                    20, null, null, List.of(base + "/missing", base + "/good"), null);
            DatasetManifest mg = new DatasetManifest("t", "dataset", "t", "MIT", List.of(), null, List.of(), List.of(file), List.of());
            assertThrows(DataFileException.class, () -> offline(List.of(), cache).resolve(mg, file));
            ResolvedFile f = online.resolve(mg, file);
            assertEquals(ResolvedFile.Origin.DOWNLOADED, f.origin());
            assertEquals(cache.resolve("x/tellmewhy2.txt"), f.path());
            assertEquals(TELLMEWHY_SHA, online.sha256(f.path()));
            assertEquals(ResolvedFile.Origin.CACHE, online.resolve(mg, file).origin());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ciEnvironmentMeansOfflineUnlessThePropertySaysOtherwise() {
        if (System.getProperty(Resolver.OFFLINE_PROPERTY) == null) {
            assertTrue(Resolver.Config.fromEnvironment(Map.of("CI", "true")).offline());
            assertFalse(Resolver.Config.fromEnvironment(Map.of()).offline());
        }
        String old = System.getProperty(Resolver.OFFLINE_PROPERTY);
        try {
            System.setProperty(Resolver.OFFLINE_PROPERTY, "true");
            assertTrue(Resolver.Config.fromEnvironment(Map.of()).offline());
            System.setProperty(Resolver.OFFLINE_PROPERTY, "false");
            assertFalse(Resolver.Config.fromEnvironment(Map.of("CI", "1")).offline());
        } finally {
            if (old == null) {
                System.clearProperty(Resolver.OFFLINE_PROPERTY);
            } else {
                System.setProperty(Resolver.OFFLINE_PROPERTY, old);
            }
        }
    }

    @Test
    void manifestErrorsNameTheFileAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "name: broken\nkind: dataset\nlicense: MIT\nfiles:\n  - path: a/b.txt\n    sha256: 1234\n    urls: [http://x]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetManifest.read(f));
        assertTrue(e.getMessage().contains("files[0].sha256 of a/b.txt must be 64 lower-case hex digits"), e.getMessage());
        Files.writeString(f, "name: broken\nkind: dataset\nlicence: MIT\n");
        e = assertThrows(IllegalArgumentException.class, () -> DatasetManifest.read(f));
        assertTrue(e.getMessage().contains("licence"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> TestData.manifests().get("sciqq"));
        assertTrue(u.getMessage().contains("did you mean 'sciq'"), u.getMessage());
    }
}
