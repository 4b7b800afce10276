package org.hetabench.evaluation.data;

import java.util.Objects;

/**
 * A character span of an instance's text that an annotation marks as evidence for the target.
 * Token positions come from {@link org.hetabench.core.tokenizer.Encoding#tokensOverlapping}: a token
 * is evidence if it covers at least one character of the span.
 *
 * @param start first character (UTF-16 index into {@link Instance#text()})
 * @param end end character, exclusive
 * @param label why the span is evidence (e.g. {@code answer}, {@code shared-word}, {@code human})
 */
public record EvidenceSpan(int start, int end, String label) {
    public EvidenceSpan {
        Objects.requireNonNull(label, "label");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("Evidence span [" + start + ", " + end + ") is empty or negative");
        }
    }

    public int length() {
        return end - start;
    }
}
