package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Word-level text matching shared by the loaders: words, word-boundary occurrences, sentences. */
final class TextMatch {
    private TextMatch() {}

    /** A word: letters and digits, with inner apostrophes or hyphens. */
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");

    /** Half-open character spans of the words of {@code s}. */
    static List<int[]> words(String s) {
        List<int[]> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    /**
     * Case-insensitive occurrences of {@code phrase} in {@code s} that start and end on word boundaries
     * (the characters around the match are not letters or digits).
     */
    static List<int[]> wordOccurrences(String s, String phrase) {
        List<int[]> out = new ArrayList<>();
        if (phrase.isEmpty()) {
            return out;
        }
        String ls = s.toLowerCase(Locale.ROOT);
        String lp = phrase.toLowerCase(Locale.ROOT);
        if (ls.length() != s.length() || lp.length() != phrase.length()) {
            // Lower-casing changed lengths (rare characters): fall back to a regex on the original text.
            Matcher m = Pattern.compile(Pattern.quote(phrase), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(s);
            while (m.find()) {
                if (boundary(s, m.start() - 1) && boundary(s, m.end())) {
                    out.add(new int[] {m.start(), m.end()});
                }
            }
            return out;
        }
        int from = 0;
        while (true) {
            int k = ls.indexOf(lp, from);
            if (k < 0) {
                break;
            }
            if (boundary(s, k - 1) && boundary(s, k + lp.length())) {
                out.add(new int[] {k, k + lp.length()});
            }
            from = k + 1;
        }
        return out;
    }

    private static boolean boundary(String s, int i) {
        return i < 0 || i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
    }

    /**
     * Sentence spans: a sentence ends after {@code . ! ?} (plus closing quotes/brackets) followed by
     * whitespace, or at a newline. Spans exclude the whitespace between sentences.
     */
    static List<int[]> sentences(String s) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean end = false;
            int stop = i + 1;
            if (c == '\n') {
                end = true;
                stop = i;
            } else if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < n && "\"'”’)]".indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= n || Character.isWhitespace(s.charAt(j))) {
                    end = true;
                    stop = j;
                    i = j - 1;
                }
            }
            if (end) {
                addTrimmed(s, start, stop, out);
                start = stop;
            }
        }
        addTrimmed(s, start, n, out);
        return out;
    }

    private static void addTrimmed(String s, int a, int b, List<int[]> out) {
        while (a < b && Character.isWhitespace(s.charAt(a))) {
            a++;
        }
        while (b > a && Character.isWhitespace(s.charAt(b - 1))) {
            b--;
        }
        if (b > a) {
            out.add(new int[] {a, b});
        }
    }
}
