package org.hetabench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Set;

/**
 * The network of a {@link TransformerModel}: embeddings plus positions, the blocks (pre-norm or
 * parallel, multi-head or grouped-query attention, rotary or learned positions, gated-SiLU or GELU MLP),
 * the final norm and head, and the objectives differentiated by the gradient calls. It builds graphs on
 * native arrays; batching, scopes and grad mode belong to the caller.
 */
final class TransformerNetwork {
    /** What one pass captures besides the last position's hidden state. */
    enum Want {
        /** Attention probabilities of every layer. */
        ATTENTION,
        /** The residual stream entering each layer and the final one. */
        RESIDUALS,
        /** Value vectors of every layer. */
        VALUES,
        /** Keys (after rotary) and values of every layer, for a later suffix-only pass. */
        KEYS,
        /** The final hidden state at every position (all-position logits), not just the last. */
        ALL_POSITIONS
    }

    private final String name;
    private final ModelConfig cfg;
    private final TransformerWeights w;
    private final NativeArrays arrays;
    private final double[] invFreq;

    TransformerNetwork(String name, ModelConfig cfg, TransformerWeights w, NativeArrays arrays) {
        this.name = name;
        this.cfg = cfg;
        this.w = w;
        this.arrays = arrays;
        this.invFreq = cfg.rope() != null ? RotaryFrequencies.inverseFrequencies(cfg.rope()) : null;
    }

    /** cos and sin tables of shape [B, 1, T, rotaryDim/2]. */
    NDArray[] rotary(int[][] pos, BatchLayout lay) {
        int half = cfg.rope().rotaryDim() / 2;
        double[] c = new double[lay.rows * lay.len * half];
        double[] s = new double[c.length];
        for (int b = 0; b < lay.rows; b++) {
            for (int t = 0; t < lay.len; t++) {
                for (int j = 0; j < half; j++) {
                    double a = pos[b][t] * invFreq[j];
                    int i = (b * lay.len + t) * half + j;
                    c[i] = Math.cos(a);
                    s[i] = Math.sin(a);
                }
            }
        }
        Shape sh = new Shape(lay.rows, 1, lay.len, half);
        return new NDArray[] {arrays.fromDoubles(c, sh), arrays.fromDoubles(s, sh)};
    }

    NDArray linear(NDArray x, String p) {
        NDArray y = x.matMul(w.get(p + ".weight").transpose());
        NDArray bias = w.get(p + ".bias");
        return bias == null ? y : y.add(bias);
    }

