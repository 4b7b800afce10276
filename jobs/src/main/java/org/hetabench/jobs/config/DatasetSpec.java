package org.hetabench.jobs.config;

/**
 * One dataset entry of a suite.
 *
 * @param name dataset name as in {@code data-manifests/}
 * @param sample number of instances to sample (seeded, stable ids); 0 = all
 * @param generate for datasets whose target is "generate N tokens and attribute each": N, or 0 for the
 *     dataset's own default
 */
public record DatasetSpec(String name, int sample, int generate) implements java.io.Serializable {
    public DatasetSpec {
        if (sample < 0) {
            throw new ConfigException("datasets[" + name + "].sample must be >= 0, got " + sample);
        }
        if (generate < 0) {
            throw new ConfigException("datasets[" + name + "].generate must be >= 0, got " + generate);
        }
    }
}
