package org.hetabench.evaluation.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hetabench.core.testing.SharedFiles;

/** Test fixtures: the repository's manifests and an offline resolver over ../shared. */
final class TestData {
    private TestData() {}

    static ManifestRegistry manifests() {
        return ManifestRegistry.load(Path.of("..", "data-manifests"));
    }

    /** Offline resolver: mirrors shared/data and shared/models; a cache directory that does not exist. */
    static Resolver resolver() {
        Path shared = SharedFiles.root();
        return new Resolver(new Resolver.Config(List.of(shared.resolve("data"), shared.resolve("models")),
                Path.of("target", "no-cache"), true, Duration.ofSeconds(5), null));
    }

    static DatasetCatalog catalog() {
        return new DatasetCatalog(manifests(), resolver());
    }

    static Path shared(String relative) {
        return SharedFiles.file(relative);
    }
}
