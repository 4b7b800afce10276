package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hetabench.core.tokenizer.Encoding;

/**
 * An active sentence (the instance's context) and its passive rephrasing, with aligned content words
 * (spec §6.2). The instance's scores belong to the active sentence; {@code passiveScores} is the same
 * method's attribution of the passive sentence for the same target.
 *
 * @param passiveScores raw attribution of the passive context
 * @param activeWords token positions (in the active context) of each aligned word
 * @param passiveWords token positions (in the passive context) of the same words, same order
 * @param words the aligned words (lower case), for reports
 */
public record AlignedPair(double[] passiveScores, int[][] activeWords, int[][] passiveWords, List<String> words) {

    /** Passive auxiliaries, the agent marker and determiners, excluded from alignment (spec §6.2). */
    public static final Set<String> EXCLUDED = Set.of("be", "is", "was", "were", "been", "being", "am", "are", "by",
            "a", "an", "the", "this", "that", "these", "those");

    public AlignedPair {
        if (activeWords.length != passiveWords.length || words.size() != activeWords.length) {
            throw new IllegalArgumentException("aligned word lists differ in length: " + activeWords.length + ", "
                    + passiveWords.length + ", " + words.size());
        }
        words = List.copyOf(words);
    }

    /**
     * Aligns the content words of two sentences by exact lower-case match (no lemmatiser), repeated words
     * matched in order of occurrence.
     *
     * @param active the active text and {@code activeEnc} its encoding (the instance context)
     * @param passive the passive text and {@code passiveEnc} its encoding
     */
    public static AlignedPair align(String active, Encoding activeEnc, String passive, Encoding passiveEnc,
                                    double[] passiveScores) {
        List<int[]> aw = EvidenceAnnotation.words(active, 0, active.length());
        List<int[]> pw = EvidenceAnnotation.words(passive, 0, passive.length());
        boolean[] used = new boolean[pw.size()];
        List<int[]> a = new ArrayList<>();
        List<int[]> p = new ArrayList<>();
        List<String> w = new ArrayList<>();
        for (int[] span : aw) {
            String word = clean(active.substring(span[0], span[1]));
            if (word.isEmpty() || EXCLUDED.contains(word)) {
                continue;
            }
            for (int j = 0; j < pw.size(); j++) {
                int[] ps = pw.get(j);
                if (!used[j] && clean(passive.substring(ps[0], ps[1])).equals(word)) {
                    used[j] = true;
                    a.add(activeEnc.tokensOverlapping(span[0], span[1]));
                    p.add(passiveEnc.tokensOverlapping(ps[0], ps[1]));
                    w.add(word);
                    break;
                }
            }
        }
        return new AlignedPair(passiveScores, a.toArray(int[][]::new), p.toArray(int[][]::new), w);
    }

    private static String clean(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }
}
