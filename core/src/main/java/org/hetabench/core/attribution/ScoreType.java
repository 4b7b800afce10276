package org.hetabench.core.attribution;

/** What a method's raw scores mean (methods.md §1.2). */
public enum ScoreType {
    /** Real numbers; positive pushes towards the target. */
    SIGNED,
    /** Non-negative, larger is more important. */
    NONNEG,
    /** Non-negative and summing to 1 over the context. */
    DIST
}
