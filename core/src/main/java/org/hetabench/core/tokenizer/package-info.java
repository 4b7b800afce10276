/**
 * Tokenizers with character offsets: the llama2.c vocabulary export and Hugging Face
 * {@code tokenizer.json} files. None truncates silently.
 *
 * <p>May import: {@code core.io}.
 */
package org.hetabench.core.tokenizer;
