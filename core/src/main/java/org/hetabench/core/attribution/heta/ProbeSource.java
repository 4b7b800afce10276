package org.hetabench.core.attribution.heta;

import org.hetabench.core.attribution.AttributionRequest;

/**
 * Supplies the block-Hutchinson probe vectors {@code r_k} of HETA's curvature term (heta.md §3).
 * The default is {@link RademacherProbes}; tests inject fixed probes (e.g. the golden instance's).
 */
@FunctionalInterface
public interface ProbeSource {

    /**
     * Probes for a whole context: {@code [length][samples][width]}, probe {@code k} of token {@code i}
     * is {@code probes[i][k]} (a d-vector placed on block {@code i}, zero elsewhere). Windowed variants
     * index this array by absolute position, so a token keeps its probes in every window.
     *
     * @param request the request being attributed (for seeding)
     * @param length number of context tokens T
     * @param samples number of probes per token m
     * @param width block width d
     */
    double[][][] probes(AttributionRequest request, int length, int samples, int width);

    /** A source that always returns {@code fixed}, checking its shape. */
    static ProbeSource fixed(double[][][] fixed) {
        return (request, length, samples, width) -> {
            if (fixed.length != length || fixed[0].length != samples || fixed[0][0].length != width) {
                throw new IllegalArgumentException("Fixed probes have shape [" + fixed.length + "][" + fixed[0].length
                        + "][" + fixed[0][0].length + "], the request needs [" + length + "][" + samples + "][" + width
                        + "] (set heta.hvp.samples=" + fixed[0].length + ")");
            }
            return fixed;
        };
    }
}
