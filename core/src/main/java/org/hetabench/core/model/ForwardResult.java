package org.hetabench.core.model;

/**
 * What one {@link ForwardRequest} produced. Arrays not requested are null; layers below the request's
 * entry layer are null inside the per-layer arrays.
 *
 * @param lastLogits next-token logits at the last position (length V)
 * @param allLogits next-token logits at every position (T x V)
 * @param attention {@code [layer][queryHead][query][key]} probabilities
 * @param residuals {@code [layer][position][d]}: the stream entering each block; index L is the final
 *     pre-norm stream
 * @param values {@code [layer][kvHead][position][headDim]}: the value vectors the pass used
 */
public record ForwardResult(double[] lastLogits, double[][] allLogits, double[][][][] attention,
                            double[][][] residuals, double[][][][] values) {}
