package org.hetabench.core.util;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" for unknown names and keys. */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The closest known name within a small edit distance, if any. The distance counts a swap of two
     * adjacent letters as one edit (optimal string alignment), because that is the commonest typo:
     * {@code tabel3} is one edit from {@code table3}, not two, so it does not tie with {@code table13}.
     */
    public static Optional<String> closest(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase();
        Optional<String> prefix = known.stream().filter(k -> u.length() >= 3 && k.toLowerCase().startsWith(u)).sorted().findFirst();
        if (prefix.isPresent()) {
            return prefix;
        }
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(unknown.toLowerCase(), k.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(k -> distance(unknown.toLowerCase(), k.toLowerCase()) <= Math.max(2, k.length() / 3));
    }

    /** {@code "; did you mean 'x'?"} or an empty string. */
    public static String didYouMean(String unknown, Collection<String> known) {
        return closest(unknown, known).map(k -> "; did you mean '" + k + "'?").orElse("");
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
