package org.hetabench.evaluation.data;

import java.nio.file.Path;

/**
 * A manifest file found on disk and verified.
 *
 * @param file the manifest entry
 * @param path where the verified bytes are
 * @param sha256 the computed sha256 (equal to {@code file.sha256()})
 * @param origin where it was found
 */
public record ResolvedFile(DatasetManifest.ManifestFile file, Path path, String sha256, Origin origin) {

    /** Where a file was found. */
    public enum Origin { MIRROR, CACHE, DOWNLOADED }
}
