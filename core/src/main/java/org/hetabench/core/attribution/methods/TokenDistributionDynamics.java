package org.hetabench.core.attribution.methods;

import java.util.ArrayList;
import java.util.List;
import org.hetabench.core.attribution.AttributionRequest;
import org.hetabench.core.attribution.ParamReader;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ForwardRequest;
import org.hetabench.core.model.ForwardResult;
import org.hetabench.core.model.Objective;

/**
 * The shared computation of TDD (Feng et al., ICLR 2024, "Unveiling and Manipulating Prompt Influence
 * in Large Language Models"; methods.md §4.1) and single-pass Progressive Inference: a contrast
 * {@code c(z)} of the final-layer logits read along the sequence (forward) or at the end of growing
 * suffixes (backward), differenced so that the scores telescope to {@code c(full context)}.
 */
final class TokenDistributionDynamics {
    private TokenDistributionDynamics() {}

    static final List<String> CONTRASTS = List.of("prob", "logprob", "pair");

    /**
     * The contrast function. Without an alternative token the spec's default is {@code PROB(y)}
     * [INFERRED]; {@code pair} uses {@code tanh((z_y − z_y')/2)} with {@code y'} given or, if −1, the
     * model's top non-{@code y} token on the full context.
     */
    record Contrast(String kind, int alternative) {
        Contrast {
            if (!CONTRASTS.contains(kind)) {
                throw new IllegalArgumentException("TDD contrast must be one of " + CONTRASTS + ", got " + kind);
            }
            if (alternative < -1) {
                throw new IllegalArgumentException("TDD alternative must be a token id or -1 (auto), got " + alternative);
            }
        }

        static Contrast read(ParamReader r) {
            return new Contrast(r.choice("contrast", "prob", CONTRASTS), r.integer("alternative", -1));
        }

        /** The objective for target {@code y}; {@code fullLogits} picks the automatic alternative. */
        Objective objective(int y, double[] fullLogits) {
            switch (kind) {
                case "prob":
                    return new Objective(Objective.Kind.PROB, y, -1);
                case "logprob":
                    return new Objective(Objective.Kind.LOGPROB, y, -1);
                default: {
                    int alt = alternative;
                    if (alt < 0) {
                        int[] top = Logits.topK(fullLogits, 2);
                        alt = top[0] == y ? top[1] : top[0];
                    }
                    return new Objective(Objective.Kind.PAIR, y, alt);
                }
            }
        }
    }

    /** FORWARD: {@code s_0 = c_0, s_j = c_j − c_{j−1}} from one pass with logits at every position. */
    static double[] forward(AttributionRequest request, Objective.Kind functional, Contrast contrast, RunMeter meter) {
        ForwardResult f = request.model().forward(ForwardRequest.ofIds(request.context())
                .withCaptures(ForwardRequest.Capture.LOGITS_ALL));
        double[][] z = f.allLogits();
        int n = z.length;
        Objective obj = contrast != null ? contrast.objective(request.target(), z[n - 1])
                : new Objective(functional, request.target(), -1);
        if (meter != null && obj.kind() == Objective.Kind.PAIR) {
            meter.note("alternative", obj.contrast());
        }
        double[] s = new double[n];
        double prev = 0;
        for (int j = 0; j < n; j++) {
            double c = obj.evaluate(z[j]);
            s[j] = c - prev;
            prev = c;
        }
        return s;
    }

    /**
     * BACKWARD: the value at the end of growing suffixes. Protected positions are never dropped: every
     * suffix is the protected tokens before it plus the suffix itself (for a protected BOS this is the
     * spec's recommended "prepend BOS to every suffix"); the first protected position gets the raw value
     * of the protected-only sequence, so the scores still telescope to {@code c(full context)}.
     */
    static double[] backward(AttributionRequest request, Contrast contrast, RunMeter meter) {
        CausalLm model = request.model();
        int[] x = request.context();
        boolean[] prot = request.protectedPositions();
        int[] players = Players.of(request);
        int np = players.length;
        boolean anyProt = np < x.length;
        List<ForwardRequest> rows = new ArrayList<>(np + 1);
        for (int k = 0; k < np; k++) {
            // sequence for "players k.. present": every protected position plus players[k..]
            int start = players[k];
            int[] seq = java.util.stream.IntStream.range(0, x.length).filter(i -> prot[i] || i >= start)
                    .map(i -> x[i]).toArray();
            rows.add(ForwardRequest.ofIds(seq));
        }
        if (anyProt) {
            rows.add(ForwardRequest.ofIds(java.util.stream.IntStream.range(0, x.length).filter(i -> prot[i])
                    .map(i -> x[i]).toArray()));
        }
        List<ForwardResult> out = model.forward(rows);
        double[] full = out.get(0).lastLogits(); // k = 0 (or the protected-only row when there is no player)
        Objective obj = contrast.objective(request.target(), full);
        if (meter != null && obj.kind() == Objective.Kind.PAIR) {
            meter.note("alternative", obj.contrast());
        }
        double base = anyProt ? obj.evaluate(out.get(np).lastLogits()) : 0;
        double[] s = new double[x.length];
        double next = base;
        for (int k = np - 1; k >= 0; k--) {
            double c = obj.evaluate(out.get(k).lastLogits());
            s[players[k]] = c - next;
            next = c;
        }
        if (anyProt) {
            s[Players.firstProtected(request)] = base;
        }
        return s;
    }
}
