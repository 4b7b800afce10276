package org.hetabench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.hetabench.core.model.CausalLm.BlockProbe;
import org.hetabench.core.model.TransformerNetwork.Want;

/**
 * Hessian-vector products of a {@link TransformerModel}: full products by central differences of
 * exact gradients or by exact double backward (Pearlmutter), and block products on suffixes over the
 * clean prefix's cached keys and values.
 */
final class BlockHvp {
    private final TransformerModel model;
    private final TransformerNetwork net;
    private final NativeArrays arrays;
    private final ModelConfig cfg;

    BlockHvp(TransformerModel model, TransformerNetwork net, NativeArrays arrays) {
        this.model = model;
        this.net = net;
        this.arrays = arrays;
        this.cfg = model.config();
    }

    /** Full products {@code H v} for each direction ({@link CausalLm#hvp}). */
    List<double[][]> hvp(ForwardRequest input, Objective objective, List<double[][]> directions, HvpMode mode) {
        double[][] x0 = input.ids() != null ? model.embed(input.ids()) : input.embeddings();
        List<double[][]> out = new ArrayList<>(directions.size());
        if (mode.kind() == HvpMode.Kind.CENTRAL_DIFFERENCE) {
            int per = Math.max(1, model.rowsPerCall(input.length()) / 2);
            double eps = mode.epsilon();
            for (int i = 0; i < directions.size(); i += per) {
                int j = Math.min(directions.size(), i + per);
                List<ForwardRequest> rows = new ArrayList<>();
                for (int k = i; k < j; k++) {
                    rows.add(input.withEmbeddings(axpy(x0, eps, directions.get(k))));
                    rows.add(input.withEmbeddings(axpy(x0, -eps, directions.get(k))));
                }
                List<GradientResult> g = model.gradientChunk(rows, java.util.Collections.nCopies(rows.size(), objective));
                for (int k = 0; k < j - i; k++) {
                    double[][] gp = g.get(2 * k).gradient();
                    double[][] gm = g.get(2 * k + 1).gradient();
                    double[][] hv = new double[gp.length][];
                    for (int t = 0; t < gp.length; t++) {
                        hv[t] = difference(gp[t], gm[t], 2 * eps);
                    }
                    out.add(hv);
                }
            }
        } else if (mode.kind() == HvpMode.Kind.FORWARD_DIFFERENCE) {
            // Each chunk holds the clean row once and one perturbed row per direction, so that the clean
            // gradient goes through the same batched arithmetic as the perturbed ones.
            int per = Math.max(1, model.rowsPerCall(input.length()) - 1);
            double eps = mode.epsilon();
            for (int i = 0; i < directions.size(); i += per) {
                int j = Math.min(directions.size(), i + per);
                List<ForwardRequest> rows = new ArrayList<>();
                rows.add(input.withEmbeddings(x0));
                for (int k = i; k < j; k++) {
                    rows.add(input.withEmbeddings(axpy(x0, eps, directions.get(k))));
                }
                List<GradientResult> g = model.gradientChunk(rows, java.util.Collections.nCopies(rows.size(), objective));
                double[][] g0 = g.get(0).gradient();
                for (int k = 0; k < j - i; k++) {
                    double[][] gp = g.get(1 + k).gradient();
                    double[][] hv = new double[gp.length][];
                    for (int t = 0; t < gp.length; t++) {
                        hv[t] = difference(gp[t], g0[t], eps);
                    }
                    out.add(hv);
                }
            }
        } else {
            int per = model.rowsPerCall(input.length());
            for (int i = 0; i < directions.size(); i += per) {
                int j = Math.min(directions.size(), i + per);
                out.addAll(exactHvpChunk(input.withEmbeddings(x0), objective, directions.subList(i, j)));
            }
        }
        model.passes().addHvp(directions.size());
        return out;
    }

