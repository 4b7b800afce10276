package org.hetabench.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.model.TransformerNetwork.Want;
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
 *
 * <p>This class batches requests into native calls and implements {@link CausalLm}; the concerns live
 * beside it: {@link TransformerWeights} (loading and validation), {@link BatchLayout} (padding, masks,
 * slicing), {@link TransformerNetwork} (the graph), {@link BlockHvp} (Hessian-vector products) and
 * {@link NativeArrays} (the only code that touches DJL's PyTorch internals).
 */
public final class TransformerModel implements CausalLm {

    private final String name;
    private final ModelConfig cfg;
    private final Precision precision;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final NativeArrays arrays;
    private final TransformerWeights weights;
    private final TransformerNetwork net;
    private final BlockHvp hvps;
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
        this.tokenizer = tokenizer;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.arrays = new NativeArrays(manager, precision == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32);
        try {
            this.weights = new TransformerWeights(name, cfg, tensors, arrays);
            NativeArrays.setGradMode(false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.net = new TransformerNetwork(name, cfg, weights, arrays);
        this.hvps = new BlockHvp(this, net, arrays);
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
    int rowsPerCall(int len) {
        return rowsPerCall(len, len);
    }

    /** Rows of {@code queries} positions over {@code keys} keys per native call. */
    int rowsPerCall(int queries, int keys) {
        long perRow = (long) cfg.numHeads() * Math.max(1, queries) * Math.max(1, keys);
        return (int) Math.max(1, Math.min(maxBatch, scoresPerCall / perRow));
    }

    @Override
    public double[][] embed(int[] ids) {
        checkIds(ids);
        try (NDScope scope = new NDScope()) {
            NDArray rows = weights.get("embed").get(arrays.indices(ids));
            return NativeArrays.to2d(rows, ids.length, cfg.hiddenSize());
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
            double[][] wv = NativeArrays.to2d(weights.get(p + "v.weight"), cfg.kvWidth(), cfg.hiddenSize());
            double[][] wo = NativeArrays.to2d(weights.get(p + "o.weight"), cfg.hiddenSize(), cfg.attentionWidth());
            NDArray bvA = weights.get(p + "v.bias");
            double[] bv = bvA == null ? null : NativeArrays.toDoubles(bvA);
            return new AttentionWeights(wv, bv, wo);
        }
    }

    // ---------------------------------------------------------------- batching and inputs

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
    NDArray inputs(List<ForwardRequest> reqs, BatchLayout lay) {
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
        return arrays.fromDoubles(buf, new Shape(lay.rows, lay.len, d));
    }

    // ---------------------------------------------------------------- public calls

    /** What a forward chunk captures: the union of its requests' captures. */
    private static Set<Want> wants(List<ForwardRequest> reqs) {
        Set<Want> w = EnumSet.noneOf(Want.class);
        for (ForwardRequest r : reqs) {
            if (r.captures(ForwardRequest.Capture.ATTENTION)) {
                w.add(Want.ATTENTION);
            }
            if (r.captures(ForwardRequest.Capture.RESIDUALS)) {
                w.add(Want.RESIDUALS);
            }
            if (r.captures(ForwardRequest.Capture.VALUES)) {
                w.add(Want.VALUES);
            }
            if (r.captures(ForwardRequest.Capture.LOGITS_ALL)) {
                w.add(Want.ALL_POSITIONS);
            }
        }
        return w;
    }

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
        boolean prev = NativeArrays.gradMode();
        NativeArrays.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            BatchLayout lay = BatchLayout.of(reqs, cfg);
            boolean wantAttn = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.ATTENTION));
            boolean wantResid = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.RESIDUALS));
            boolean wantValues = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.VALUES));
            boolean wantAll = reqs.stream().anyMatch(r -> r.captures(ForwardRequest.Capture.LOGITS_ALL));
            NDArray x = inputs(reqs, lay);
            TransformerNetwork.Trace tr = net.run(x, reqs, lay, wants(reqs), null);
            passes.addForward(lay.rows, (long) lay.rows * lay.len);
            double[][] last = NativeArrays.to2d(net.lastLogitsOf(tr.hidden), lay.rows, cfg.vocabSize());
            double[] all = wantAll ? NativeArrays.toDoubles(net.logits(tr.hidden)) : null;
            double[][] attn = wantAttn ? new double[cfg.numLayers()][] : null;
            double[][] resid = wantResid ? new double[cfg.numLayers() + 1][] : null;
            double[][] vals = wantValues ? new double[cfg.numLayers()][] : null;
            for (int l = lay.entry; l <= cfg.numLayers(); l++) {
                if (wantResid) {
                    resid[l] = NativeArrays.toDoubles(tr.resid[l]);
                }
                if (l < cfg.numLayers() && wantAttn) {
                    attn[l] = NativeArrays.toDoubles(tr.attn[l]);
                }
                if (l < cfg.numLayers() && wantValues) {
                    vals[l] = NativeArrays.toDoubles(tr.values[l]);
                }
            }
            List<ForwardResult> out = new ArrayList<>(reqs.size());
            for (int b = 0; b < reqs.size(); b++) {
                ForwardRequest r = reqs.get(b);
                out.add(new ForwardResult(last[b],
                        r.captures(ForwardRequest.Capture.LOGITS_ALL) ? lay.rows(all, b, cfg.vocabSize()) : null,
                        r.captures(ForwardRequest.Capture.ATTENTION) ? lay.attention(attn, b, cfg.numHeads()) : null,
                        r.captures(ForwardRequest.Capture.RESIDUALS) ? lay.residuals(resid, b, cfg.hiddenSize()) : null,
                        r.captures(ForwardRequest.Capture.VALUES) ? lay.values(vals, b, cfg.numKvHeads(), cfg.headDim()) : null));
            }
            return out;
        } finally {
            NativeArrays.setGradMode(prev);
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

    List<GradientResult> gradientChunk(List<ForwardRequest> reqs, List<Objective> objs) {
        return gradientChunk(reqs, objs, null, 0);
    }

    /**
     * One native gradient call. With {@code past} and {@code prefix > 0} the rows are suffixes that
     * start at position {@code prefix} of the sequence {@code past} was computed on.
     */
    List<GradientResult> gradientChunk(List<ForwardRequest> reqs, List<Objective> objs, TransformerNetwork.Past past,
                                       int prefix) {
        boolean prev = NativeArrays.gradMode();
        NativeArrays.setGradMode(true);
        try (NDScope scope = new NDScope()) {
            BatchLayout lay = BatchLayout.of(reqs, cfg);
            NDArray x = inputs(reqs, lay);
            x.setRequiresGradient(true);
            TransformerNetwork.Past head = null;
            if (past != null && prefix > 0) {
                NDArray[] k = new NDArray[past.keys().length];
                NDArray[] v = new NDArray[k.length];
                String cut = ":, :, :" + prefix + ", :";
                for (int l = lay.entry; l < k.length; l++) {
                    k[l] = past.keys()[l].get(cut);
                    v[l] = past.values()[l].get(cut);
                }
                head = new TransformerNetwork.Past(k, v, prefix);
            }
            TransformerNetwork.Trace tr = net.run(x, reqs, lay, EnumSet.noneOf(Want.class), head);
            NDArray z = net.lastLogitsOf(tr.hidden);
            NDArray f = net.objectiveValues(z, objs);
            NDArray total = f.sum();
            NativeArrays.backward(total, false, false);
            passes.addForward(lay.rows, (long) lay.rows * lay.len);
            passes.addBackward(lay.rows);
            double[] vals = NativeArrays.toDoubles(f);
            double[][] last = NativeArrays.to2d(z, lay.rows, cfg.vocabSize());
            double[] g = NativeArrays.toDoubles(x.getGradient());
            List<GradientResult> out = new ArrayList<>(reqs.size());
            for (int b = 0; b < reqs.size(); b++) {
                out.add(new GradientResult(vals[b], last[b], lay.rows(g, b, cfg.hiddenSize())));
            }
            return out;
        } finally {
            NativeArrays.setGradMode(prev);
        }
    }

    @Override
    public List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        return hvps.hvp(input, objective, directions, mode);
    }

    /**
     * Finite-difference block HVPs run on suffixes over the clean prefix's cached keys and values
     * ({@link BlockHvp#blocks}); exact HVPs, key masks and patches take the full path.
     */
    @Override
    public List<double[]> hvpBlocks(ForwardRequest input, Objective objective, List<BlockProbe> probes, HvpMode mode) {
        if (mode.kind() == HvpMode.Kind.EXACT || input.keyMask() != null || !input.patches().isEmpty()
                || probes.isEmpty()) {
            return CausalLm.super.hvpBlocks(input, objective, probes, mode);
        }
        return hvps.blocks(input, objective, probes, mode);
    }

    @Override
    public void close() {
        manager.close();
    }
}
