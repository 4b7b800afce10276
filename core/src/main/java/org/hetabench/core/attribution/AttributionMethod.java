package org.hetabench.core.attribution;

import java.util.Map;
import java.util.Optional;
import org.hetabench.core.model.CausalLm;

/**
 * An attribution method. Implementations are stateless, registered in
 * {@code META-INF/services/org.hetabench.core.attribution.AttributionMethod}, and hold a nested
 * {@code record Params} validated in its compact constructor and built from
 * {@link AttributionRequest#params()} through a {@link ParamReader}. Methods never normalise their
 * own output (methods.md §1.4).
 */
public interface AttributionMethod {

    MethodInfo info();

    /**
     * Checks parameters without a model, as {@link #attribute} would read them (keys {@code name.key}):
     * the driver calls it for every (method, grid cell) before any executor starts.
     *
     * @throws IllegalArgumentException on an unknown key (with a "did you mean") or a value out of range,
     *     naming the key and what is allowed
     */
    void validate(Map<String, String> params);

    /** Runs the method. Parameter errors throw {@link IllegalArgumentException} naming the key. */
    AttributionResult attribute(AttributionRequest request);

    /** Why the method cannot run on {@code model}, or empty if it can. */
    default Optional<String> unusableReason(CausalLm model) {
        return Optional.empty();
    }
}
