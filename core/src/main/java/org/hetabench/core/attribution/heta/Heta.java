package org.hetabench.core.attribution.heta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.AttributionResult;
import org.hetabench.core.attribution.Capability;
import org.hetabench.core.attribution.MethodInfo;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.attribution.ScoreType;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.GradientResult;
import org.hetabench.core.model.HvpMode;
import org.hetabench.core.model.ModelConfig;
import org.hetabench.core.model.Objective;
import org.hetabench.core.model.PassCounter;
import org.hetabench.core.model.Precision;

/**
 * HETA, Hessian-Enhanced Token Attribution (Pramanik, Maliha, Bastian, Jha, ICLR 2026, arXiv
 * 2604.13258, Eq. 7): {@code Attr_i = M_T[i] · (β S_i + γ I_i)}, with every choice the paper leaves
 * open fixed by {@code spec/heta.md}. Registered as {@code heta}; variants, ablations and the
 * envelope are parameters ({@link Params}).
 *
 * <p>Other modules reuse the components through {@link #compute(AttributionRequest, Params,
 * ProbeSource)}, which returns a {@link HetaResult}.
 */
public final class Heta implements AttributionMethod {

    /** Registry name. */
    public static final String NAME = "heta";

    /**
     * Largest number of matrix entries (sequences × T × d) handed to one model call. Below it all T·m
     * HVP directions (or T masked sequences) of an instance go in one call; above it (long contexts)
     * they are split, only to bound Java heap, never changing results.
     */
    public static final long CALL_BUDGET = 1L << 23;

    private static final MethodInfo INFO = new MethodInfo(NAME,
            "Pramanik, Maliha, Bastian, Jha: Hessian-Enhanced Token Attribution, ICLR 2026 (arXiv 2604.13258), Eq. 7; "
                    + "spec/heta.md",
            EnumSet.of(Capability.GRADIENTS, Capability.SECOND_ORDER, Capability.ATTENTION, Capability.VALUES,
                    Capability.HIDDEN_STATES, Capability.STOCHASTIC),
            ScoreType.NONNEG,
            "transition gate x (beta * block-Hutchinson curvature + gamma * masked KL)");

    /** The paper's ablations (heta.md §5). */
    public enum Ablation {
        NONE("none"), TRANSITION_ONLY("transition-only"), HESSIAN_ONLY("hessian-only"), KL_ONLY("kl-only"),
        NO_GATE("no-gate"), UNIFORM_GATE("uniform-gate");

        private final String key;

        Ablation(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        boolean needsGate() {
            return this == NONE || this == TRANSITION_ONLY;
        }

        boolean needsCurvature() {
            return this != TRANSITION_ONLY && this != KL_ONLY;
        }

        boolean needsInformation() {
            return this != TRANSITION_ONLY && this != HESSIAN_ONLY;
        }
    }

    /** How the model work is scheduled. */
    public enum Schedule {
        /** All HVP directions and masked sequences of an instance batched (default). */
        BATCHED("batched"),
        /** One HVP and one masked forward per model call, like the authors' release (heta.md §8). */
        NAIVE("naive");

        private final String key;

