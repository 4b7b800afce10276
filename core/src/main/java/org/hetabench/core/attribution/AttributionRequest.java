package org.hetabench.core.attribution;

import java.util.Map;
import java.util.SplittableRandom;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.util.Seeds;

/**
 * One attribution problem: explain why {@code model} predicts {@code target} after {@code context}.
 *
 * @param model the model
 * @param instanceId stable id of the instance (seeds derive from it)
 * @param context context ids x_0..x_{T-1} (BOS included when the tokenizer adds one)
 * @param target the target id y, read at position T-1
 * @param targetPosition position of the target in its sequence (for seeding; T for single targets)
 * @param protectedPositions positions never perturbed (BOS, template), length T; may be all false
 * @param params raw method parameters ({@code key=value}), validated by the method's {@code Params}
 * @param runSeed the run's master seed
 */
public record AttributionRequest(CausalLm model, String instanceId, int[] context, int target, int targetPosition,
                                 boolean[] protectedPositions, Map<String, String> params, long runSeed) {

    public AttributionRequest {
        if (context.length == 0) {
            throw new IllegalArgumentException("Instance '" + instanceId + "': the context is empty; "
                    + "attribution needs at least one context token");
        }
        int v = model.config().vocabSize();
        if (target < 0 || target >= v) {
            throw new IllegalArgumentException("Instance '" + instanceId + "': target id " + target
                    + " is outside the vocabulary [0, " + v + ") of " + model.name());
        }
        if (protectedPositions == null) {
            protectedPositions = new boolean[context.length];
        }
        if (protectedPositions.length != context.length) {
            throw new IllegalArgumentException("Instance '" + instanceId + "': protectedPositions has length "
                    + protectedPositions.length + ", context has " + context.length);
        }
        params = Map.copyOf(params);
    }

    /** A request with BOS (if the tokenizer has one and it is at position 0) protected. */
    public static AttributionRequest of(CausalLm model, String instanceId, int[] context, int target,
                                        Map<String, String> params, long runSeed) {
        boolean[] prot = new boolean[context.length];
        int bos = model.tokenizer().map(t -> t.bosId()).orElse(-1);
        if (bos >= 0 && context.length > 0 && context[0] == bos) {
            prot[0] = true;
        }
        return new AttributionRequest(model, instanceId, context, target, context.length, prot, params, runSeed);
    }

    public int length() {
        return context.length;
    }

    /** The seeded generator of one stream (role) of {@code method} for this request. */
    public SplittableRandom random(String method, String role) {
        return new SplittableRandom(Seeds.of(runSeed, instanceId, targetPosition, method, role));
    }

    /** Same request with other parameters. */
    public AttributionRequest withParams(Map<String, String> newParams) {
        return new AttributionRequest(model, instanceId, context, target, targetPosition, protectedPositions,
                newParams, runSeed);
    }
}
