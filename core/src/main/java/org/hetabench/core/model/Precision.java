package org.hetabench.core.model;

/** Numeric precision of a loaded model. Half-precision checkpoints are widened on load. */
public enum Precision {
    /** Default for benchmarks. */
    FLOAT32,
    /** Reference precision for tests and second-order work on CPU. */
    FLOAT64
}
