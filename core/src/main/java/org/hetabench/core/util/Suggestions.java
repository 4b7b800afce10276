package org.hetabench.core.util;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for unknown names and keys. */
public final class Suggestions {
    private Suggestions() {}

    /** The closest known name within a small edit distance, if any. */
    public static Optional<String> closest(String unknown, Collection<String> known) {
        LevenshteinDistance lev = LevenshteinDistance.getDefaultInstance();
        String u = unknown.toLowerCase();
        Optional<String> prefix = known.stream().filter(k -> u.length() >= 3 && k.toLowerCase().startsWith(u)).sorted().findFirst();
        if (prefix.isPresent()) {
            return prefix;
        }
        return known.stream()
                .min(Comparator.comparingInt((String k) -> lev.apply(unknown.toLowerCase(), k.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(k -> lev.apply(unknown.toLowerCase(), k.toLowerCase()) <= Math.max(2, k.length() / 3));
    }

    /** {@code "; did you mean 'x'?"} or an empty string. */
    public static String didYouMean(String unknown, Collection<String> known) {
        return closest(unknown, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }
}
