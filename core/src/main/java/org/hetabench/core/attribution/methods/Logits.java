package org.hetabench.core.attribution.methods;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.model.Objective;

/** Small numerics on logit vectors shared by the methods (all in double precision). */
final class Logits {
    private Logits() {}

    static final List<String> FUNCTIONALS = List.of("logprob", "prob", "logit", "logitprob");

    /** Reads a target functional parameter ({@code logprob}, {@code prob}, {@code logit}, {@code logitprob}). */
    static Objective.Kind functional(ParamReader r, String key, String def) {
        return Objective.Kind.valueOf(r.choice(key, def, FUNCTIONALS).toUpperCase(Locale.ROOT));
    }

    static double logSumExp(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : z) {
            s += StrictMath.exp(v - max);
        }
        return max + StrictMath.log(s);
    }

    static double[] softmax(double[] z) {
        double lse = logSumExp(z);
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = StrictMath.exp(z[i] - lse);
        }
        return p;
    }

    static double logProb(double[] z, int y) {
        return z[y] - logSumExp(z);
    }

    static int argmax(double[] z) {
        int b = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[b]) {
                b = i;
            }
        }
        return b;
    }

    /** 1-based rank of {@code y}: one plus the number of tokens with a strictly larger logit. */
    static int rank(double[] z, int y) {
        int r = 1;
        for (double v : z) {
            if (v > z[y]) {
                r++;
            }
        }
        return r;
    }

    /** Whether {@code y} is among the {@code k} largest logits (ties by ascending id, like a stable sort). */
    static boolean inTopK(double[] z, int y, int k) {
        int better = 0;
        for (int v = 0; v < z.length; v++) {
            if (z[v] > z[y] || (z[v] == z[y] && v < y)) {
                better++;
            }
        }
        return better < k;
    }

    /** Indices of the {@code k} largest values, descending (ties by ascending index). */
    static int[] topK(double[] z, int k) {
        Integer[] idx = new Integer[z.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> z[a] != z[b] ? Double.compare(z[b], z[a]) : Integer.compare(a, b));
        int m = Math.min(k, z.length);
        int[] o = new int[m];
        for (int i = 0; i < m; i++) {
            o[i] = idx[i];
        }
        return o;
    }

    /** KL(p || q) of two distributions given as logits. */
    static double klFromLogits(double[] zp, double[] zq) {
        double lp = logSumExp(zp);
        double lq = logSumExp(zq);
        double kl = 0;
        for (int v = 0; v < zp.length; v++) {
            double a = zp[v] - lp;
            kl += StrictMath.exp(a) * (a - (zq[v] - lq));
        }
        return kl;
    }
}
