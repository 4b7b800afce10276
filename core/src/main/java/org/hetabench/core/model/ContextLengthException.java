package org.hetabench.core.model;

/** A sequence is longer than the model's context window. */
public class ContextLengthException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ContextLengthException(String model, int length, int limit) {
        super("Sequence of " + length + " tokens is longer than the context of " + model + " (max_position_embeddings / seq_len = "
                + limit + "). Shorten the input, or use a windowed method variant (e.g. heta.variant=WIN-" + limit + ").");
    }
}
