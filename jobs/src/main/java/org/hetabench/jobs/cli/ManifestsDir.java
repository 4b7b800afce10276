package org.hetabench.jobs.cli;

import java.nio.file.Path;

/** Where {@code data-manifests/} is: the option, else {@code <checkout>/data-manifests} for the launcher. */
final class ManifestsDir {
    private ManifestsDir() {}

    static void apply(Path option) {
        if (option != null) {
            System.setProperty("heta.manifests.dir", option.toString());
        } else if (System.getProperty("heta.manifests.dir") == null && System.getProperty("heta.repo.dir") != null) {
            System.setProperty("heta.manifests.dir", Path.of(System.getProperty("heta.repo.dir"), "data-manifests").toString());
        }
    }
}