    /**
     * Finite-difference block HVPs on suffixes. The probe of token i changes nothing before i, and the
     * d-block of the gradient at i depends only on positions i..T-1, so each row runs only the suffix
     * starting at its chunk's first probed position, over keys and values of the clean prefix computed
     * once. This is the same arithmetic as the full product's block, at about half the cost on average.
     * Central differences take two rows per probe; forward differences one row per probe plus the clean
     * suffix once per chunk. Exact HVPs, key masks and patches take the full path.
     */
    List<double[]> blocks(ForwardRequest input, Objective objective, List<BlockProbe> probes, HvpMode mode) {
        double[][] x0 = input.ids() != null ? model.embed(input.ids()) : input.embeddings();
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
        boolean prev = NativeArrays.gradMode();
        try (NDScope scope = new NDScope()) {
            NativeArrays.setGradMode(false);
            List<ForwardRequest> clean = List.of(input.withEmbeddings(x0));
            BatchLayout cl = BatchLayout.of(clean, cfg);
            TransformerNetwork.Trace ct = net.run(model.inputs(clean, cl), clean, cl, EnumSet.of(Want.KEYS, Want.ALL_POSITIONS), null);
            TransformerNetwork.Past past = new TransformerNetwork.Past(ct.keys, ct.values, t);
            model.passes().addForward(1, t);
            boolean forward = mode.kind() == HvpMode.Kind.FORWARD_DIFFERENCE;
            double[] signs = forward ? new double[] {1} : new double[] {1, -1};
            for (int a = 0, b; a < order.length; a = b) {
                int s = probes.get(order[a]).position();
                int n = t - s;
                int room = model.rowsPerCall(n, t);
                b = Math.min(order.length, a + Math.max(1, forward ? room - 1 : room / 2));
                int[] pos = new int[n];
                for (int j = 0; j < n; j++) {
                    pos[j] = given != null ? given[s + j] : s + j;
                }
                List<ForwardRequest> rows = new ArrayList<>(2 * (b - a) + 1);
                if (forward) {
                    rows.add(ForwardRequest.ofResidual(input.entryLayer(), java.util.Arrays.copyOfRange(x0, s, t))
                            .withPositionIds(pos));
                }
                for (int q = a; q < b; q++) {
                    BlockProbe p = probes.get(order[q]);
                    for (double sign : signs) {
                        double[][] e = java.util.Arrays.copyOfRange(x0, s, t);
                        double[] xi = e[p.position() - s].clone();
                        for (int c = 0; c < d; c++) {
                            xi[c] += sign * eps * p.vector()[c];
                        }
                        e[p.position() - s] = xi;
                        rows.add(ForwardRequest.ofResidual(input.entryLayer(), e).withPositionIds(pos));
                    }
                }
                List<GradientResult> g = model.gradientChunk(rows, java.util.Collections.nCopies(rows.size(), objective), past, s);
                for (int q = a; q < b; q++) {
                    int at = probes.get(order[q]).position() - s;
                    out[order[q]] = forward
                            ? difference(g.get(1 + q - a).gradient()[at], g.get(0).gradient()[at], eps)
                            : difference(g.get(2 * (q - a)).gradient()[at], g.get(2 * (q - a) + 1).gradient()[at], 2 * eps);
                }
            }
        } finally {
            NativeArrays.setGradMode(prev);
        }
        model.passes().addHvp(probes.size());
        return java.util.Arrays.asList(out);
    }

    /**
     * {@code (a − b) / h} for one row: the central difference {@code (g(x+εv) − g(x−εv)) / 2ε} with
     * {@code h = 2ε}, the forward difference {@code (g(x+εv) − g(x)) / ε} with {@code h = ε}.
     */
    private static double[] difference(double[] a, double[] b, double h) {
        double[] hv = new double[a.length];
        for (int c = 0; c < a.length; c++) {
            hv[c] = (a[c] - b[c]) / h;
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
        boolean prev = NativeArrays.gradMode();
        NativeArrays.setGradMode(true);
        try (NDScope scope = new NDScope()) {
            List<ForwardRequest> reqs = java.util.Collections.nCopies(dirs.size(), input);
            BatchLayout lay = BatchLayout.of(reqs, cfg);
            NDArray x = model.inputs(reqs, lay);
            x.setRequiresGradient(true);
            TransformerNetwork.Trace tr = net.run(x, reqs, lay, EnumSet.noneOf(Want.class), null);
            NDArray f = net.objectiveValues(net.lastLogitsOf(tr.hidden), java.util.Collections.nCopies(dirs.size(), objective));
            NDArray total = f.sum();
            NativeArrays.backward(total, true, true);
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
            NDArray s = g.mul(arrays.fromDoubles(vb, new Shape(dirs.size(), lay.len, d))).sum();
            NativeArrays.backward(s, false, false);
            double[] hv = NativeArrays.toDoubles(x.getGradient().sub(g0));
            model.passes().addForward(lay.rows, (long) lay.rows * lay.len);
            model.passes().addBackward(2L * lay.rows);
            List<double[][]> out = new ArrayList<>();
            for (int b = 0; b < dirs.size(); b++) {
                out.add(lay.rows(hv, b, d));
            }
            return out;
        } finally {
            NativeArrays.setGradMode(prev);
        }
    }
}
