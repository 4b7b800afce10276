package org.hetabench.core.attribution.methods;

import java.text.BreakIterator;
import java.util.Arrays;
import java.util.Locale;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * The decoded text of a token sequence with each token's character span, obtained by decoding
 * growing prefixes (so the spans follow the tokenizer's own spacing rules), plus sentence and word
 * segmentation over that text. Sentences use {@link BreakIterator} per line, a stand-in for NLTK
 * punkt (methods.md §3.1 deviation: boundaries differ on abbreviations).
 *
 * @param text the decoded text
 * @param starts start character of each token (tokens that decode to nothing get an empty span)
 * @param ends end character of each token, exclusive
 */
record TokenText(String text, int[] starts, int[] ends) {

    static TokenText of(Tokenizer tok, int[] ids) {
        int n = ids.length;
        int[] s = new int[n];
        int[] e = new int[n];
        int prev = 0;
        String text = "";
        for (int i = 0; i < n; i++) {
            text = tok.decode(Arrays.copyOf(ids, i + 1));
            // decoding is prefix-stable for the supported tokenizers; clamp if a tokenizer rewrites earlier text
            int end = Math.max(prev, text.length());
            s[i] = Math.min(prev, end);
            e[i] = end;
            prev = end;
        }
        return new TokenText(text, s, e);
    }

    /** Sentence index of every token (a token belongs to the sentence holding its first visible character). */
    int[] sentenceOfToken() {
        int len = text.length();
        boolean[] opens = new boolean[len + 1];
        int lineStart = 0;
        for (String line : text.split("\n", -1)) {
            BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
            it.setText(line);
            for (int b = it.first(); b != BreakIterator.DONE; b = it.next()) {
                if (b < line.length()) {
                    opens[lineStart + b] = true;
                }
            }
            lineStart += line.length() + 1;
        }
        int[] sentenceAt = new int[Math.max(1, len)];
        int cur = -1;
        for (int c = 0; c < len; c++) {
            if (opens[c] || cur < 0) {
                cur++;
            }
            sentenceAt[c] = cur;
        }
        int[] out = new int[starts.length];
        for (int i = 0; i < out.length; i++) {
            int c = starts[i];
            while (c < ends[i] - 1 && Character.isWhitespace(text.charAt(c))) {
                c++;
            }
            out[i] = len == 0 ? 0 : sentenceAt[Math.min(c, len - 1)];
        }
        return out;
    }
}
