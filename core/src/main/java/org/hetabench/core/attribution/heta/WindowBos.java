package org.hetabench.core.attribution.heta;

/** {@code heta.win.bos}: what a window that does not start the context begins with. */
public enum WindowBos {
    /** The context's BOS (when the context starts with the model's BOS), then the window's tokens. */
    KEEP("keep"),
    /** The window's tokens only, as the release does. */
    DROP("drop");

    private final String key;

    WindowBos(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
