package org.hetabench.core.model;

import java.nio.file.Path;

/** Hugging Face directories: see the foundation issue; the architectures land in this class. */
public final class HfModelLoader {
    private HfModelLoader() {}

    public static CausalLm load(Path dir, Precision precision) {
        throw new ModelLoadException("Hugging Face model directories are not supported yet: " + dir);
    }
}
