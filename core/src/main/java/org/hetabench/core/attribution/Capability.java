package org.hetabench.core.attribution;

/** What a method needs from the model or does, shown by {@code list} and checked for usability. */
public enum Capability {
    GRADIENTS,
    SECOND_ORDER,
    ATTENTION,
    VALUES,
    HIDDEN_STATES,
    STOCHASTIC,
    GENERATION,
    TOKENIZER
}
