package org.hetabench.jobs.config;

/**
 * One dataset entry of a suite.
 *
 * @param name dataset name as in {@code data-manifests/}
 * @param sample number of instances to sample (seeded, stable ids); 0 = all
 * @param generate for datasets whose target is "generate N tokens and attribute each": N, or 0 for the
 *     dataset's own default
 * @param maxTokens instances whose context (plus targets) is longer are quarantined; 0 = the model's context
 */
public record DatasetSpec(String name, int sample, int generate, int maxTokens) implements java.io.Serializable {
    public DatasetSpec {
        if (sample < 0) {
            throw new ConfigException("datasets[" + name + "].sample must be >= 0, got " + sample);
        }
        if (generate < 0) {
            throw new ConfigException("datasets[" + name + "].generate must be >= 0, got " + generate);
        }
        if (maxTokens < 0) {
            throw new ConfigException("datasets[" + name + "].maxTokens must be >= 0, got " + maxTokens);
        }
    }

    public DatasetSpec(String name, int sample, int generate) {
        this(name, sample, generate, 0);
    }
}
