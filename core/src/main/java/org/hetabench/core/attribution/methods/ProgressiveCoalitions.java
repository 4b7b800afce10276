package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The coalition sampling of multi-pass Progressive Inference (Kariyappa et al., ICML 2024; our
 * importance-weighted form, methods.md §4.2): each pass draws {@code q ~ U(0,1)} and keeps every player
 * with probability {@code q}; the reading at a kept player {@code j} sees the coalition
 * {@code S = {i ≤ j kept}}, produced with probability
 * {@code |S|!·(max(S)+1−|S|)!/(max(S)+2)!}. Weighting each sample by {@code shapKernel/sampleProb}
 * makes the weighted regression an unbiased Monte-Carlo version of the Kernel-SHAP objective.
 */
public final class ProgressiveCoalitions {
    private ProgressiveCoalitions() {}

    /** Regression samples for {@link KernelShap#solve}. */
    public record Samples(boolean[][] z, double[] v, double[] w, int clipped) {}

    /** A value read at player {@code j} of pass {@code r}. */
    @FunctionalInterface
    public interface PrefixReading {
        double value(int pass, int player);
    }

    /** {@code m} masks over {@code p} players: {@code q_r ~ U(0,1)}, {@code z_r[i] ~ Bernoulli(q_r)}. */
    public static boolean[][] draw(int p, int m, SplittableRandom rng) {
        boolean[][] z = new boolean[m][p];
        for (int r = 0; r < m; r++) {
            double q = rng.nextDouble();
            for (int i = 0; i < p; i++) {
                z[r][i] = rng.nextDouble() < q;
            }
        }
        return z;
    }

    /** log of the probability that one pass produces coalition size {@code s} with largest member {@code max}. */
    public static double logPrefixProbability(int s, int max) {
        return KernelShap.logFactorial(s) + KernelShap.logFactorial(max + 1 - s) - KernelShap.logFactorial(max + 2);
    }

    /** log of the probability that one pass draws exactly a given coalition of size {@code s} of {@code p}. */
    public static double logFullProbability(int s, int p) {
        return KernelShap.logFactorial(s) + KernelShap.logFactorial(p - s) - KernelShap.logFactorial(p + 1);
    }

    /**
     * Samples from readings at every kept player (one coalition per kept position); coalitions of size
     * {@code p} are left to the efficiency constraint.
     */
    public static Samples fromPrefixReadings(boolean[][] masks, int p, PrefixReading reading, double clipQuantile) {
        List<boolean[]> zs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (int r = 0; r < masks.length; r++) {
            int size = 0;
            for (int j = 0; j < p; j++) {
                if (!masks[r][j]) {
                    continue;
                }
                size++;
                if (size == p) {
                    continue;
                }
                boolean[] s = new boolean[p];
                System.arraycopy(masks[r], 0, s, 0, j + 1);
                zs.add(s);
                vs.add(reading.value(r, j));
                ws.add(Math.exp(Math.log(KernelShap.kernel(size, p)) - logPrefixProbability(size, j)));
            }
        }
        return pack(zs, vs, ws, clipQuantile);
    }

    /** Samples from one reading per pass at the final position (plain Kernel SHAP with masking). */
    public static Samples fromFinalReadings(boolean[][] masks, int p, java.util.function.IntToDoubleFunction valueOfPass,
                                            double clipQuantile) {
        List<boolean[]> zs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (int r = 0; r < masks.length; r++) {
            int size = 0;
            for (boolean b : masks[r]) {
                size += b ? 1 : 0;
            }
            if (size == 0 || size == p) {
                continue;
            }
            zs.add(masks[r].clone());
            vs.add(valueOfPass.applyAsDouble(r));
            ws.add(Math.exp(Math.log(KernelShap.kernel(size, p)) - logFullProbability(size, p)));
        }
        return pack(zs, vs, ws, clipQuantile);
    }

    private static Samples pack(List<boolean[]> zs, List<Double> vs, List<Double> ws, double clipQuantile) {
        int n = zs.size();
        double[] v = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = vs.get(i);
            w[i] = ws.get(i);
        }
        int clipped = 0;
        if (clipQuantile < 1 && n > 0) {
            double[] sorted = w.clone();
            Arrays.sort(sorted);
            double cap = sorted[Math.min(n - 1, (int) Math.floor(clipQuantile * (n - 1)))];
            for (int i = 0; i < n; i++) {
                if (w[i] > cap) {
                    w[i] = cap;
                    clipped++;
                }
            }
        }
        return new Samples(zs.toArray(new boolean[0][]), v, w, clipped);
    }
}
