package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Orders positions by attribution: descending score, ties broken by the lower position first (spec §3.2). */
public final class Ranking {
    private Ranking() {}

    /** Eligible positions sorted by descending {@code scores}, lower position first on ties. */
    public static int[] descending(double[] scores, boolean[] eligible) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (eligible == null || eligible[i]) {
                idx.add(i);
            }
        }
        idx.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first {@code k} of {@link #descending} (fewer if fewer are eligible). */
    public static int[] topK(double[] scores, boolean[] eligible, int k) {
        int[] d = descending(scores, eligible);
        return java.util.Arrays.copyOf(d, Math.min(k, d.length));
    }
}
