package org.hetabench.jobs.config;

import java.util.Map;

/**
 * A model preset from {@code conf/models/NAME.yaml}.
 *
 * @param name preset name
 * @param path checkpoint location: a path, or {@code manifest:NAME} resolved through data-manifests/
 * @param paperName how the paper calls the model
 * @param precision float32 or float64
 * @param maxBatch sequences per native call
 * @param params method parameters this model needs (e.g. the 70B layer-subset recipe)
 */
public record ModelPreset(String name, String path, String paperName, String precision, int maxBatch,
                          Map<String, String> params) implements java.io.Serializable {
    public ModelPreset {
        params = Map.copyOf(params);
    }
}
