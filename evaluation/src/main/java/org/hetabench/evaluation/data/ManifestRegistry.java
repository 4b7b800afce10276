package org.hetabench.evaluation.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hetabench.core.util.Suggestions;

/**
 * All manifests of one {@code data-manifests/} directory, by name.
 */
public final class ManifestRegistry {
    /** System property naming the manifest directory (default: {@code data-manifests} next to or above the working directory). */
    public static final String DIR_PROPERTY = "heta.manifests.dir";

    private final Path dir;
    private final Map<String, DatasetManifest> manifests;

    private ManifestRegistry(Path dir, Map<String, DatasetManifest> manifests) {
        this.dir = dir;
        this.manifests = manifests;
    }

    /** Reads every {@code *.yaml} manifest in {@code dir}. */
    public static ManifestRegistry load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Manifest directory " + dir + " does not exist; pass the repository's data-manifests/ directory"
                    + " or set -D" + DIR_PROPERTY);
        }
        TreeMap<String, DatasetManifest> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                DatasetManifest man = DatasetManifest.read(p);
                m.put(man.name(), man);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list manifest directory " + dir, e);
        }
        return new ManifestRegistry(dir, m);
    }

    /**
     * The default directory: {@code -Dheta.manifests.dir}, else {@code data-manifests} in the working
     * directory or its parent (a module directory inside the repository).
     */
    public static ManifestRegistry loadDefault() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p != null) {
            return load(Path.of(p));
        }
        Path here = Path.of("data-manifests");
        return load(Files.isDirectory(here) ? here : Path.of("..", "data-manifests"));
    }

    public Path directory() {
        return dir;
    }

    public DatasetManifest get(String name) {
        DatasetManifest m = manifests.get(name);
        if (m == null) {
            throw new IllegalArgumentException("Unknown manifest '" + name + "' in " + dir
                    + Suggestions.didYouMean(name, manifests.keySet()) + ". Known: " + String.join(", ", manifests.keySet()));
        }
        return m;
    }

    public List<DatasetManifest> all() {
        return List.copyOf(manifests.values());
    }
}
