package org.hetabench.jobs.config;

/** A configuration error: names the file and key, what is allowed or closest, and the fix. */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
