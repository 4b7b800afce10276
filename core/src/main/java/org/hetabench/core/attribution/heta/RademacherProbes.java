package org.hetabench.core.attribution.heta;

import java.util.SplittableRandom;
import org.hetabench.core.attribution.AttributionRequest;

/**
 * Rademacher (±1) probes drawn from the request's seeded stream {@code ("heta", "probes")} in the
 * order token, sample, coordinate (heta.md §3, §7): the same request always gets the same probes,
 * whatever the batch size or schedule.
 */
public final class RademacherProbes implements ProbeSource {

    @Override
    public double[][][] probes(AttributionRequest request, int length, int samples, int width) {
        SplittableRandom rnd = request.random(Heta.NAME, "probes");
        double[][][] out = new double[length][samples][width];
        for (int i = 0; i < length; i++) {
            for (int k = 0; k < samples; k++) {
                for (int c = 0; c < width; c++) {
                    out[i][k][c] = rnd.nextBoolean() ? 1.0 : -1.0;
                }
            }
        }
        return out;
    }
}
