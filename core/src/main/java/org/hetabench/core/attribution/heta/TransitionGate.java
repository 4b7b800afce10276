package org.hetabench.core.attribution.heta;

import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.ModelConfig;

/**
 * HETA's transition gate {@code M_T} (semantic flow, heta.md §2; paper Eq. 2–3): attention rollout
 * towards the target position weighted by each head's value-output norm, clamped at 0 and normalised
 * to a distribution over the context.
 *
 * <p>Grouped-query attention: query head {@code h} reads key/value head {@code h / groupSize} for its
 * value vector, and its own columns {@code h*headDim..(h+1)*headDim-1} of {@code W_O}. (The authors'
 * release slices {@code W_V} by query-head count, heta.md §8; that defect is deliberately not
 * reproduced.)
 */
public final class TransitionGate {

    /** How per-head flow is rolled out across layers. */
    public enum Rollout {
        /** Heads with the same index chained bottom-up (the release). */
        PER_HEAD_CHAIN("per-head-chain"),
        /** Head-averaged rollout of the layers above, times this head's {@code Â}. */
        UPPER_MEAN("upper-mean");

        private final String key;

        Rollout(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Which value vectors enter the value norm. */
    public enum Values {
        /** {@code h_i^l W_V^h} from the un-normalised input residual stream, no bias (the release). */
        RESIDUAL("residual"),
        /** The value vectors the forward pass used (after the norm, with bias). */
        ACTUAL("actual");

        private final String key;

        Values(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Rollout rollout;
    private final Values values;

    public TransitionGate(Rollout rollout, Values values) {
        this.rollout = rollout;
        this.values = values;
    }

    /**
     * The gate over the layers {@code layers} (ascending) of one forward pass.
     *
     * @param model the model (for {@code W_V}, {@code W_O})
     * @param pass a pass that captured ATTENTION, RESIDUALS and (for {@link Values#ACTUAL}) VALUES
     * @param layers the selected layer subset Ls, ascending
     * @return {@code M_T}, non-negative, summing to 1 (uniform if the raw sum is 0)
     */
    public double[] compute(CausalLm model, ForwardResult pass, int[] layers) {
        return normalise(raw(model, pass, layers));
    }

    /** {@code Σ_l Σ_h Φ^{l,h}(i) ν^{l,h}(i)} before clamping and normalisation. */
    public double[] raw(CausalLm model, ForwardResult pass, int[] layers) {
        ModelConfig cfg = model.config();
        int heads = cfg.numHeads();
        int t = pass.attention()[layers[0]][0].length;
        double[][][] phi = rollout == Rollout.PER_HEAD_CHAIN ? perHeadChain(pass, layers, heads, t)
                : upperMean(pass, layers, heads, t);
        double[] m = new double[t];
        for (int li = 0; li < layers.length; li++) {
            double[][] nu = valueNorms(model, pass, layers[li]);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    m[i] += phi[li][h][i] * nu[h][i];
                }
            }
        }
        return m;
    }

    /** Clamps at 0 and divides by the sum; uniform {@code 1/T} if the sum is 0. */
    public static double[] normalise(double[] raw) {
        double[] m = new double[raw.length];
        double sum = 0;
        for (int i = 0; i < raw.length; i++) {
            m[i] = Math.max(0, raw[i]);
            sum += m[i];
        }
        for (int i = 0; i < m.length; i++) {
            m[i] = sum > 0 ? m[i] / sum : 1.0 / m.length;
        }
        return m;
    }

    /** {@code Â = rownorm(0.5 A + 0.5 I)}. */
    private static double[][] smoothed(double[][] a) {
        int t = a.length;
        double[][] s = new double[t][t];
        for (int q = 0; q < t; q++) {
            double sum = 0;
            for (int k = 0; k < t; k++) {
                s[q][k] = 0.5 * a[q][k] + (q == k ? 0.5 : 0);
                sum += s[q][k];
            }
            for (int k = 0; k < t; k++) {
                s[q][k] /= sum;
            }
        }
        return s;
    }

    /** Row vector times lower-triangular (causal) matrix: {@code u · A}. */
    private static double[] rowTimes(double[] u, double[][] a) {
        int t = u.length;
        double[] o = new double[t];
        for (int q = 0; q < t; q++) {
            double uq = u[q];
            if (uq == 0) {
                continue;
            }
            double[] row = a[q];
            for (int k = 0; k <= q; k++) {
                o[k] += uq * row[k];
            }
        }
        return o;
    }

    /**
     * {@code Φ^{l,h} = (Â^{l,h} ··· Â^{l_0,h})[T-1, ·]}: the last row of each bottom-up product is
     * obtained by a top-down sweep of a row vector, O(|Ls|² T²) per head instead of O(|Ls| T³).
     */
    private static double[][][] perHeadChain(ForwardResult pass, int[] layers, int heads, int t) {
        double[][][] phi = new double[layers.length][heads][];
        for (int h = 0; h < heads; h++) {
            double[][][] a = new double[layers.length][][];
            for (int li = 0; li < layers.length; li++) {
                a[li] = smoothed(pass.attention()[layers[li]][h]);
            }
            for (int li = 0; li < layers.length; li++) {
                double[] u = new double[t];
                u[t - 1] = 1;
                for (int lj = li; lj >= 0; lj--) {
                    u = rowTimes(u, a[lj]);
                }
                phi[li][h] = u;
            }
        }
        return phi;
    }

    /** {@code Φ^{l,h} = (R^{>l} Â^{l,h})[T-1, ·]} with {@code R^{>l}} the head-averaged rollout above l. */
    private static double[][][] upperMean(ForwardResult pass, int[] layers, int heads, int t) {
        double[][][] phi = new double[layers.length][heads][];
        double[] w = new double[t];
        w[t - 1] = 1;
        for (int li = layers.length - 1; li >= 0; li--) {
            double[][] mean = new double[t][t];
            for (int h = 0; h < heads; h++) {
                double[][] a = smoothed(pass.attention()[layers[li]][h]);
                phi[li][h] = rowTimes(w, a);
                for (int q = 0; q < t; q++) {
                    for (int k = 0; k <= q; k++) {
                        mean[q][k] += a[q][k] / heads;
                    }
                }
            }
            w = rowTimes(w, mean);
        }
        return phi;
    }

    /** {@code ν^{l,h}(i) = ‖v_i^{l,h} W_O^{l,h}‖_1}, shape {@code [head][position]}. */
    private double[][] valueNorms(CausalLm model, ForwardResult pass, int layer) {
        ModelConfig cfg = model.config();
        int heads = cfg.numHeads();
        int hd = cfg.headDim();
        int d = cfg.hiddenSize();
        int group = cfg.groupSize();
        CausalLm.AttentionWeights w = model.attentionWeights(layer);
        double[][] stream = pass.residuals() == null ? null : pass.residuals()[layer];
        int t = pass.attention()[layer][0].length;
        double[][] nu = new double[heads][t];
        double[] v = new double[hd];
        for (int h = 0; h < heads; h++) {
            int kv = h / group;
            for (int i = 0; i < t; i++) {
                if (values == Values.RESIDUAL) {
                    double[] x = stream[i];
                    for (int j = 0; j < hd; j++) {
                        double[] wrow = w.wv()[kv * hd + j];
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            s += wrow[c] * x[c];
                        }
                        v[j] = s;
                    }
                } else {
                    System.arraycopy(pass.values()[layer][kv][i], 0, v, 0, hd);
                }
                double l1 = 0;
                for (int c = 0; c < d; c++) {
                    double[] orow = w.wo()[c];
                    double s = 0;
                    for (int j = 0; j < hd; j++) {
                        s += orow[h * hd + j] * v[j];
                    }
                    l1 += Math.abs(s);
                }
                nu[h][i] = l1;
            }
        }
        return nu;
    }
}
