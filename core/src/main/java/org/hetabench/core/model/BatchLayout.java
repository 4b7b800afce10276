package org.hetabench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The layout of one native batch: rows left-padded to the longest, all entering at one layer. Builds
 * the position ids and attention masks of the batch, and slices flat native outputs back into the
 * unpadded rows of each request.
 */
final class BatchLayout {
    /** Additive mask value of a hidden key. */
    static final double NEG = -1e9;

    final int rows;
    final int len;
    final int[] pad;
    final int entry;

    private BatchLayout(int rows, int len, int[] pad, int entry) {
        this.rows = rows;
        this.len = len;
        this.pad = pad;
        this.entry = entry;
    }

    /** @throws IllegalArgumentException if the rows enter at different layers or an entry layer is invalid */
    static BatchLayout of(List<ForwardRequest> reqs, ModelConfig cfg) {
        int entry = reqs.get(0).entryLayer();
        int len = 0;
        for (ForwardRequest r : reqs) {
            len = Math.max(len, r.length());
            if (r.entryLayer() != entry) {
                throw new IllegalArgumentException("all rows of one batch need the same entry layer");
            }
            if (r.entryLayer() > cfg.numLayers()) {
                throw new IllegalArgumentException("entry layer " + r.entryLayer() + " > " + cfg.numLayers());
            }
            if (r.ids() != null && r.entryLayer() != 0) {
                throw new IllegalArgumentException("ids input needs entry layer 0");
            }
        }
        int[] pad = new int[reqs.size()];
        for (int b = 0; b < pad.length; b++) {
            pad[b] = len - reqs.get(b).length();
        }
        return new BatchLayout(reqs.size(), len, pad, entry);
    }

    /** Position id of every padded slot (0 in the padding). */
    int[][] positions(List<ForwardRequest> reqs) {
        int[][] pos = new int[rows][len];
        for (int b = 0; b < rows; b++) {
            int[] given = reqs.get(b).positionIds();
            for (int t = 0; t < reqs.get(b).length(); t++) {
                pos[b][pad[b] + t] = given != null ? given[t] : t;
            }
        }
        return pos;
    }

    /** Causal mask over the padded rows, AND-ed with each request's key mask; the diagonal is always kept. */
    NDArray mask(List<ForwardRequest> reqs, NativeArrays arrays) {
        int n = len;
        double[] m = new double[rows * n * n];
        for (int b = 0; b < rows; b++) {
            boolean[][] km = reqs.get(b).keyMask();
            int p = pad[b];
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < n; k++) {
                    boolean ok = k <= q && k >= p;
                    if (ok && km != null && q >= p) {
                        ok = km[q - p][k - p];
                    }
                    if (k == q) {
                        ok = true; // never an empty softmax row
                    }
                    m[(b * n + q) * n + k] = ok ? 0 : NEG;
                }
            }
        }
        return arrays.fromDoubles(m, new Shape(rows, 1, n, n));
    }

    /**
     * Causal mask of a suffix-only pass: query q (absolute position {@code past + q}) sees every cached
     * prefix key and the suffix keys up to itself. Suffix rows are never padded.
     */
    NDArray suffixMask(int past, NativeArrays arrays) {
        int n = len;
        int nk = past + n;
        double[] m = new double[n * nk];
        for (int q = 0; q < n; q++) {
            for (int k = past + q + 1; k < nk; k++) {
                m[q * nk + k] = NEG;
            }
        }
        return arrays.fromDoubles(m, new Shape(1, 1, n, nk));
    }

    /** Row {@code b} of a flat {@code [rows, len, width]} output, without its padding. */
    double[][] rows(double[] flat, int b, int width) {
        int n = len - pad[b];
        double[][] o = new double[n][width];
        for (int t = 0; t < n; t++) {
            System.arraycopy(flat, ((b * len) + pad[b] + t) * width, o[t], 0, width);
        }
        return o;
    }

    /** Row {@code b} of each captured residual stream (null where not captured). */
    double[][][] residuals(double[][] resid, int b, int width) {
        double[][][] o = new double[resid.length][][];
        for (int l = 0; l < resid.length; l++) {
            if (resid[l] != null) {
                o[l] = rows(resid[l], b, width);
            }
        }
        return o;
    }

    /** Row {@code b} of each layer's {@code [rows, heads, len, len]} attention, as [layer][head][query][key]. */
    double[][][][] attention(double[][] attn, int b, int heads) {
        int n = len - pad[b];
        double[][][][] o = new double[attn.length][][][];
        for (int l = 0; l < attn.length; l++) {
            if (attn[l] == null) {
                continue;
            }
            o[l] = new double[heads][n][n];
            for (int h = 0; h < heads; h++) {
                for (int q = 0; q < n; q++) {
                    System.arraycopy(attn[l], (((b * heads + h) * len) + pad[b] + q) * len + pad[b], o[l][h][q], 0, n);
                }
            }
        }
        return o;
    }

    /** Row {@code b} of each layer's {@code [rows, kvHeads, len, headDim]} values, as [layer][head][position][dim]. */
    double[][][][] values(double[][] vals, int b, int kvHeads, int headDim) {
        int n = len - pad[b];
        double[][][][] o = new double[vals.length][][][];
        for (int l = 0; l < vals.length; l++) {
            if (vals[l] == null) {
                continue;
            }
            o[l] = new double[kvHeads][n][headDim];
            for (int h = 0; h < kvHeads; h++) {
                for (int t = 0; t < n; t++) {
                    System.arraycopy(vals[l], (((b * kvHeads + h) * len) + pad[b] + t) * headDim, o[l][h][t], 0, headDim);
                }
            }
        }
        return o;
    }
}
