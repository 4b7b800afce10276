package org.hetabench.core.model;

/**
 * Value and input gradient of an {@link Objective} for one sequence.
 *
 * @param value the objective at the input
 * @param lastLogits the last-position logits of the same pass
 * @param gradient {@code d value / d input}, T x d (input = embeddings or entry residual)
 */
public record GradientResult(double value, double[] lastLogits, double[][] gradient) {}
