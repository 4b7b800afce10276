package org.hetabench.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * One decoder-only transformer that serves every supported family through a canonical weight
 * naming. Loaders ({@code Llama2cLoader}, {@code HfModelLoader}) translate each checkpoint's names and
 * layouts into these:
 *
 * <pre>
 * embed [V,d]   pos_embed [P,d] (learned positions only)
 * layers.{l}.attn_norm.weight/bias   layers.{l}.{q,k,v,o}.weight/bias   layers.{l}.mlp_norm.weight/bias
 * layers.{l}.gate.weight/bias   layers.{l}.up.weight/bias   layers.{l}.down.weight/bias
 * final_norm.weight/bias   lm_head.weight/bias (absent when tied)
 * </pre>
 *
 * <p>Linear weights use the {@code nn.Linear} layout {@code [out][in]}. Biases and norm biases are
 * optional. The model runs in one {@link Precision}; every weight is cast once at load time, never
 * inside a graph (casting activations would cut the autograd path; djl.md §4).
 *
 * <p>Native memory: weights live in one base manager for the life of the model; every call runs in
 * an {@link NDScope} and copies its outputs to Java arrays, so nothing accumulates across calls.
 * Gradients use {@code JniUtils.backward} with per-thread grad mode, which, unlike DJL's
 * {@code GradientCollector}, is safe with several worker threads in one JVM.
 */
public final class TransformerModel implements CausalLm {

    private static final double NEG = -1e9;

    private final String name;
    private final ModelConfig cfg;
    private final Precision precision;
    private final DataType dt;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final Map<String, NDArray> w = new HashMap<>();
    private final double[] invFreq;
    private final PassCounter passes = new PassCounter();
    private volatile int maxBatch = 16;
    /**
     * Largest number of attention scores (rows × heads × queries × keys) per native call. Big batches of
     * long rows make the scores outgrow the CPU caches and then run slower per token than one row at a
     * time: on 2 cores, 32 rows of a 256-token window took 1.7× as long as 8 rows per call, while 32
     * suffix rows at T = 128 (up to 4M scores) beat 16. Set {@code -Dheta.scoresPerCall=N}, e.g. much
     * higher on a GPU.
     */
    private final long scoresPerCall = Long.getLong("heta.scoresPerCall", 1L << 22);

    /**
     * Builds a model from canonical tensors.
     *
     * @throws ModelLoadException if a required tensor is missing or has the wrong shape
     */
    public TransformerModel(String name, ModelConfig cfg, Map<String, TensorData> tensors, Precision precision,
                            Tokenizer tokenizer) {
        this(name, cfg, tensors, precision, tokenizer, Device.cpu());
    }

