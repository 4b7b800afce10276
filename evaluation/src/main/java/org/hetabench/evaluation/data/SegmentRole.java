package org.hetabench.evaluation.data;

/**
 * What a stretch of an instance's text is for. Metrics select token positions by role (DSA's
 * paragraph = {@link #DISTRACTOR} ∪ {@link #EVIDENCE}; its distractor set = {@link #DISTRACTOR}).
 */
public enum SegmentRole {
    /** Fixed template words that carry no instance-specific information (LongRA's frame sentence). */
    TEMPLATE,
    /** A story the question is about (TellMeWhy narratives). */
    NARRATIVE,
    /** Text that should not matter for the target (LongRA's parenthetical, the curated set's narrative). */
    DISTRACTOR,
    /** The paragraph that holds the evidence (the curated set's SciQ support segment). */
    EVIDENCE,
    /** The question asked. */
    QUESTION,
    /** Any other context (a prompt, a passage, a LAMBADA text). */
    CONTEXT,
    /** Structural separators such as {@code " <s> "} or {@code " <s> Question: "}. */
    SEPARATOR
}
