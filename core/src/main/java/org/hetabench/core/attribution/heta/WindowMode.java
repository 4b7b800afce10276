package org.hetabench.core.attribution.heta;

/** {@code heta.win.mode}: what a window's context runs to. */
public enum WindowMode {
    /** The window {@code x_a … x_{b-1}} as its own context predicting y (spec, release). */
    OWN("own"),
    /** From the window's start to the end of the context, so y is predicted at its real position. */
    ANCHORED("anchored");

    private final String key;

    WindowMode(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