    /**
     * Builds a model on {@code device} (CPU, or {@code Device.gpu(n)} with the CUDA flavour of libtorch; inputs
     * are created on the same device and outputs copied back to Java arrays).
     */
    public TransformerModel(String name, ModelConfig cfg, Map<String, TensorData> tensors, Precision precision,
                            Tokenizer tokenizer, Device device) {
        this.name = name;
        this.cfg = cfg;
        this.precision = precision;
        this.dt = precision == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        this.tokenizer = tokenizer;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            int d = cfg.hiddenSize();
            require(tensors, "embed", cfg.vocabSize(), d);
            if (cfg.positions() == ModelConfig.Positions.LEARNED) {
                require(tensors, "pos_embed", cfg.maxPositions(), d);
            }
            for (int l = 0; l < cfg.numLayers(); l++) {
                String p = "layers." + l + ".";
                require(tensors, p + "attn_norm.weight", d);
                optional(tensors, p + "attn_norm.bias", d);
                require(tensors, p + "q.weight", cfg.attentionWidth(), d);
                require(tensors, p + "k.weight", cfg.kvWidth(), d);
                require(tensors, p + "v.weight", cfg.kvWidth(), d);
                optional(tensors, p + "q.bias", cfg.attentionWidth());
                optional(tensors, p + "k.bias", cfg.kvWidth());
                optional(tensors, p + "v.bias", cfg.kvWidth());
                require(tensors, p + "o.weight", d, cfg.attentionWidth());
                optional(tensors, p + "o.bias", d);
                if (!cfg.parallelBlock()) {
                    require(tensors, p + "mlp_norm.weight", d);
                    optional(tensors, p + "mlp_norm.bias", d);
                }
                if (cfg.mlp() == ModelConfig.Mlp.GATED_SILU) {
                    require(tensors, p + "gate.weight", cfg.intermediateSize(), d);
                    optional(tensors, p + "gate.bias", cfg.intermediateSize());
                }
                require(tensors, p + "up.weight", cfg.intermediateSize(), d);
                optional(tensors, p + "up.bias", cfg.intermediateSize());
                require(tensors, p + "down.weight", d, cfg.intermediateSize());
                optional(tensors, p + "down.bias", d);
            }
            require(tensors, "final_norm.weight", d);
            optional(tensors, "final_norm.bias", d);
            if (!cfg.tiedEmbeddings()) {
                require(tensors, "lm_head.weight", cfg.vocabSize(), d);
            }
            optional(tensors, "lm_head.bias", cfg.vocabSize());
            JniUtils.setGradMode(false);
            for (Map.Entry<String, NDArray> e : w.entrySet()) {
                e.getValue().setName(e.getKey());
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        if (cfg.rope() != null) {
            invFreq = RotaryFrequencies.inverseFrequencies(cfg.rope());
        } else {
            invFreq = null;
        }
    }

    private void require(Map<String, TensorData> t, String key, long... shape) {
        TensorData td = t.get(key);
        if (td == null) {
            throw new ModelLoadException("Missing tensor '" + key + "' for " + name + " (" + cfg.family()
                    + ", expected shape " + java.util.Arrays.toString(shape) + ")");
        }
        put(td, key, shape);
    }

    private void optional(Map<String, TensorData> t, String key, long... shape) {
        TensorData td = t.get(key);
        if (td != null) {
            put(td, key, shape);
        }
    }

    private void put(TensorData td, String key, long[] shape) {
        if (!java.util.Arrays.equals(td.shape(), shape)) {
            throw new ModelLoadException("Tensor '" + key + "' of " + name + " has shape "
                    + java.util.Arrays.toString(td.shape()) + ", expected " + java.util.Arrays.toString(shape)
                    + " from the config");
        }
        NDArray a = manager.create(td.data(), new Shape(shape), DataType.FLOAT32);
        if (dt != DataType.FLOAT32) {
            NDArray b = a.toType(dt, true);
            a.close();
            a = b;
        }
        w.put(key, a);
    }

    private NDArray wt(String key) {
        return w.get(key);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelConfig config() {
        return cfg;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    @Override
    public PassCounter passes() {
        return passes;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public void setMaxBatch(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + rows);
        }
        this.maxBatch = rows;
    }

    /** Rows of length {@code len} per native call: at most maxBatch, and at most scoresPerCall scores. */
    private int rowsPerCall(int len) {
        return rowsPerCall(len, len);
    }

    /** Rows of {@code queries} positions over {@code keys} keys per native call. */
    private int rowsPerCall(int queries, int keys) {
        long perRow = (long) cfg.numHeads() * Math.max(1, queries) * Math.max(1, keys);
        return (int) Math.max(1, Math.min(maxBatch, scoresPerCall / perRow));
    }

    @Override
    public double[][] embed(int[] ids) {
        checkIds(ids);
        try (NDScope scope = new NDScope()) {
            NDArray rows = wt("embed").get(manager.create(toLong(ids)));
            return to2d(rows, ids.length, cfg.hiddenSize());
        }
    }

    private void checkIds(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= cfg.vocabSize()) {
                throw new IllegalArgumentException("Token id " + ids[i] + " at position " + i
                        + " is outside the vocabulary [0, " + cfg.vocabSize() + ") of " + name);
            }
        }
    }

