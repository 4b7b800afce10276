package org.hetabench.core.model;

import java.util.Map;

/**
 * Plain-Java double-precision forward passes, written from the architectures' published definitions
 * and reading the weights in their Hugging Face names and layouts. They are the independent oracle
 * for the GPT-2 and Llama 3.1 loaders: no code is shared with {@link TransformerModel} or the loader.
 */
final class ReferenceForward {
    private ReferenceForward() {}

    /** {@code y = W x}, W stored row-major {@code [out][in]} (nn.Linear). */
    static double[] linear(float[] w, double[] x, int out) {
        int in = x.length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int i = 0; i < in; i++) {
                s += w[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** {@code y = x W}, W stored row-major {@code [in][out]} (GPT-2 Conv1D). */
    static double[] conv1d(float[] w, double[] x, int out) {
        double[] y = new double[out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                y[o] += x[i] * w[i * out + o];
            }
        }
        return y;
    }

    static double[] addBias(double[] y, float[] b) {
        if (b != null) {
            for (int i = 0; i < y.length; i++) {
                y[i] += b[i];
            }
        }
        return y;
    }

    static double[] layerNorm(double[] x, float[] g, float[] b, double eps) {
        double mu = 0;
        for (double v : x) {
            mu += v;
        }
        mu /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mu) * (v - mu);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mu) / Math.sqrt(var + eps) * g[i] + b[i];
        }
        return y;
    }

    static double[] rmsNorm(double[] x, float[] g, double eps) {
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        ms /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / Math.sqrt(ms + eps) * g[i];
        }
        return y;
    }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /**
     * Causal multi-head attention over per-position q (width H*hd) and k, v (width KV*hd); query head
     * h reads key/value head h / (H/KV).
     */
    static double[][] attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int hd) {
        int n = q.length;
        double[][] ctx = new double[n][heads * hd];
        for (int h = 0; h < heads; h++) {
            int kh = h / (heads / kvHeads);
            for (int t = 0; t < n; t++) {
                double[] s = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int u = 0; u <= t; u++) {
                    double dot = 0;
                    for (int i = 0; i < hd; i++) {
                        dot += q[t][h * hd + i] * k[u][kh * hd + i];
                    }
                    s[u] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[u]);
                }
                double z = 0;
                for (int u = 0; u <= t; u++) {
                    s[u] = Math.exp(s[u] - max);
                    z += s[u];
                }
                for (int u = 0; u <= t; u++) {
                    for (int i = 0; i < hd; i++) {
                        ctx[t][h * hd + i] += s[u] / z * v[u][kh * hd + i];
                    }
                }
            }
        }
        return ctx;
    }

    /** GPT-2 logits at every position; weights under names without the "transformer." prefix. */
    static double[][] gpt2(Map<String, float[]> w, int layers, int heads, int d, int inner, int vocab, int[] ids) {
        int n = ids.length;
        double eps = 1e-5;
        double[][] x = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                x[t][i] = (double) w.get("wte.weight")[ids[t] * d + i] + w.get("wpe.weight")[t * d + i];
            }
        }
        for (int l = 0; l < layers; l++) {
            String p = "h." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] a = layerNorm(x[t], w.get(p + "ln_1.weight"), w.get(p + "ln_1.bias"), eps);
                double[] qkv = addBias(conv1d(w.get(p + "attn.c_attn.weight"), a, 3 * d), w.get(p + "attn.c_attn.bias"));
                q[t] = java.util.Arrays.copyOfRange(qkv, 0, d);
                k[t] = java.util.Arrays.copyOfRange(qkv, d, 2 * d);
                v[t] = java.util.Arrays.copyOfRange(qkv, 2 * d, 3 * d);
            }
            double[][] ctx = attention(q, k, v, heads, heads, d / heads);
            for (int t = 0; t < n; t++) {
                double[] o = addBias(conv1d(w.get(p + "attn.c_proj.weight"), ctx[t], d), w.get(p + "attn.c_proj.bias"));
                for (int i = 0; i < d; i++) {
                    x[t][i] += o[i];
                }
                double[] m = layerNorm(x[t], w.get(p + "ln_2.weight"), w.get(p + "ln_2.bias"), eps);
                double[] f = addBias(conv1d(w.get(p + "mlp.c_fc.weight"), m, inner), w.get(p + "mlp.c_fc.bias"));
                for (int i = 0; i < inner; i++) {
                    f[i] = geluTanh(f[i]);
                }
                double[] down = addBias(conv1d(w.get(p + "mlp.c_proj.weight"), f, d), w.get(p + "mlp.c_proj.bias"));
                for (int i = 0; i < d; i++) {
                    x[t][i] += down[i];
                }
            }
        }
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] f = layerNorm(x[t], w.get("ln_f.weight"), w.get("ln_f.bias"), eps);
            logits[t] = linear(w.get("wte.weight"), f, vocab);
        }
        return logits;
    }

    /** Rotate-half RoPE on one head slice {@code [off, off+hd)} at position {@code pos}. */
    static void ropeHalf(double[] x, int off, int hd, int pos, double[] invFreq) {
        int half = hd / 2;
        for (int i = 0; i < half; i++) {
            double a = pos * invFreq[i];
            double x1 = x[off + i];
            double x2 = x[off + i + half];
            x[off + i] = x1 * Math.cos(a) - x2 * Math.sin(a);
            x[off + i + half] = x2 * Math.cos(a) + x1 * Math.sin(a);
        }
    }

    /** Hugging Face Llama logits at every position, with the given RoPE inverse frequencies. */
    static double[][] llama(Map<String, float[]> w, int layers, int heads, int kvHeads, int hd, int d, int inner,
                            int vocab, double eps, boolean tied, double[] invFreq, int[] ids) {
        int n = ids.length;
        double[][] x = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                x[t][i] = w.get("model.embed_tokens.weight")[ids[t] * d + i];
            }
        }
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] a = rmsNorm(x[t], w.get(p + "input_layernorm.weight"), eps);
                q[t] = addBias(linear(w.get(p + "self_attn.q_proj.weight"), a, heads * hd), w.get(p + "self_attn.q_proj.bias"));
                k[t] = addBias(linear(w.get(p + "self_attn.k_proj.weight"), a, kvHeads * hd), w.get(p + "self_attn.k_proj.bias"));
                v[t] = addBias(linear(w.get(p + "self_attn.v_proj.weight"), a, kvHeads * hd), w.get(p + "self_attn.v_proj.bias"));
                for (int h = 0; h < heads; h++) {
                    ropeHalf(q[t], h * hd, hd, t, invFreq);
                }
                for (int h = 0; h < kvHeads; h++) {
                    ropeHalf(k[t], h * hd, hd, t, invFreq);
                }
            }
            double[][] ctx = attention(q, k, v, heads, kvHeads, hd);
            for (int t = 0; t < n; t++) {
                double[] o = linear(w.get(p + "self_attn.o_proj.weight"), ctx[t], d);
                for (int i = 0; i < d; i++) {
                    x[t][i] += o[i];
                }
                double[] m = rmsNorm(x[t], w.get(p + "post_attention_layernorm.weight"), eps);
                double[] g = linear(w.get(p + "mlp.gate_proj.weight"), m, inner);
                double[] u = linear(w.get(p + "mlp.up_proj.weight"), m, inner);
                for (int i = 0; i < inner; i++) {
                    g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                double[] down = linear(w.get(p + "mlp.down_proj.weight"), g, d);
                for (int i = 0; i < d; i++) {
                    x[t][i] += down[i];
                }
            }
        }
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] f = rmsNorm(x[t], w.get("model.norm.weight"), eps);
            logits[t] = linear(w.get(tied ? "model.embed_tokens.weight" : "lm_head.weight"), f, vocab);
        }
        return logits;
    }
}
