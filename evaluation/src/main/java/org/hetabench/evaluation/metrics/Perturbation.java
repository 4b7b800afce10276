package org.hetabench.evaluation.metrics;

import java.util.Arrays;

/** The perturbation operators of spec §1.5, on embedding rows or token ids. Inputs are never modified. */
public final class Perturbation {
    private Perturbation() {}

    /** {@code ZERO_EMBED(S)}: rows {@code i} with {@code remove[i]} set to 0. */
    public static double[][] zeroRows(double[][] e, boolean[] remove) {
        double[][] o = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            o[i] = remove[i] ? new double[e[i].length] : e[i].clone();
        }
        return o;
    }

    /** {@code MEAN_EMBED(S)}: rows in S replaced by the mean of all rows. */
    public static double[][] meanRows(double[][] e, boolean[] remove) {
        int d = e[0].length;
        double[] mean = new double[d];
        for (double[] row : e) {
            for (int h = 0; h < d; h++) {
                mean[h] += row[h] / e.length;
            }
        }
        double[][] o = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            o[i] = remove[i] ? mean.clone() : e[i].clone();
        }
        return o;
    }

    /** {@code DELETE(S)}: the ids not in S, in their original order. */
    public static int[] delete(int[] ids, boolean[] remove) {
        return java.util.stream.IntStream.range(0, ids.length).filter(i -> !remove[i]).map(i -> ids[i]).toArray();
    }

    /** {@code REPLACE(S, v)}: ids at positions {@code pos[j]} replaced by {@code with[j]}. */
    public static int[] replace(int[] ids, int[] pos, int[] with) {
        int[] o = ids.clone();
        for (int j = 0; j < pos.length; j++) {
            o[pos[j]] = with[j];
        }
        return o;
    }

    /**
     * {@code SOFT_KEEP(k)} (ReAGent, spec §2.3): element {@code [i][h]} survives iff {@code u < keep[i]} (strict),
     * with one uniform per element drawn row-major; no {@code 1/keep} rescaling. Rows with {@code keepAll[i]}
     * (protected positions) survive untouched and consume no draws.
     */
    public static double[][] softKeep(double[][] e, double[] keep, boolean[] keepAll, Draws draws) {
        double[][] o = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            if (keepAll != null && keepAll[i]) {
                o[i] = e[i].clone();
                continue;
            }
            double k = Math.min(1, Math.max(0, keep[i]));
            o[i] = new double[e[i].length];
            for (int h = 0; h < e[i].length; h++) {
                double u = draws.uniform();
                o[i][h] = u < k ? e[i][h] : 0;
            }
        }
        return o;
    }

    /** A mask with the listed positions set. */
    public static boolean[] mask(int length, int... positions) {
        boolean[] m = new boolean[length];
        for (int p : positions) {
            m[p] = true;
        }
        return m;
    }

    /** {@code mask} with every entry flipped, except those in {@code never}. */
    public static boolean[] complement(boolean[] mask, boolean[] never) {
        boolean[] o = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            o[i] = !mask[i] && (never == null || !never[i]);
        }
        return o;
    }

    /** The mean squared entry of {@code e}, square-rooted (RMS), for relative noise scales. */
    public static double rms(double[][] e) {
        double s = 0;
        long n = 0;
        for (double[] row : e) {
            for (double x : row) {
                s += x * x;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(s / n);
    }

    static double[][] copy(double[][] e) {
        return Arrays.stream(e).map(double[]::clone).toArray(double[][]::new);
    }
}