    @Override
    public AttentionWeights attentionWeights(int layer) {
        if (layer < 0 || layer >= cfg.numLayers()) {
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + cfg.numLayers() + ")");
        }
        try (NDScope scope = new NDScope()) {
            String p = "layers." + layer + ".";
            double[][] wv = to2d(wt(p + "v.weight"), cfg.kvWidth(), cfg.hiddenSize());
            double[][] wo = to2d(wt(p + "o.weight"), cfg.hiddenSize(), cfg.attentionWidth());
            NDArray bvA = wt(p + "v.bias");
            double[] bv = bvA == null ? null : toDoubles(bvA);
            return new AttentionWeights(wv, bv, wo);
        }
    }

    // ---------------------------------------------------------------- batching and inputs

    /** Left-padded layout of one native batch. */
    private static final class Layout {
        int rows;
        int len;
        int[] pad;
        int entry;
    }

    private Layout layout(List<ForwardRequest> reqs) {
        Layout lay = new Layout();
        lay.rows = reqs.size();
        lay.pad = new int[lay.rows];
        lay.entry = reqs.get(0).entryLayer();
        for (ForwardRequest r : reqs) {
            lay.len = Math.max(lay.len, r.length());
            if (r.entryLayer() != lay.entry) {
                throw new IllegalArgumentException("all rows of one batch need the same entry layer");
            }
            if (r.entryLayer() > cfg.numLayers()) {
                throw new IllegalArgumentException("entry layer " + r.entryLayer() + " > " + cfg.numLayers());
            }
            if (r.ids() != null && r.entryLayer() != 0) {
                throw new IllegalArgumentException("ids input needs entry layer 0");
            }
        }
        for (int b = 0; b < lay.rows; b++) {
            lay.pad[b] = lay.len - reqs.get(b).length();
        }
        return lay;
    }

    private void checkLength(ForwardRequest r) {
        int maxPos = r.length() - 1;
        if (r.positionIds() != null) {
            for (int p : r.positionIds()) {
                maxPos = Math.max(maxPos, p);
            }
        }
        if (maxPos + 1 > cfg.maxPositions()) {
            throw new ContextLengthException(name, maxPos + 1, cfg.maxPositions());
        }
    }

    /** Input rows (token embeddings or entry residual), left-padded with zeros: a new leaf array. */
    private NDArray inputs(List<ForwardRequest> reqs, Layout lay) {
        int d = cfg.hiddenSize();
        double[] buf = new double[lay.rows * lay.len * d];
        for (int b = 0; b < lay.rows; b++) {
            ForwardRequest r = reqs.get(b);
            checkLength(r);
            double[][] rows;
            if (r.ids() != null) {
                rows = embed(r.ids());
            } else {
                rows = r.embeddings();
            }
            for (int t = 0; t < rows.length; t++) {
                if (rows[t].length != d) {
                    throw new IllegalArgumentException("input row " + t + " has width " + rows[t].length
                            + ", the model's hidden size is " + d);
                }
                System.arraycopy(rows[t], 0, buf, ((b * lay.len) + lay.pad[b] + t) * d, d);
            }
        }
        return fromDoubles(buf, new Shape(lay.rows, lay.len, d));
    }

    private NDArray fromDoubles(double[] buf, Shape shape) {
        if (dt == DataType.FLOAT64) {
            return manager.create(buf, shape);
        }
        float[] f = new float[buf.length];
        for (int i = 0; i < buf.length; i++) {
            f[i] = (float) buf[i];
        }
        return manager.create(f, shape);
    }

    /**
     * A scalar constant owned by the current {@link NDScope}. DJL's {@code x.mul(Number)} (and add, sub,
     * div, pow) wraps the number in a tensor over a Java direct buffer and closes it right after the op;
     * mul and pow save that tensor for backward, so after a garbage collection the backward pass read
     * freed memory and returned wrong gradients about once in a few hundred calls. Constants made here
     * live until the scope closes, after backward.
     */
    private NDArray constant(double v) {
        return fromDoubles(new double[] {v}, new Shape());
    }

    private int[][] positions(List<ForwardRequest> reqs, Layout lay) {
        int[][] pos = new int[lay.rows][lay.len];
        for (int b = 0; b < lay.rows; b++) {
            int[] given = reqs.get(b).positionIds();
            for (int t = 0; t < reqs.get(b).length(); t++) {
                pos[b][lay.pad[b] + t] = given != null ? given[t] : t;
            }
        }
        return pos;
    }

    private NDArray mask(List<ForwardRequest> reqs, Layout lay) {
        int n = lay.len;
        double[] m = new double[lay.rows * n * n];
        for (int b = 0; b < lay.rows; b++) {
            boolean[][] km = reqs.get(b).keyMask();
            int pad = lay.pad[b];
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < n; k++) {
                    boolean ok = k <= q && k >= pad;
                    if (ok && km != null && q >= pad) {
                        ok = km[q - pad][k - pad];
                    }
                    if (k == q) {
                        ok = true; // never an empty softmax row
                    }
                    m[(b * n + q) * n + k] = ok ? 0 : NEG;
                }
            }
        }
        return fromDoubles(m, new Shape(lay.rows, 1, n, n));
    }

    /**
     * Causal mask of a suffix-only pass: query q (absolute position {@code past + q}) sees every cached
     * prefix key and the suffix keys up to itself. Suffix rows are never padded.
     */
    private NDArray suffixMask(Layout lay, int past) {
        int n = lay.len;
        int nk = past + n;
        double[] m = new double[n * nk];
        for (int q = 0; q < n; q++) {
            for (int k = past + q + 1; k < nk; k++) {
                m[q * nk + k] = NEG;
            }
        }
        return fromDoubles(m, new Shape(1, 1, n, nk));
    }

    /** cos and sin tables of shape [B, 1, T, rotaryDim/2]. */
    private NDArray[] rotary(int[][] pos, Layout lay) {
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
        return new NDArray[] {fromDoubles(c, sh), fromDoubles(s, sh)};
    }

    // ---------------------------------------------------------------- the network

    private NDArray linear(NDArray x, String p) {
        NDArray y = x.matMul(wt(p + ".weight").transpose());
        NDArray bias = wt(p + ".bias");
        return bias == null ? y : y.add(bias);
    }

    private NDArray norm(NDArray x, String p) {
        NDArray g = wt(p + ".weight");
        if (cfg.norm() == ModelConfig.Norm.RMS) {
            return x.mul(x.square().mean(new int[] {-1}, true).add(constant(cfg.normEps())).pow(constant(-0.5))).mul(g);
        }
        NDArray mu = x.mean(new int[] {-1}, true);
        NDArray c = x.sub(mu);
        NDArray y = c.mul(c.square().mean(new int[] {-1}, true).add(constant(cfg.normEps())).pow(constant(-0.5))).mul(g);
        NDArray bias = wt(p + ".bias");
        return bias == null ? y : y.add(bias);
    }

    private NDArray applyRope(NDArray x, NDArray cos, NDArray sin) {
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

    private NDArray gelu(NDArray x) {
        // tanh approximation (GPT-2 "gelu_new", GPT-J)
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(0.044715))).mul(constant(Math.sqrt(2.0 / Math.PI)));
        return x.mul(constant(0.5)).mul(inner.tanh().add(constant(1.0)));
    }

    private NDArray mlp(NDArray x, String p) {
        if (cfg.mlp() == ModelConfig.Mlp.GATED_SILU) {
            NDArray g = linear(x, p + "gate");
            NDArray silu = g.mul(ai.djl.nn.Activation.sigmoid(g));
            return linear(silu.mul(linear(x, p + "up")), p + "down");
        }
        return linear(gelu(linear(x, p + "up")), p + "down");
    }

    /** Captured intermediate arrays of one native pass. */
    private static final class Trace {
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
    private record Past(NDArray[] keys, NDArray[] values, int length) {}

    /**
     * The network. With {@code lastOnly} the caller reads only the last position's final hidden state,
     * so the last block computes its keys and values for every position but its query, attention
     * output and MLP for the last position only ({@link Trace#hidden} is then {@code [B, 1, d]}).
     */
    private Trace run(NDArray x, List<ForwardRequest> reqs, Layout lay, boolean wantAttn, boolean wantResid,
                      boolean wantValues, boolean wantKeys, Past past, boolean lastOnly) {
        int L = cfg.numLayers();
        int H = cfg.numHeads();
        int Hkv = cfg.numKvHeads();
        int hd = cfg.headDim();
        long B = lay.rows;
        long T = lay.len;
        int P = past == null ? 0 : past.length();
        int[][] pos = positions(reqs, lay);
        NDArray mask = past == null ? mask(reqs, lay) : suffixMask(lay, P);
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
            h = h.add(wt("pos_embed").get(manager.create(flat)).reshape(B, T, cfg.hiddenSize()));
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
            NDArray qs = q.mul(constant(scale)).reshape(B, Hkv, g * tq, hd);
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

    private static boolean patchedAt(List<ForwardRequest> reqs, int layer) {
        for (ForwardRequest r : reqs) {
            for (ForwardRequest.Patch pt : r.patches()) {
                if (pt.layer() == layer) {
                    return true;
                }
            }
        }
        return false;
    }

    private NDArray patch(NDArray h, List<ForwardRequest> reqs, Layout lay, int layer) {
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
        NDArray k = fromDoubles(keep, new Shape(lay.rows, lay.len, 1));
        return h.mul(k).add(fromDoubles(vals, new Shape(lay.rows, lay.len, d)));
    }

    private NDArray logits(NDArray hidden) {
        NDArray n = norm(hidden, "final_norm");
        NDArray head = cfg.tiedEmbeddings() ? wt("embed") : wt("lm_head.weight");
        NDArray z = n.matMul(head.transpose());
        NDArray bias = wt("lm_head.bias");
        return bias == null ? z : z.add(bias);
    }

    private NDArray lastLogitsOf(NDArray hidden) {
        return logits(hidden.get(":, -1:, :")).squeeze(1);
    }

    // ---------------------------------------------------------------- public calls

    @Override
    public List<ForwardResult> forward(List<ForwardRequest> batch) {
        List<ForwardResult> out = new ArrayList<>(batch.size());
        for (List<ForwardRequest> chunk : chunks(batch)) {
            out.addAll(forwardChunk(chunk));
        }
        return out;
    }

    private List<List<ForwardRequest>> chunks(List<ForwardRequest> batch) {
        List<List<ForwardRequest>> res = new ArrayList<>();
        for (int i = 0; i < batch.size(); ) {
            int entry = batch.get(i).entryLayer();
            int len = batch.get(i).length();
            int j = i + 1;
            while (j < batch.size() && batch.get(j).entryLayer() == entry
                    && j - i < rowsPerCall(Math.max(len, batch.get(j).length()))) {
                len = Math.max(len, batch.get(j).length());
                j++;
            }
            res.add(batch.subList(i, j));
            i = j;
        }
        return res;
    }

    private List<ForwardResult> forwardChunk(List<ForwardRequest> reqs) {
        boolean prev = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            Layout lay = layout(reqs);
            boolean wantAttn = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.ATTENTION));
            boolean wantResid = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.RESIDUALS));
            boolean wantValues = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.VALUES));
            boolean wantAll = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.LOGITS_ALL));
            NDArray x = inputs(reqs, lay);
            Trace tr = run(x, reqs, lay, wantAttn, wantResid, wantValues, false, null, !wantAll);
            passes.addForward(lay.rows, (long) lay.rows * lay.len);
            double[][] last = to2d(lastLogitsOf(tr.hidden), lay.rows, cfg.vocabSize());
            double[] all = wantAll ? toDoubles(logits(tr.hidden)) : null;
            double[][] attn = wantAttn ? new double[cfg.numLayers()][] : null;
            double[][] resid = wantResid ? new double[cfg.numLayers() + 1][] : null;
            double[][] vals = wantValues ? new double[cfg.numLayers()][] : null;
            for (int l = lay.entry; l <= cfg.numLayers(); l++) {
                if (wantResid) {
                    resid[l] = toDoubles(tr.resid[l]);
                }
                if (l < cfg.numLayers() && wantAttn) {
                    attn[l] = toDoubles(tr.attn[l]);
                }
                if (l < cfg.numLayers() && wantValues) {
                    vals[l] = toDoubles(tr.values[l]);
                }
            }
            List<ForwardResult> out = new ArrayList<>(reqs.size());
            for (int b = 0; b < reqs.size(); b++) {
                ForwardRequest r = reqs.get(b);
                out.add(new ForwardResult(last[b],
                        r.captures(ForwardRequest.Capture.LOGITS_ALL) ? rowSlice3(all, b, lay, cfg.vocabSize()) : null,
                        r.captures(ForwardRequest.Capture.ATTENTION) ? attnSlice(attn, b, lay) : null,
                        r.captures(ForwardRequest.Capture.RESIDUALS) ? residSlice(resid, b, lay) : null,
                        r.captures(ForwardRequest.Capture.VALUES) ? valueSlice(vals, b, lay) : null));
            }
            return out;
        } finally {
            JniUtils.setGradMode(prev);
        }
    }

    private double[][] rowSlice3(double[] flat, int b, Layout lay, int width) {
        int n = lay.len - lay.pad[b];
        double[][] o = new double[n][width];
        for (int t = 0; t < n; t++) {
            System.arraycopy(flat, ((b * lay.len) + lay.pad[b] + t) * width, o[t], 0, width);
        }
        return o;
    }

    private double[][][] residSlice(double[][] resid, int b, Layout lay) {
        double[][][] o = new double[resid.length][][];
        for (int l = 0; l < resid.length; l++) {
            if (resid[l] != null) {
                o[l] = rowSlice3(resid[l], b, lay, cfg.hiddenSize());
            }
        }
        return o;
    }

    private double[][][][] attnSlice(double[][] attn, int b, Layout lay) {
        int H = cfg.numHeads();
        int T = lay.len;
        int pad = lay.pad[b];
        int n = T - pad;
        double[][][][] o = new double[attn.length][][][];
        for (int l = 0; l < attn.length; l++) {
            if (attn[l] == null) {
                continue;
            }
            o[l] = new double[H][n][n];
            for (int h = 0; h < H; h++) {
                for (int q = 0; q < n; q++) {
                    System.arraycopy(attn[l], (((b * H + h) * T) + pad + q) * T + pad, o[l][h][q], 0, n);
                }
            }
        }
        return o;
    }

    private double[][][][] valueSlice(double[][] vals, int b, Layout lay) {
        int Hk = cfg.numKvHeads();
        int hd = cfg.headDim();
        int T = lay.len;
        int pad = lay.pad[b];
        int n = T - pad;
        double[][][][] o = new double[vals.length][][][];
        for (int l = 0; l < vals.length; l++) {
            if (vals[l] == null) {
                continue;
            }
            o[l] = new double[Hk][n][hd];
            for (int h = 0; h < Hk; h++) {
                for (int t = 0; t < n; t++) {
                    System.arraycopy(vals[l], (((b * Hk + h) * T) + pad + t) * hd, o[l][h][t], 0, hd);
                }
            }
        }
        return o;
    }

    /** Per-row objective values, shape [B]. */
    private NDArray objectiveValues(NDArray z, List<Objective> objs) {
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
        NDArray y = fromDoubles(oneHot, new Shape(B, V));
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
                return zy.sub(z.mul(fromDoubles(contrast, new Shape(B, V))).sum(new int[] {-1})).mul(constant(0.5)).tanh();
            case LOGPROB:
                return z.logSoftmax(-1).mul(y).sum(new int[] {-1});
            case PROB:
                return z.logSoftmax(-1).mul(y).sum(new int[] {-1}).exp();
            case LOGITPROB: {
                NDArray m = z.max(new int[] {-1}, true).stopGradient();
                NDArray others = z.sub(m).exp().mul(y.neg().add(constant(1))).sum(new int[] {-1}).log().add(m.squeeze(-1));
                return zy.sub(others);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    public List<GradientResult> gradient(List<ForwardRequest> inputs, List<Objective> objectives) {
        if (inputs.size() != objectives.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + objectives.size() + " objectives");
        }
        List<GradientResult> out = new ArrayList<>(inputs.size());
        int mb = rowsPerCall(inputs.stream().mapToInt(ForwardRequest::length).max().orElse(1));
        for (int i = 0; i < inputs.size(); i += mb) {
            int j = Math.min(inputs.size(), i + mb);
            out.addAll(gradientChunk(inputs.subList(i, j), objectives.subList(i, j)));
        }
        return out;
    }

    private List<GradientResult> gradientChunk(List<ForwardRequest> reqs, List<Objective> objs) {
        return gradientChunk(reqs, objs, null, 0);
    }

    /**
     * One native gradient call. With {@code past} and {@code prefix > 0} the rows are suffixes that
     * start at position {@code prefix} of the sequence {@code past} was computed on.
     */
    private List<GradientResult> gradientChunk(List<ForwardRequest> reqs, List<Objective> objs, Past past, int prefix) {
        boolean prev = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDScope scope = new NDScope()) {
            Layout lay = layout(reqs);
            NDArray x = inputs(reqs, lay);
            x.setRequiresGradient(true);
            Past head = null;
            if (past != null && prefix > 0) {
                NDArray[] k = new NDArray[past.keys().length];
                NDArray[] v = new NDArray[k.length];
                String cut = ":, :, :" + prefix + ", :";
                for (int l = lay.entry; l < k.length; l++) {
                    k[l] = past.keys()[l].get(cut);
                    v[l] = past.values()[l].get(cut);
                }
                head = new Past(k, v, prefix);
            }
            Trace tr = run(x, reqs, lay, false, false, false, false, head, true);
            NDArray z = lastLogitsOf(tr.hidden);
            NDArray f = objectiveValues(z, objs);
            NDArray total = f.sum();
            JniUtils.backward((PtNDArray) total, (PtNDArray) total.onesLike(), false, false);
            passes.addForward(lay.rows, (long) lay.rows * lay.len);
            passes.addBackward(lay.rows);
            double[] vals = toDoubles(f);
            double[][] last = to2d(z, lay.rows, cfg.vocabSize());
            double[] g = toDoubles(x.getGradient());
            List<GradientResult> out = new ArrayList<>(reqs.size());
            for (int b = 0; b < reqs.size(); b++) {
                out.add(new GradientResult(vals[b], last[b], rowSlice3(g, b, lay, cfg.hiddenSize())));
            }
            return out;
        } finally {
            JniUtils.setGradMode(prev);
        }
    }

    @Override
    public List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        double[][] x0 = input.ids() != null ? embed(input.ids()) : input.embeddings();
        List<double[][]> out = new ArrayList<>(directions.size());
        if (mode.kind() == HvpMode.Kind.CENTRAL_DIFFERENCE) {
            int per = Math.max(1, rowsPerCall(input.length()) / 2);
            double eps = mode.epsilon();
            for (int i = 0; i < directions.size(); i += per) {
                int j = Math.min(directions.size(), i + per);
                List<ForwardRequest> rows = new ArrayList<>();
                for (int k = i; k < j; k++) {
                    rows.add(input.withEmbeddings(axpy(x0, eps, directions.get(k))));
                    rows.add(input.withEmbeddings(axpy(x0, -eps, directions.get(k))));
                }
                List<GradientResult> g = gradientChunk(rows, java.util.Collections.nCopies(rows.size(), objective));
                for (int k = 0; k < j - i; k++) {
                    double[][] gp = g.get(2 * k).gradient();
                    double[][] gm = g.get(2 * k + 1).gradient();
                    double[][] hv = new double[gp.length][];
                    for (int t = 0; t < gp.length; t++) {
                        hv[t] = centralDifference(gp[t], gm[t], eps);
                    }
                    out.add(hv);
                }
            }
        } else {
            int per = rowsPerCall(input.length());
            for (int i = 0; i < directions.size(); i += per) {
                int j = Math.min(directions.size(), i + per);
                out.addAll(exactHvpChunk(input.withEmbeddings(x0), objective, directions.subList(i, j)));
            }
        }
        passes.addHvp(directions.size());
        return out;
    }

    /**
     * Central-difference block HVPs on suffixes. The probe of token i changes nothing before i, and the
     * d-block of the gradient at i depends only on positions i..T-1, so each row runs only the suffix
     * starting at its chunk's first probed position, over keys and values of the clean prefix computed
     * once. This is the same arithmetic as the full product's block, at about half the cost on average.
     * Exact HVPs, key masks and patches take the full path.
     */
    @Override
    public List<double[]> hvpBlocks(ForwardRequest input, Objective objective, List<BlockProbe> probes, HvpMode mode) {
        if (mode.kind() != HvpMode.Kind.CENTRAL_DIFFERENCE || input.keyMask() != null || !input.patches().isEmpty()
                || probes.isEmpty()) {
            return CausalLm.super.hvpBlocks(input, objective, probes, mode);
        }
        double[][] x0 = input.ids() != null ? embed(input.ids()) : input.embeddings();
        int t = x0.length;
        int d = cfg.hiddenSize();
        for (BlockProbe p : probes) {
            if (p.position() < 0 || p.position() >= t) {
                throw new IllegalArgumentException("block probe position " + p.position() + " outside [0, " + t + ")");
            }
            if (p.vector().length != d) {
                throw new IllegalArgumentException("block probe has width " + p.vector().length + ", the model's hidden "
                        + "size is " + d);
            }
        }
        Integer[] order = new Integer[probes.size()];
        for (int q = 0; q < order.length; q++) {
            order[q] = q;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(q -> probes.get(q).position()));
        int[] given = input.positionIds();
        double eps = mode.epsilon();
        double[][] out = new double[probes.size()][];
        boolean prev = JniUtils.isGradMode();
        try (NDScope scope = new NDScope()) {
            JniUtils.setGradMode(false);
            List<ForwardRequest> clean = List.of(input.withEmbeddings(x0));
            Layout cl = layout(clean);
            Trace ct = run(inputs(clean, cl), clean, cl, false, false, false, true, null, false);
            Past past = new Past(ct.keys, ct.values, t);
            passes.addForward(1, t);
            for (int a = 0, b; a < order.length; a = b) {
                int s = probes.get(order[a]).position();
                int n = t - s;
                b = Math.min(order.length, a + Math.max(1, rowsPerCall(n, t) / 2));
                int[] pos = new int[n];
                for (int j = 0; j < n; j++) {
                    pos[j] = given != null ? given[s + j] : s + j;
                }
                List<ForwardRequest> rows = new ArrayList<>(2 * (b - a));
                for (int q = a; q < b; q++) {
                    BlockProbe p = probes.get(order[q]);
                    for (double sign : new double[] {1, -1}) {
                        double[][] e = java.util.Arrays.copyOfRange(x0, s, t);
                        double[] xi = e[p.position() - s].clone();
                        for (int c = 0; c < d; c++) {
                            xi[c] += sign * eps * p.vector()[c];
                        }
                        e[p.position() - s] = xi;
                        rows.add(ForwardRequest.ofResidual(input.entryLayer(), e).withPositionIds(pos));
                    }
                }
                List<GradientResult> g = gradientChunk(rows, java.util.Collections.nCopies(rows.size(), objective), past, s);
                for (int q = a; q < b; q++) {
                    int at = probes.get(order[q]).position() - s;
                    out[order[q]] = centralDifference(g.get(2 * (q - a)).gradient()[at],
                            g.get(2 * (q - a) + 1).gradient()[at], eps);
                }
            }
        } finally {
            JniUtils.setGradMode(prev);
        }
        passes.addHvp(probes.size());
        return java.util.Arrays.asList(out);
    }

    /** {@code (g(x+εv) − g(x−εv)) / 2ε} for one row. */
    private static double[] centralDifference(double[] plus, double[] minus, double eps) {
        double[] hv = new double[plus.length];
        for (int c = 0; c < plus.length; c++) {
            hv[c] = (plus[c] - minus[c]) / (2 * eps);
        }
        return hv;
    }

    private static double[][] axpy(double[][] x, double a, double[][] v) {
        double[][] o = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            o[t] = new double[x[t].length];
            for (int c = 0; c < x[t].length; c++) {
                o[t][c] = x[t][c] + a * v[t][c];
            }
        }
        return o;
    }

    private List<double[][]> exactHvpChunk(ForwardRequest input, Objective objective, List<double[][]> dirs) {
        boolean prev = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDScope scope = new NDScope()) {
            List<ForwardRequest> reqs = java.util.Collections.nCopies(dirs.size(), input);
            Layout lay = layout(reqs);
            NDArray x = inputs(reqs, lay);
            x.setRequiresGradient(true);
            Trace tr = run(x, reqs, lay, false, false, false, false, null, true);
            NDArray f = objectiveValues(lastLogitsOf(tr.hidden), java.util.Collections.nCopies(dirs.size(), objective));
            NDArray total = f.sum();
            JniUtils.backward((PtNDArray) total, (PtNDArray) total.onesLike(), true, true);
            NDArray g = x.getGradient();
            NDArray g0 = g.duplicate();
            int d = cfg.hiddenSize();
            double[] vb = new double[dirs.size() * lay.len * d];
            for (int b = 0; b < dirs.size(); b++) {
                double[][] v = dirs.get(b);
                for (int t = 0; t < v.length; t++) {
                    System.arraycopy(v[t], 0, vb, (b * lay.len + lay.pad[b] + t) * d, d);
                }
            }
            NDArray s = g.mul(fromDoubles(vb, new Shape(dirs.size(), lay.len, d))).sum();
            JniUtils.backward((PtNDArray) s, (PtNDArray) s.onesLike(), false, false);
            double[] hv = toDoubles(x.getGradient().sub(g0));
            passes.addForward(lay.rows, (long) lay.rows * lay.len);
            passes.addBackward(2L * lay.rows);
            List<double[][]> out = new ArrayList<>();
            for (int b = 0; b < dirs.size(); b++) {
                out.add(rowSlice3(hv, b, lay, d));
            }
            return out;
        } finally {
            JniUtils.setGradMode(prev);
        }
    }

    // ---------------------------------------------------------------- conversions

    private static long[] toLong(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return l;
    }

    private static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double[][] to2d(NDArray a, int rows, int cols) {
        double[] flat = toDoubles(a);
        double[][] o = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, o[r], 0, cols);
        }
        return o;
    }

    @Override
    public void close() {
        manager.close();
    }
}
