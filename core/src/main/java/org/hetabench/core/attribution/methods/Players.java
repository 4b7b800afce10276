package org.hetabench.core.attribution.methods;

import java.util.Arrays;
import org.hetabench.core.attribution.AttributionRequest;

/**
 * The perturbable context positions of a request ("players"): every position not marked protected
 * (methods.md §1.3). Protected positions are never perturbed by any method.
 */
final class Players {
    private Players() {}

    static int[] of(AttributionRequest request) {
        boolean[] prot = request.protectedPositions();
        return java.util.stream.IntStream.range(0, prot.length).filter(i -> !prot[i]).toArray();
    }

    /** The first protected position, or -1. */
    static int firstProtected(AttributionRequest request) {
        boolean[] prot = request.protectedPositions();
        for (int i = 0; i < prot.length; i++) {
            if (prot[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Throws if a perturbation operator is about to touch a protected position (methods.md §6.12). */
    static void assertPerturbable(AttributionRequest request, int position) {
        if (request.protectedPositions()[position]) {
            throw new IllegalStateException("internal error: position " + position + " of instance '"
                    + request.instanceId() + "' is protected and must never be perturbed");
        }
    }

    /** {@code ids} with the positions where {@code remove} is true deleted (DELETE, methods.md §1.7). */
    static int[] delete(int[] ids, boolean[] remove) {
        int n = 0;
        int[] o = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (!remove[i]) {
                o[n++] = ids[i];
            }
        }
        return Arrays.copyOf(o, n);
    }

    static double[][] copy(double[][] a) {
        double[][] o = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i].clone();
        }
        return o;
    }
}
