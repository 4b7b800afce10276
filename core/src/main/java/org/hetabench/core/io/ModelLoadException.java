package org.hetabench.core.io;

/**
 * A user-facing error while loading a model or tokenizer: a missing or corrupt file, a missing
 * tensor, an unsupported configuration. The message names the file or key and, where possible, the
 * fix; command-line front ends print it as one line without a stack trace.
 */
public class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