        Schedule(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * Validated HETA parameters ({@code heta.*} keys, see {@link #parse}).
     *
     * @param rollout {@code heta.flow.rollout}
     * @param values {@code heta.flow.values}
     * @param layers {@code heta.flow.layers}: the gate's layer subset Ls, or null for all layers
     * @param samples {@code heta.hvp.samples} (m)
     * @param hvpKind {@code heta.hvp.mode}
     * @param epsilon {@code heta.hvp.eps}, or NaN for {@link HvpMode#defaultFor(Precision, HvpMode.Kind)}
     * @param mask {@code heta.mask}
     * @param beta {@code heta.beta}
     * @param gamma {@code heta.gamma}
     * @param ablation {@code heta.ablation}
     * @param envelope {@code heta.envelope}
     * @param variant {@code heta.variant}
     * @param overlap {@code heta.window.overlap} (fraction in [0, 1))
     * @param lowRankTolerance {@code heta.lr.tolerance}: relative eigenvalue cut of the Nyström pseudo-inverse, or
     *     relative column-norm cut of the range finder's orthonormalisation
     * @param lowRankMethod {@code heta.lr.method}: how {@code LR-r} approximates H ({@link LowRankCurvature})
     * @param schedule {@code heta.schedule}
     * @param windowBos {@code heta.win.bos}: whether every window after the first starts with the context's BOS
     * @param windowMode {@code heta.win.mode}: each window as its own context, or anchored at the target
     */
    public record Params(TransitionGate.Rollout rollout, TransitionGate.Values values, List<Integer> layers, int samples,
                         HvpMode.Kind hvpKind, double epsilon, InformationTerm.Mask mask, double beta, double gamma,
                         Ablation ablation, boolean envelope, Variant variant, double overlap, double lowRankTolerance,
                         LowRankCurvature.Method lowRankMethod, Schedule schedule, WindowBos windowBos,
                         WindowMode windowMode) {

        public Params {
            if (samples < 1) {
                throw new IllegalArgumentException("Parameter heta.hvp.samples=" + samples + " is invalid: need at least 1");
            }
            if (!Double.isNaN(epsilon) && !(epsilon > 0)) {
                throw new IllegalArgumentException("Parameter heta.hvp.eps=" + epsilon + " is invalid: need a positive step");
            }
            if (!Double.isFinite(beta) || !Double.isFinite(gamma)) {
                throw new IllegalArgumentException("Parameters heta.beta and heta.gamma must be finite numbers");
            }
            if (!(overlap >= 0 && overlap < 1)) {
                throw new IllegalArgumentException("Parameter heta.window.overlap=" + overlap
                        + " is invalid: need a fraction in [0, 1)");
            }
            if (!(lowRankTolerance >= 0 && lowRankTolerance < 1)) {
                throw new IllegalArgumentException("Parameter heta.lr.tolerance=" + lowRankTolerance
                        + " is invalid: need a relative tolerance in [0, 1)");
            }
            if (lowRankMethod == null) {
                throw new IllegalArgumentException("Parameter heta.lr.method is missing: allowed values are "
                        + Arrays.stream(LowRankCurvature.Method.values()).map(LowRankCurvature.Method::key).toList());
            }
            if (layers != null) {
                layers = List.copyOf(layers);
                if (layers.isEmpty()) {
                    throw new IllegalArgumentException("Parameter heta.flow.layers is empty: give 'all' or layer indices");
                }
            }
        }

        /**
         * All defaults (heta.md): per-head-chain, residual, m = 10, finite difference, zero mask, β = γ = 0.5,
         * {@code LR-r} by the range finder.
         */
        public static Params defaults() {
            return parse(Map.of());
        }

        /**
         * Parses raw {@code key=value} parameters (keys with or without the {@code heta.} prefix).
         *
         * @throws IllegalArgumentException naming the key, the allowed values and a "did you mean"
         */
        public static Params parse(Map<String, String> raw) {
            ParamReader r = new ParamReader(NAME, raw);
            TransitionGate.Rollout rollout = enumChoice(r, "flow.rollout", TransitionGate.Rollout.PER_HEAD_CHAIN,
                    TransitionGate.Rollout.values(), TransitionGate.Rollout::key);
            TransitionGate.Values values = enumChoice(r, "flow.values", TransitionGate.Values.RESIDUAL,
                    TransitionGate.Values.values(), TransitionGate.Values::key);
            List<Integer> layers = layers(r.string("flow.layers", "all"));
            int samples = r.integer("hvp.samples", 10);
            // forward-difference is the default: half the gradient passes of finite-difference (central), S within
            // 4.5e-4 of the golden in float32 (docs/heta-hvp.md)
            HvpMode.Kind hvpKind = enumChoice(r, "hvp.mode", HvpMode.Kind.FORWARD_DIFFERENCE, HvpMode.Kind.values(),
                    HvpMode.Kind::key);
            double eps = r.real("hvp.eps", Double.NaN);
            InformationTerm.Mask mask = enumChoice(r, "mask", InformationTerm.Mask.ZERO, InformationTerm.Mask.values(),
                    InformationTerm.Mask::key);
            double beta = r.real("beta", 0.5);
            double gamma = r.real("gamma", 0.5);
            Ablation ablation = enumChoice(r, "ablation", Ablation.NONE, Ablation.values(), Ablation::key);
            boolean envelope = r.bool("envelope", false);
            Variant variant = Variant.parse(r.string("variant", "full"));
            double overlap = r.real("window.overlap", 0.5);
            double tol = r.real("lr.tolerance", 1e-10);
            LowRankCurvature.Method lrMethod = enumChoice(r, "lr.method", LowRankCurvature.Method.RANGE_FINDER,
                    LowRankCurvature.Method.values(), LowRankCurvature.Method::key);
            Schedule schedule = enumChoice(r, "schedule", Schedule.BATCHED, Schedule.values(), Schedule::key);
            WindowBos bos = enumChoice(r, "win.bos", WindowBos.KEEP, WindowBos.values(), WindowBos::key);
            WindowMode wmode = enumChoice(r, "win.mode", WindowMode.OWN, WindowMode.values(), WindowMode::key);
            r.finish();
            return new Params(rollout, values, layers, samples,
                    hvpKind, eps, mask, beta, gamma,
                    ablation, envelope, variant, overlap, tol, lrMethod, schedule, bos, wmode);
        }

        private static List<Integer> layers(String s) {
            if (s.equalsIgnoreCase("all")) {
                return null;
            }
            List<Integer> out = new ArrayList<>();
            for (String part : s.split(",")) {
                try {
                    out.add(Integer.parseInt(part.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Parameter heta.flow.layers=" + s
                            + " is invalid: give 'all' or comma-separated layer indices, e.g. 0,2,4");
                }
            }
            return out;
        }

        private static <E extends Enum<E>> E enumChoice(ParamReader r, String key, E def, E[] all,
                                                        java.util.function.Function<E, String> name) {
            List<String> keys = new ArrayList<>();
            for (E e : all) {
                keys.add(name.apply(e));
            }
            String v = r.choice(key, name.apply(def), keys);
            return all[keys.indexOf(v)];
        }

        /** This parameter set's {@code heta.hvp.mode} value. */
        public String hvpModeKey() {
            return hvpKind.key();
        }

        /** The HVP mode for a model precision: the given eps, or the kind's default step for the precision. */
        public HvpMode hvpMode(Precision precision) {
            if (hvpKind == HvpMode.Kind.EXACT) {
                return HvpMode.exact();
            }
            return Double.isNaN(epsilon) ? HvpMode.defaultFor(precision, hvpKind) : new HvpMode(hvpKind, epsilon);
        }
    }

    @Override
    public MethodInfo info() {
        return INFO;
    }

    @Override
    public void validate(Map<String, String> params) {
        Params.parse(params);
    }

    @Override
    public AttributionResult attribute(AttributionRequest request) {
        return compute(request, Params.parse(request.params()), new RademacherProbes()).toAttributionResult();
    }

    /** HETA with default (seeded Rademacher) probes. */
    public static HetaResult compute(AttributionRequest request, Params params) {
        return compute(request, params, new RademacherProbes());
    }

    /**
     * Runs HETA on one request.
     *
     * @param request the instance (its {@code params} map is ignored here; {@code params} rules)
     * @param params validated parameters
     * @param probeSource where the Rademacher probes come from
     * @return scores and components
     * @throws IllegalArgumentException for a context longer than the model accepts without windowing,
     *     a window longer than that, or an LS-k / layer subset outside the model
     */
    public static HetaResult compute(AttributionRequest request, Params params, ProbeSource probeSource) {
        long t0 = System.nanoTime();
        CausalLm model = request.model();
        PassCounter.Snapshot before = model.passes().snapshot();
        ModelConfig cfg = model.config();
        int t = request.length();
        int d = cfg.hiddenSize();
        Variant variant = params.variant();
        Ablation ablation = params.ablation();
        validate(request, params, cfg);

        boolean needGate = ablation.needsGate() || params.envelope();
        boolean needCurv = ablation.needsCurvature() || params.envelope();
        boolean needInfo = ablation.needsInformation() || params.envelope();
        Map<String, String> notes = new LinkedHashMap<>();
        HvpMode mode = params.hvpMode(model.precision());
        boolean usesHvp = needCurv && variant.kind() != Variant.Kind.GRADIENT_SQUARED;
        double[][][] probes = usesHvp ? probeSource.probes(request, t, params.samples(), d) : null;

        List<int[]> windows = variant.windowed() ? windows(t, variant.window(), params.overlap())
                : List.of(new int[] {0, t});
        Window sum = new Window(t);
        int[] count = new int[t];
        double logProb = Double.NaN;
        Context ctx = new Context(request, params, needGate, needCurv, needInfo, mode, probes, notes);
        for (int[] w : windows) {
            Window one = window(ctx, w[0], w[1]);
            sum.add(one, w[0], count);
            logProb = one.logProb;
        }
        double[] gate = needGate ? TransitionGate.normalise(sum.average(sum.gate, count)) : null;
        double[] curv = needCurv ? sum.average(sum.curvature, count) : null;
        double[] info = needInfo ? sum.average(sum.information, count) : null;
        double[] drop = params.envelope() ? sum.average(sum.drop, count) : null;
        double[] gnorm = sum.gradientNorm != null ? sum.average(sum.gradientNorm, count) : null;

        double beta = params.beta();
        double gamma = params.gamma();
        double[] scores = new double[t];
        for (int i = 0; i < t; i++) {
            switch (ablation) {
                case NONE:
                    scores[i] = gate[i] * (beta * curv[i] + gamma * info[i]);
                    break;
                case TRANSITION_ONLY:
                    scores[i] = gate[i];
                    break;
                case HESSIAN_ONLY:
                    scores[i] = curv[i];
                    break;
                case KL_ONLY:
                    scores[i] = info[i];
                    break;
                case NO_GATE:
                    scores[i] = beta * curv[i] + gamma * info[i];
                    break;
                case UNIFORM_GATE:
                    scores[i] = (beta * curv[i] + gamma * info[i]) / t;
                    break;
                default:
                    throw new AssertionError(ablation);
            }
        }
        double[] envelope = null;
        if (params.envelope()) {
            envelope = new double[t];
            for (int i = 0; i < t; i++) {
                envelope[i] = gate[i] * (beta * curv[i] + gamma * drop[i]);
            }
        }
        describe(params, cfg, mode, usesHvp, windows, notes, needGate, needCurv, needInfo);
        PassCounter.Snapshot passes = model.passes().snapshot().minus(before);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new HetaResult(scores, gate, curv, info, envelope, gnorm, logProb, variant.label(), ablation.key(),
                usesHvp ? mode.label() : null, passes, seconds, notes);
    }

    private static void validate(AttributionRequest request, Params params, ModelConfig cfg) {
        int t = request.length();
        int limit = cfg.maxPositions();
        Variant v = params.variant();
        if (!v.windowed() && t > limit) {
            throw new IllegalArgumentException("Instance '" + request.instanceId() + "': the context has " + t
                    + " tokens, but " + request.model().name() + " accepts at most " + limit
                    + "; shorten the context or use a windowed variant, e.g. heta.variant=WIN-" + limit
                    + " or LR-64-WIN-" + limit);
        }
        if (v.windowed() && v.window() < t) {
            int bos = keepsBos(request, params, 1) ? 1 : 0;
            // anchored: the first window already runs the whole context
            int longest = params.windowMode() == WindowMode.ANCHORED ? t : v.window() + bos;
            if (longest > limit) {
                throw new IllegalArgumentException("Instance '" + request.instanceId() + "': heta.variant=" + v.label()
                        + " with heta.win.mode=" + params.windowMode().key() + " and heta.win.bos="
                        + params.windowBos().key() + " runs windows of up to " + longest + " tokens, but "
                        + request.model().name() + " accepts at most " + limit
                        + (params.windowMode() == WindowMode.ANCHORED ? "; use heta.win.mode=own"
                        : "; use a window of at most " + (limit - bos) + " tokens or heta.win.bos=drop"));
            }
        }
        if (v.windowed() && Math.min(v.window(), t) > limit) {
            throw new IllegalArgumentException("Instance '" + request.instanceId() + "': heta.variant=" + v.label()
                    + " uses windows of " + v.window() + " tokens, but " + request.model().name() + " accepts at most "
                    + limit + "; use heta.variant=WIN-" + limit + " or smaller");
        }
        if (v.lowRank()) {
            // H̃ has rank at most the dimension T·d of the space it acts on (per window: the shortest one).
            List<int[]> ws = v.windowed() ? windows(t, v.window(), params.overlap()) : List.of(new int[] {0, t});
            int shortest = t;
            for (int[] w : ws) {
                shortest = Math.min(shortest, w[1] - w[0]);
            }
            long dims = (long) shortest * cfg.hiddenSize();
            if (v.rank() > dims) {
                throw new IllegalArgumentException("Instance '" + request.instanceId() + "': heta.variant=" + v.label()
                        + " asks for rank " + v.rank() + ", but the curvature acts on only T·d = " + shortest + "·"
                        + cfg.hiddenSize() + " = " + dims + " dimensions" + (v.windowed() ? " (T = the shortest window)"
                        : "") + "; use a rank of at most " + dims + ", e.g. heta.variant=LR-" + dims
                        + (v.windowed() ? "-WIN-" + v.window() : ""));
            }
        }
        if (v.lastLayers()) {
            if (v.layers() > cfg.numLayers()) {
                throw new IllegalArgumentException("Parameter heta.variant=" + v.label() + " is invalid: "
                        + request.model().name() + " has only " + cfg.numLayers() + " layers; use LS-1 .. LS-"
                        + cfg.numLayers());
            }
            if (params.layers() != null) {
                throw new IllegalArgumentException("Parameters heta.variant=" + v.label() + " and heta.flow.layers="
                        + params.layers() + " conflict: LS-k fixes the gate's layers to the last k; drop heta.flow.layers");
            }
        }
        if (params.layers() != null) {
            for (int l : params.layers()) {
                if (l < 0 || l >= cfg.numLayers()) {
                    throw new IllegalArgumentException("Parameter heta.flow.layers=" + params.layers() + " is invalid: layer "
                            + l + " is outside [0, " + cfg.numLayers() + ") of " + request.model().name());
                }
            }
        }
    }

    /** Fixed inputs of one compute call. */
    private record Context(AttributionRequest request, Params params, boolean needGate, boolean needCurv,
                           boolean needInfo, HvpMode mode, double[][][] probes, Map<String, String> notes) {}

    /** Per-position sums (or one window's values). */
    private static final class Window {
        final double[] gate;
        final double[] curvature;
        final double[] information;
        final double[] drop;
        double[] gradientNorm;
        double logProb;

        Window(int t) {
            gate = new double[t];
            curvature = new double[t];
            information = new double[t];
            drop = new double[t];
        }

        void add(Window w, int offset, int[] count) {
            for (int j = 0; j < w.gate.length; j++) {
                int i = offset + j;
                gate[i] += w.gate[j];
                curvature[i] += w.curvature[j];
                information[i] += w.information[j];
                drop[i] += w.drop[j];
                count[i]++;
            }
            if (w.gradientNorm != null) {
                if (gradientNorm == null) {
                    gradientNorm = new double[gate.length];
                }
                for (int j = 0; j < w.gradientNorm.length; j++) {
                    gradientNorm[offset + j] += w.gradientNorm[j];
                }
            }
        }

        double[] average(double[] s, int[] count) {
            double[] o = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                o[i] = s[i] / count[i];
            }
            return o;
        }
    }

    /**
     * Everything HETA computes for the tokens of one window {@code [a, b)}. The window's context is
     * {@code x_a … x_{b-1}} ({@code heta.win.mode=own}) or {@code x_a … x_{T-1}} ({@code anchored}),
     * preceded by the context's BOS when {@code heta.win.bos=keep}, {@code a > 0} and the context starts
     * with the model's BOS; the terms are taken at the window's own tokens only.
     */
    private static Window window(Context ctx, int a, int b) {
        AttributionRequest request = ctx.request();
        Params params = ctx.params();
        CausalLm model = request.model();
        ModelConfig cfg = model.config();
        int numLayers = cfg.numLayers();
        int span = b - a;
        int hi = params.windowMode() == WindowMode.ANCHORED ? request.length() : b;
        int off = keepsBos(request, params, a) ? 1 : 0;
        int t = off + hi - a;
        boolean naive = params.schedule() == Schedule.NAIVE;
        Variant variant = params.variant();
        boolean lastLayers = variant.lastLayers();
        int entry = lastLayers ? numLayers - variant.layers() : 0;
        Objective objective = Objective.logProb(request.target());

        int[] ids = new int[t];
        if (off == 1) {
            ids[0] = request.context()[0];
        }
        System.arraycopy(request.context(), a, ids, off, hi - a);
        // context position of each position of this window's run
        int[] at = new int[t];
        for (int r = 0; r < t; r++) {
            at[r] = r < off ? 0 : a + r - off;
        }
        double[][] x = model.embed(ids);
        ForwardRequest input = ForwardRequest.ofEmbeddings(x);
        List<ForwardRequest.Capture> caps = new ArrayList<>();
        if (ctx.needGate()) {
            caps.add(ForwardRequest.Capture.ATTENTION);
            caps.add(ForwardRequest.Capture.RESIDUALS);
            if (params.values() == TransitionGate.Values.ACTUAL) {
                caps.add(ForwardRequest.Capture.VALUES);
            }
        }
        if (lastLayers && ctx.needCurv()) {
            caps.add(ForwardRequest.Capture.RESIDUALS);
        }
        ForwardResult base = model.forward(input.withCaptures(caps.toArray(new ForwardRequest.Capture[0])));
        double[] z = base.lastLogits();
        Window w = new Window(span);
        w.logProb = objective.evaluate(z);

        if (ctx.needGate()) {
            int[] layers;
            if (lastLayers) {
                layers = range(entry, numLayers);
            } else if (params.layers() != null) {
                layers = params.layers().stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
            } else {
                layers = range(0, numLayers);
            }
            double[] g = new TransitionGate(params.rollout(), params.values()).compute(model, base, layers);
            System.arraycopy(g, off, w.gate, 0, span);
        }
        if (ctx.needCurv()) {
            CurvatureSensitivity.Outcome s;
            if (variant.kind() == Variant.Kind.GRADIENT_SQUARED) {
                GradientResult gr = CurvatureSensitivity.gradient(model, input, objective);
                double[] sq = CurvatureSensitivity.rowSquaredNorms(gr.gradient());
                w.gradientNorm = new double[span];
                for (int i = 0; i < span; i++) {
                    w.gradientNorm[i] = Math.sqrt(sq[off + i]);
                }
                s = new CurvatureSensitivity.Outcome(sq, null);
            } else {
                // LS-L enters at block 0: the embeddings themselves, so that the model adds learned positions
                // once (residuals[0] already holds them); the Hessian is the same, positions being constant.
                ForwardRequest hin = lastLayers && entry > 0
                        ? ForwardRequest.ofResidual(entry, base.residuals()[entry]) : input;
                // each run position probes as its context position; block HVPs only at the window's tokens
                double[][][] probes = new double[t][][];
                for (int r = 0; r < t; r++) {
                    probes[r] = ctx.probes()[at[r]];
                }
                if (variant.lowRank()) {
                    // every method draws Ω from the stream Nyström always used, so they see the same directions
                    s = CurvatureSensitivity.lowRank(params.lowRankMethod(), model, hin, objective, probes,
                            variant.rank(), request.random(NAME, "nystrom@" + a), params.lowRankTolerance(),
                            ctx.mode(), naive, CALL_BUDGET);
                    ctx.notes().merge("lr", "window " + a + ".." + b + ": " + params.lowRankMethod().key() + ", "
                            + s.hvps() + " HVPs", (o, n) -> o + "; " + n);
                } else {
                    double[][][] only = new double[t][][];
                    System.arraycopy(probes, off, only, off, span);
                    s = CurvatureSensitivity.blockHutchinson(model, hin, objective, only, ctx.mode(), naive);
                }
            }
            System.arraycopy(s.values(), off, w.curvature, 0, span);
            if (s.note() != null) {
                String key = params.lowRankMethod() == LowRankCurvature.Method.NYSTROM ? "nystrom" : "lr.truncation";
                ctx.notes().merge(key, "window " + a + ".." + b + ": " + s.note(), (o, n) -> o + "; " + n);
            }
        }
        if (ctx.needInfo()) {
            double[] p = InformationTerm.softmax(z);
            double[][] masks = InformationTerm.maskRows(model, params.mask(), x, request.random(NAME, "mask@" + a));
            InformationTerm.Outcome o = InformationTerm.compute(model, input, x, p, masks, objective, naive, CALL_BUDGET,
                    off, off + span);
            System.arraycopy(o.kl(), off, w.information, 0, span);
            for (int i = 0; i < span; i++) {
                w.drop[i] = Math.max(0, w.logProb - o.maskedLogProb()[off + i]);
            }
        }
        return w;
    }

    /** A window as long as the model's context has no room for BOS: it then runs without (said in "windows"). */
    private static boolean roomForBos(Params params, ModelConfig cfg) {
        return params.variant().window() + 1 <= cfg.maxPositions();
    }

    /** Whether the window starting at {@code a} is run with the context's BOS in front ({@code heta.win.bos=keep}). */
    static boolean keepsBos(AttributionRequest request, Params params, int a) {
        if (a == 0 || params.windowBos() != WindowBos.KEEP || !params.variant().windowed()) {
            return false;
        }
        if (!roomForBos(params, request.model().config())) {
            return false;
        }
        int bos = request.model().tokenizer().map(tok -> tok.bosId()).orElse(-1);
        return bos >= 0 && request.context()[0] == bos;
    }

    /**
     * Window boundaries {@code [a, b)}: stride {@code max(1, floor(W (1 − overlap)))} from 0, the last
     * window ending at T (and possibly shorter), one window {@code [0, T)} if {@code W ≥ T}.
     */
    public static List<int[]> windows(int length, int window, double overlap) {
        List<int[]> out = new ArrayList<>();
        if (window >= length) {
            out.add(new int[] {0, length});
            return out;
        }
        int stride = Math.max(1, (int) Math.floor(window * (1 - overlap)));
        for (int a = 0; ; a += stride) {
            int b = Math.min(a + window, length);
            out.add(new int[] {a, b});
            if (b == length) {
                return out;
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static void describe(Params p, ModelConfig cfg, HvpMode mode, boolean usesHvp, List<int[]> windows,
                                 Map<String, String> notes, boolean gate, boolean curv, boolean info) {
        notes.put("schedule", p.schedule().key());
        notes.put("ablation", p.ablation().key());
        if (gate) {
            notes.put("gate", "rollout=" + p.rollout().key() + ", values=" + p.values().key() + ", layers="
                    + (p.variant().lastLayers() ? "last " + p.variant().layers()
                    : p.layers() == null ? "all" : p.layers().toString()));
        }
        if (info) {
            notes.put("mask", p.mask().key() + (p.mask() == InformationTerm.Mask.UNK_RANDOM
                    ? " (0.01*N(0,I) per token, seeded)" : ""));
        }
        if (usesHvp) {
            notes.put("hvp", switch (mode.kind()) {
                case EXACT -> "exact double backward (Pearlmutter)";
                case CENTRAL_DIFFERENCE -> "fallback: central difference of exact autograd gradients, eps="
                        + mode.epsilon() + " (DJL's exact double backward leaks native memory per call)";
                case FORWARD_DIFFERENCE -> "forward difference of exact autograd gradients, eps=" + mode.epsilon()
                        + ", one clean gradient shared per batch of probes (first-order error, docs/heta-hvp.md)";
            });
            notes.put("hvp.samples", Integer.toString(p.samples()));
        }
        if (curv && p.variant().kind() == Variant.Kind.GRADIENT_SQUARED) {
            notes.put("curvature", "GS stand-in: squared L2 norm of the gradient per token, no HVP");
        }
        if (p.variant().lastLayers()) {
            notes.put("LS", "curvature w.r.t. the residual stream entering layer "
                    + (cfg.numLayers() - p.variant().layers()) + "; the information term masks token embeddings of the"
                    + " full model");
        }
        if (p.variant().windowed()) {
            StringBuilder sb = new StringBuilder();
            for (int[] w : windows) {
                sb.append(sb.length() == 0 ? "" : " ").append('[').append(w[0]).append(',').append(w[1]).append(')');
            }
            notes.put("windows", windows.size() + " window(s) " + sb + ", overlap " + p.overlap()
                    + "; components averaged over the windows containing each token, averaged gate renormalised to sum 1"
                    + "; heta.win.mode=" + p.windowMode().key() + ", heta.win.bos=" + p.windowBos().key()
                    + (p.windowBos() == WindowBos.KEEP && !roomForBos(p, cfg)
                    ? " (fallback: the window fills the model's context, so later windows run without BOS)" : ""));
        }
        notes.put("beta,gamma", String.format(Locale.ROOT, "%s,%s", p.beta(), p.gamma()));
        List<String> skipped = new ArrayList<>();
        if (!gate) {
            skipped.add("gate");
        }
        if (!curv) {
            skipped.add("curvature");
        }
        if (!info) {
            skipped.add("information");
        }
        if (!skipped.isEmpty()) {
            notes.put("not computed", String.join(", ", skipped) + " (not needed by ablation " + p.ablation().key()
                    + ")");
        }
    }
}
