package org.hetabench.evaluation.data;

import java.util.Objects;

/**
 * One role-labelled stretch of an instance's text, {@code text.substring(start, end)}.
 *
 * @param role what the stretch is for
 * @param start first character (UTF-16 index into {@link Instance#text()})
 * @param end end character, exclusive
 */
public record Segment(SegmentRole role, int start, int end) {
    public Segment {
        Objects.requireNonNull(role, "role");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Segment [" + start + ", " + end + ") is not a valid range");
        }
    }

    public int length() {
        return end - start;
    }
}
