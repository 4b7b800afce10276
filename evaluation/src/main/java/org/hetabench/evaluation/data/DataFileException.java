package org.hetabench.evaluation.data;

/**
 * A data or model file is missing, corrupt, or would have to be downloaded while offline. The
 * message names the file, the expected and actual sha256 and where to put a good copy.
 */
public class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
