/**
 * Errors of reading model files (checkpoints, tokenizers), shared by the model and tokenizer packages so
 * that neither imports the other.
 *
 * <p>May import: nothing of ours.
 */
package org.hetabench.core.io;
