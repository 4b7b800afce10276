package org.hetabench.evaluation.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A manifest with every file resolved and verified.
 *
 * @param manifest the manifest
 * @param files one entry per manifest file, in manifest order
 */
public record ResolvedManifest(DatasetManifest manifest, List<ResolvedFile> files) {
    public ResolvedManifest {
        files = List.copyOf(files);
    }

    /** The verified local path of the file with this path or file name. */
    public Path path(String pathOrName) {
        DatasetManifest.ManifestFile f = manifest.file(pathOrName);
        for (ResolvedFile r : files) {
            if (r.file().equals(f)) {
                return r.path();
            }
        }
        throw new IllegalStateException("File " + f.path() + " of manifest " + manifest.name() + " was not resolved");
    }
}
