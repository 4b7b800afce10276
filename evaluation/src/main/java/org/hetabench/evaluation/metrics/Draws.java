package org.hetabench.evaluation.metrics;

/** One stream of random numbers (uniform on [0,1) and standard normal). */
public interface Draws {

    /** Uniform on [0, 1). */
    double uniform();

    /** Standard normal. */
    double normal();

    /** Uniform integer in [0, bound). */
    default int integer(int bound) {
        return Math.min(bound - 1, (int) (uniform() * bound));
    }
}
