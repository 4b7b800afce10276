/**
 * Decoding on a {@link org.hetabench.core.model.CausalLm}: greedy and sampled generation of targets
 * ({@link org.hetabench.core.generation.DecodingConfig}, {@link org.hetabench.core.generation.Generator}).
 *
 * <p>May import: {@code core.model}, {@code core.tokenizer}.
 */
package org.hetabench.core.generation;