    NDArray norm(NDArray x, String p) {
        NDArray g = w.get(p + ".weight");
        if (cfg.norm() == ModelConfig.Norm.RMS) {
            return x.mul(x.square().mean(new int[] {-1}, true).add(arrays.constant(cfg.normEps())).pow(arrays.constant(-0.5))).mul(g);
        }
        NDArray mu = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mu);
        NDArray y = c.mul(c.square().mean(new int[] {-1}, true).add(arrays.constant(cfg.normEps())).pow(arrays.constant(-0.5))).mul(g);
        NDArray bias = w.get(p + ".bias");
        return bias == null ? y : y.add(bias);
    }

    NDArray applyRope(NDArray x, NDArray cos, NDArray sin) {
        // x: [B, heads, T, hd]
        int rd = cfg.rope().rotaryDim();
        int hd = cfg.headDim();
        long[] s = x.getShape().getShape();
        NDArray rot = rd == hd ? x : x.get("..., :" + rd);
        NDArray out;
        if (cfg.rope().style() == ModelConfig.RopeStyle.HALF) {
            NDArray x1 = rot.get("..., :" + rd / 2);
            NDArray x2 = rot.get("..., " + rd / 2 + ":");
            out = NDArrays.concat(new NDList(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))), -1);
        } else {
            NDArray pairs = rot.reshape(s[0], s[1], s[2], rd / 2, 2);
            NDArray x0 = pairs.get("..., 0");
            NDArray x1 = pairs.get("..., 1");
            NDArray o0 = x0.mul(cos).sub(x1.mul(sin));
            NDArray o1 = x0.mul(sin).add(x1.mul(cos));
            out = NDArrays.stack(new NDList(o0, o1), -1).reshape(s[0], s[1], s[2], rd);
        }
        return rd == hd ? out : NDArrays.concat(new NDList(out, x.get("..., " + rd + ":")), -1);
    }

    NDArray gelu(NDArray x) {
        // tanh approximation (GPT-2 "gelu_new", GPT-J)
        NDArray inner = x.add(x.mul(x).mul(x).mul(arrays.constant(0.044715))).mul(arrays.constant(Math.sqrt(2.0 / Math.PI)));
        return x.mul(arrays.constant(0.5)).mul(inner.tanh().add(arrays.constant(1.0)));
    }

    NDArray mlp(NDArray x, String p) {
        if (cfg.mlp() == ModelConfig.Mlp.GATED_SILU) {
            NDArray g = linear(x, p + "gate");
            NDArray silu = g.mul(ai.djl.nn.Activation.sigmoid(g));
            return linear(silu.mul(linear(x, p + "up")), p + "down");
        }
        return linear(gelu(linear(x, p + "up")), p + "down");
    }

    /** Captured intermediate arrays of one native pass. */
    static final class Trace {
        NDArray[] attn;
        NDArray[] resid;
        NDArray[] values;
        NDArray[] keys;
        NDArray hidden;
    }

    /**
     * Keys (after rotary) and values of every layer for the first {@code length} positions of one
     * sequence, computed once without gradient and shared by every row of a suffix-only pass: a change
     * at position i leaves positions before i untouched (causality), so their keys and values are
     * constants for it.
     */
    record Past(NDArray[] keys, NDArray[] values, int length) {}

    /**
     * The network on {@code x} (the rows of {@code lay}), capturing what {@code wants} asks for. Without
     * {@link Want#ALL_POSITIONS} the caller reads only the last position's final hidden state, so the
     * last block computes its keys and values for every position but its query, attention output and
     * MLP for the last position only ({@link Trace#hidden} is then {@code [B, 1, d]}).
     *
     * @param past cached prefix keys and values of a suffix-only pass, or null
     */
    Trace run(NDArray x, List<ForwardRequest> reqs, BatchLayout lay, Set<Want> wants, Past past) {
        boolean wantAttn = wants.contains(Want.ATTENTION);
        boolean wantResid = wants.contains(Want.RESIDUALS);
        boolean wantKeys = wants.contains(Want.KEYS);
        boolean wantValues = wants.contains(Want.VALUES);
        boolean lastOnly = !wants.contains(Want.ALL_POSITIONS);
        int L = cfg.numLayers();
        int H = cfg.numHeads();
        int Hkv = cfg.numKvHeads();
        int hd = cfg.headDim();
        long B = lay.rows;
        long T = lay.len;
        int P = past == null ? 0 : past.length();
        int[][] pos = lay.positions(reqs);
        NDArray mask = past == null ? lay.mask(reqs, arrays) : lay.suffixMask(P, arrays);
        NDArray[] cs = cfg.rope() != null ? rotary(pos, lay) : null;
        Trace tr = new Trace();
        tr.attn = wantAttn ? new NDArray[L] : null;
        tr.resid = wantResid ? new NDArray[L + 1] : null;
        tr.values = wantValues || wantKeys ? new NDArray[L] : null;
        tr.keys = wantKeys ? new NDArray[L] : null;
        NDArray h = x;
        if (lay.entry == 0 && cfg.positions() == ModelConfig.Positions.LEARNED) {
            long[] flat = new long[(int) (B * T)];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    flat[(int) (b * T + t)] = pos[b][t];
                }
            }
            h = h.add(w.get("pos_embed").get(arrays.indices(flat)).reshape(B, T, cfg.hiddenSize()));
        }
        double scale = 1.0 / Math.sqrt(hd);
        for (int l = lay.entry; l <= L; l++) {
            h = patch(h, reqs, lay, l);
            if (wantResid) {
                tr.resid[l] = h;
            }
            if (l == L) {
                break;
            }
            String p = "layers." + l + ".";
            boolean trim = lastOnly && l == L - 1 && !wantAttn && !wantResid && !patchedAt(reqs, L);
            long tq = trim ? 1 : T;
            NDArray a = norm(h, p + "attn_norm");
            NDArray aq = trim ? a.get(":, -1:, :") : a;
            NDArray q = linear(aq, p + "q").reshape(B, tq, H, hd).transpose(0, 2, 1, 3);
            NDArray k = linear(a, p + "k").reshape(B, T, Hkv, hd).transpose(0, 2, 1, 3);
            NDArray v = linear(a, p + "v").reshape(B, T, Hkv, hd).transpose(0, 2, 1, 3);
            if (tr.values != null) {
                tr.values[l] = v;
            }
            if (cs != null) {
                q = trim ? applyRope(q, cs[0].get(":, :, -1:, :"), cs[1].get(":, :, -1:, :")) : applyRope(q, cs[0], cs[1]);
                k = applyRope(k, cs[0], cs[1]);
            }
            if (wantKeys) {
                tr.keys[l] = k;
            }
            long tk = T;
            if (P > 0) {
                Shape ps = new Shape(B, Hkv, P, hd);
                k = NDArrays.concat(new NDList(past.keys()[l].broadcast(ps), k), 2);
                v = NDArrays.concat(new NDList(past.values()[l].broadcast(ps), v), 2);
                tk = P + T;
            }
            // query head h reads kv head h / groupSize: fold each group's queries into one kv head's rows
            // instead of copying keys and values groupSize times
            int g = cfg.groupSize();
            NDArray qs = q.mul(arrays.constant(scale)).reshape(B, Hkv, g * tq, hd);
            NDArray scores = qs.matMul(k.transpose(0, 1, 3, 2)).reshape(B, H, tq, tk);
            NDArray probs = scores.add(trim ? mask.get(":, :, -1:, :") : mask).softmax(-1);
            if (wantAttn) {
                tr.attn[l] = probs;
            }
            NDArray ctx = probs.reshape(B, Hkv, g * tq, tk).matMul(v).reshape(B, H, tq, hd)
                    .transpose(0, 2, 1, 3).reshape(B, tq, (long) H * hd);
            NDArray attnOut = linear(ctx, p + "o");
            NDArray hq = trim ? h.get(":, -1:, :") : h;
            if (cfg.parallelBlock()) {
                h = hq.add(attnOut).add(mlp(aq, p));
            } else {
                h = hq.add(attnOut);
                h = h.add(mlp(norm(h, p + "mlp_norm"), p));
            }
        }
        tr.hidden = h;
        return tr;
    }

    static boolean patchedAt(List<ForwardRequest> reqs, int layer) {
        for (ForwardRequest r : reqs) {
            for (ForwardRequest.Patch pt : r.patches()) {
                if (pt.layer() == layer) {
                    return true;
                }
            }
        }
        return false;
    }

    NDArray patch(NDArray h, List<ForwardRequest> reqs, BatchLayout lay, int layer) {
        boolean any = false;
        for (ForwardRequest r : reqs) {
            for (ForwardRequest.Patch pt : r.patches()) {
                any |= pt.layer() == layer;
            }
        }
        if (!any) {
            return h;
        }
        int d = cfg.hiddenSize();
        double[] keep = new double[lay.rows * lay.len];
        java.util.Arrays.fill(keep, 1.0);
        double[] vals = new double[lay.rows * lay.len * d];
        for (int b = 0; b < lay.rows; b++) {
            for (ForwardRequest.Patch pt : reqs.get(b).patches()) {
                if (pt.layer() != layer) {
                    continue;
                }
                if (pt.value().length != d) {
                    throw new IllegalArgumentException("patch value has width " + pt.value().length + ", expected " + d);
                }
                int t = lay.pad[b] + pt.position();
                keep[b * lay.len + t] = 0;
                System.arraycopy(pt.value(), 0, vals, (b * lay.len + t) * d, d);
            }
        }
        NDArray k = arrays.fromDoubles(keep, new Shape(lay.rows, lay.len, 1));
        return h.mul(k).add(arrays.fromDoubles(vals, new Shape(lay.rows, lay.len, d)));
    }

    NDArray logits(NDArray hidden) {
        NDArray n = norm(hidden, "final_norm");
        NDArray head = cfg.tiedEmbeddings() ? w.get("embed") : w.get("lm_head.weight");
        NDArray z = n.matMul(head.transpose());
        NDArray bias = w.get("lm_head.bias");
        return bias == null ? z : z.add(bias);
    }

    NDArray lastLogitsOf(NDArray hidden) {
        return logits(hidden.get(":, -1:, :")).squeeze(1);
    }

    /** Per-row objective values, shape [B]. */
    NDArray objectiveValues(NDArray z, List<Objective> objs) {
        int B = objs.size();
        int V = cfg.vocabSize();
        double[] oneHot = new double[B * V];
        double[] contrast = new double[B * V];
        for (int b = 0; b < B; b++) {
            Objective o = objs.get(b);
            if (o.target() >= V) {
                throw new IllegalArgumentException("Target id " + o.target() + " is outside the vocabulary [0, " + V
                        + ") of " + name);
            }
            oneHot[b * V + o.target()] = 1;
            if (o.kind() == Objective.Kind.PAIR) {
                contrast[b * V + o.contrast()] = 1;
            }
        }
        NDArray y = arrays.fromDoubles(oneHot, new Shape(B, V));
        NDArray zy = z.mul(y).sum(new int[] {-1});
        Objective.Kind kind = objs.get(0).kind();
        for (Objective o : objs) {
            if (o.kind() != kind) {
                throw new IllegalArgumentException("one batch needs one objective kind");
            }
        }
        switch (kind) {
            case LOGIT:
                return zy;
            case PAIR:
                return zy.sub(z.mul(arrays.fromDoubles(contrast, new Shape(B, V))).sum(new int[] {-1})).mul(arrays.constant(0.5)).tanh();
            case LOGPROB:
                return z.logSoftmax(-1).mul(y).sum(new int[] {-1});
            case PROB:
                return z.logSoftmax(-1).mul(y).sum(new int[] {-1}).exp();
            case LOGITPROB: {
                NDArray m = z.max(new int[] {-1}, true).stopGradient();
                NDArray others = z.sub(m).exp().mul(y.neg().add(arrays.constant(1))).sum(new int[] {-1}).log().add(m.squeeze(-1));
                return zy.sub(others);
            }
            default:
                throw new AssertionError(kind);
        }
    }
}
