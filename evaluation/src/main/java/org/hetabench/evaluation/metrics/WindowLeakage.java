package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;

/**
 * Window-leakage proxy {@code ε_M(W)} of spec §9 ([SPEC] reading of the HETA paper's windowed-attribution
 * proxy; windows as in the HETA release's {@code build_windows}): how much the model's belief in the target
 * changes when it only sees the last {@code W} tokens ({@code TRUNCATE_LAST_W}), when the earlier tokens are
 * zeroed ({@code MASK_OUTSIDE}), per HETA window ({@code PER_WINDOW}), or the share of attribution mass outside
 * the last window ({@code ATTRIBUTION_MASS}).
 *
 * <p>One value per window size in {@code leak.windows} (components {@code W=<w>}, NaN when {@code T ≤ W}); the
 * metric's value is the one for the first listed window. All windows go into one batched call.
 */
public final class WindowLeakage implements Metric {

    /** Modes of §9. */
    public enum Mode { TRUNCATE_LAST_W, MASK_OUTSIDE, PER_WINDOW, ATTRIBUTION_MASS }

    private final Mode mode;
    private final boolean tv;
    private final int[] windows;
    private final double overlap;
    private final boolean max;
    private final MetricInfo info;

    public WindowLeakage(MetricConfig config) {
        this.mode = config.choice("leak.mode", Mode.class);
        this.tv = config.choice("leak.distance").equals("TV");
        this.windows = config.ints("leak.windows");
        for (int w : windows) {
            if (w < 1) {
                throw new IllegalArgumentException("Metric configuration leak.windows contains " + w
                        + "; windows must be >= 1 token");
            }
        }
        this.overlap = config.real("leak.overlap");
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("Metric configuration leak.overlap=" + overlap + " must be in [0, 1)");
        }
        this.max = config.choice("leak.windowStatistic").equals("MAX");
        info = new MetricInfo("window-leakage", "ε_M(W=" + windows[0] + ")", MetricInfo.Family.DIAGNOSTIC,
                MetricInfo.Direction.LOWER_IS_BETTER, 0, Double.POSITIVE_INFINITY, 0, MetricInfo.Aggregation.MEAN,
                mode == Mode.ATTRIBUTION_MASS ? "mass" : tv ? "total variation" : "nats", MetricInfo.Provenance.SPEC,
                "9", config.subset("leak.mode", "leak.distance", "leak.windows", "leak.overlap",
                "leak.windowStatistic"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    /** HETA's windows {@code [start, end)}: stride {@code max(1, floor(W(1−overlap)))}, stop at the end. */
    public static List<int[]> windows(int t, int w, double overlap) {
        int stride = Math.max(1, (int) Math.floor(w * (1 - overlap)));
        List<int[]> out = new ArrayList<>();
        for (int s = 0; ; s += stride) {
            int e = Math.min(t, s + w);
            out.add(new int[] {s, e});
            if (e >= t) {
                break;
            }
        }
        return out;
    }

    /** {@code |ln p(y|x) − ln p(y|window)|} (unit test 9-A). */
    public static double absDeltaLogP(double fullLogProb, double windowLogProb) {
        return Math.abs(fullLogProb - windowLogProb);
    }

    /** {@code 1 − Σ_{i ≥ T−W} |A_i| / Σ |A_i|}; NaN for an all-zero attribution. */
    public static double attributionMass(double[] a, int w) {
        double all = 0;
        double in = 0;
        for (int i = 0; i < a.length; i++) {
            all += Math.abs(a[i]);
            if (i >= a.length - w) {
                in += Math.abs(a[i]);
            }
        }
        return all == 0 ? Double.NaN : 1 - in / all;
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        int t = ctx.length();
        int[] ids = ctx.context();
        Map<String, Double> c = new LinkedHashMap<>();
        List<ForwardRequest> rows = new ArrayList<>();
        List<int[]> owner = new ArrayList<>(); // {window index} per row
        for (int wi = 0; wi < windows.length; wi++) {
            int w = windows[wi];
            if (t <= w || mode == Mode.ATTRIBUTION_MASS) {
                continue;
            }
            switch (mode) {
                case TRUNCATE_LAST_W:
                    rows.add(ForwardRequest.ofIds(java.util.Arrays.copyOfRange(ids, t - w, t)));
                    owner.add(new int[] {wi});
                    break;
                case MASK_OUTSIDE: {
                    boolean[] out = new boolean[t];
                    for (int i = 0; i < t - w; i++) {
                        out[i] = true;
                    }
                    rows.add(ForwardRequest.ofEmbeddings(Perturbation.zeroRows(ctx.embeddings(), out)));
                    owner.add(new int[] {wi});
                    break;
                }
                default:
                    for (int[] win : windows(t, w, overlap)) {
                        rows.add(ForwardRequest.ofIds(java.util.Arrays.copyOfRange(ids, win[0], win[1])));
                        owner.add(new int[] {wi});
                    }
            }
        }
        double[][] perWindow = new double[windows.length][];
        if (mode == Mode.ATTRIBUTION_MASS) {
            for (int wi = 0; wi < windows.length; wi++) {
                perWindow[wi] = t > windows[wi] ? new double[] {attributionMass(ctx.scores(), windows[wi])} : null;
            }
        } else if (!rows.isEmpty()) {
            double[] q = ctx.cleanProbs();
            double lp = ctx.cleanLogProb();
            List<ForwardResult> out = ctx.model().forward(rows);
            List<List<Double>> acc = new ArrayList<>();
            for (int wi = 0; wi < windows.length; wi++) {
                acc.add(new ArrayList<>());
            }
            for (int r = 0; r < rows.size(); r++) {
                double[] z = out.get(r).lastLogits();
                double d = tv ? Divergence.TV.between(Softmax.of(z), q) : absDeltaLogP(lp, Softmax.logProb(z, ctx.target()));
                acc.get(owner.get(r)[0]).add(d);
            }
            for (int wi = 0; wi < windows.length; wi++) {
                perWindow[wi] = acc.get(wi).isEmpty() ? null : acc.get(wi).stream().mapToDouble(Double::doubleValue)
                        .toArray();
            }
        }
        for (int wi = 0; wi < windows.length; wi++) {
            double v;
            if (perWindow[wi] == null) {
                v = Double.NaN;
            } else if (max) {
                v = java.util.Arrays.stream(perWindow[wi]).max().orElse(Double.NaN);
            } else {
                v = java.util.Arrays.stream(perWindow[wi]).average().orElse(Double.NaN);
            }
            c.put("W=" + windows[wi], v);
        }
        double v = c.get("W=" + windows[0]);
        return Double.isNaN(v) ? new MetricValue(v, Double.NaN, c, Map.of("undefined", "T <= W=" + windows[0]))
                : new MetricValue(v, Double.NaN, c, Map.of());
    }
}
