package org.hetabench.evaluation.metrics;

/** Softmax and log-softmax in double precision with the maximum subtracted first (spec §1.2). */
public final class Softmax {
    private Softmax() {}

    public static double[] of(double[] z) {
        double[] lp = log(z);
        for (int i = 0; i < lp.length; i++) {
            lp[i] = Math.exp(lp[i]);
        }
        return lp;
    }

    public static double[] log(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : z) {
            s += Math.exp(x - max);
        }
        double lse = max + Math.log(s);
        double[] o = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            o[i] = z[i] - lse;
        }
        return o;
    }

    /** {@code ln softmax(z)[y]}. */
    public static double logProb(double[] z, int y) {
        return log(z)[y];
    }

    public static int argmax(double[] z) {
        int b = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[b]) {
                b = i;
            }
        }
        return b;
    }
}
