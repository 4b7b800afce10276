package org.hetabench.core.attribution;

import java.util.Locale;

/**
 * Post-processing of raw scores (methods.md §1.4). Methods never normalise their own output; a report
 * or metric applies one of these explicitly and records which.
 */
public enum Normalisation {
    /** Raw scores. */
    NONE,
    /** {@code s_i / Σ_j |s_j|} (inseq's default for gradient methods). */
    L1,
    /** {@code exp(s_i) / Σ_j exp(s_j)} (ReAGent's own evaluators). */
    SOFTMAX,
    /** {@code (s_i − min) / (max − min)}; all zeros when every score is equal. */
    MINMAX,
    /** {@code max(s_i, 0) / Σ_j max(s_j, 0)}; all zeros if no score is positive. */
    POS_L1,
    /** {@code |s_i| / Σ_j |s_j|}; loses the sign. */
    ABS_L1;

    /** Applies this normaliser to a copy of {@code s}. A zero denominator gives all zeros. */
    public double[] apply(double[] s) {
        double[] o = new double[s.length];
        switch (this) {
            case NONE:
                return s.clone();
            case L1:
            case ABS_L1: {
                double z = 0;
                for (double v : s) {
                    z += Math.abs(v);
                }
                for (int i = 0; i < s.length && z > 0; i++) {
                    o[i] = (this == L1 ? s[i] : Math.abs(s[i])) / z;
                }
                return o;
            }
            case POS_L1: {
                double z = 0;
                for (double v : s) {
                    z += Math.max(v, 0);
                }
                for (int i = 0; i < s.length && z > 0; i++) {
                    o[i] = Math.max(s[i], 0) / z;
                }
                return o;
            }
            case SOFTMAX: {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : s) {
                    max = Math.max(max, v);
                }
                double z = 0;
                for (int i = 0; i < s.length; i++) {
                    o[i] = Math.exp(s[i] - max);
                    z += o[i];
                }
                for (int i = 0; i < s.length; i++) {
                    o[i] /= z;
                }
                return o;
            }
            case MINMAX: {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double v : s) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                for (int i = 0; i < s.length && max > min; i++) {
                    o[i] = (s[i] - min) / (max - min);
                }
                return o;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** Parses {@code none}, {@code l1}, {@code softmax}, {@code minmax}, {@code pos-l1}/{@code pos_l1}, {@code abs-l1}. */
    public static Normalisation parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Normalisation v : values()) {
            if (v.name().equals(n)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown normaliser '" + name + "'; allowed: none, l1, softmax, minmax, "
                + "pos-l1, abs-l1");
    }
}
