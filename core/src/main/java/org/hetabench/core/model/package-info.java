/**
 * The model runtime: the {@link org.hetabench.core.model.CausalLm} contract, the one generic
 * {@link org.hetabench.core.model.TransformerModel} on DJL's PyTorch engine, and the loaders that
 * translate llama2.c files and Hugging Face directories (safetensors) into its canonical weights.
 *
 * <p>May import: {@code core.io}, {@code core.tokenizer}, {@code core.util}.
 */
package org.hetabench.core.model;
