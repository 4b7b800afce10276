package org.hetabench.core.tokenizer;

import java.util.Arrays;

/**
 * The result of {@link Tokenizer#encode}: one entry per token.
 *
 * @param ids token ids
 * @param tokens the token strings (vocabulary pieces)
 * @param starts start character index (UTF-16, Java {@code String} index) into the encoded text, or
 *     -1 for a token that covers no source character (BOS)
 * @param ends end character index, exclusive, or -1 like {@code starts}
 * @param special whether the token is a special token
 */
public record Encoding(int[] ids, String[] tokens, int[] starts, int[] ends, boolean[] special) {

    public Encoding {
        int n = ids.length;
        if (tokens.length != n || starts.length != n || ends.length != n || special.length != n) {
            throw new IllegalArgumentException("Encoding arrays must all have length " + n);
        }
    }

    public int size() {
        return ids.length;
    }

    /**
     * Token positions whose character span overlaps {@code [charStart, charEnd)}, in increasing order.
     * A token overlaps if it covers at least one character of the range.
     */
    public int[] tokensOverlapping(int charStart, int charEnd) {
        return java.util.stream.IntStream.range(0, ids.length)
                .filter(i -> starts[i] >= 0 && starts[i] < charEnd && ends[i] > charStart)
                .toArray();
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(ids);
    }
}
