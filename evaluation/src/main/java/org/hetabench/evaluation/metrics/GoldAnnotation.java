package org.hetabench.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Annotated important tokens of one instance (spec §5).
 *
 * @param gold gold token positions G
 * @param goldSpans annotated spans as half-open {@code [start, end)} token ranges; null = maximal runs of G
 * @param paragraph positions eligible under {@code f1.eligible = PARAGRAPH}; null if not known
 * @param words token positions of each word (for {@code f1.level = WORD}); null if not known
 * @param goldWords indices into {@code words} of the gold words (for {@code f1.level = WORD})
 */
public record GoldAnnotation(int[] gold, List<int[]> goldSpans, int[] paragraph, int[][] words, int[] goldWords) {

    /** Gold positions only. */
    public static GoldAnnotation ofPositions(int... gold) {
        return new GoldAnnotation(gold.clone(), null, null, null, null);
    }

    /** Gold spans (half-open token ranges); the gold positions are their union. */
    public static GoldAnnotation ofSpans(List<int[]> spans) {
        List<Integer> g = new ArrayList<>();
        for (int[] s : spans) {
            for (int i = s[0]; i < s[1]; i++) {
                g.add(i);
            }
        }
        return new GoldAnnotation(g.stream().mapToInt(Integer::intValue).sorted().distinct().toArray(),
                List.copyOf(spans), null, null, null);
    }

    /** Spans: the annotated ones, or the maximal runs of consecutive gold positions. */
    public List<int[]> spans() {
        return goldSpans != null ? goldSpans : runs(gold);
    }

    /** Maximal runs of consecutive positions, as half-open ranges. */
    public static List<int[]> runs(int[] positions) {
        int[] p = Arrays.stream(positions).sorted().distinct().toArray();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < p.length; ) {
            int j = i;
            while (j + 1 < p.length && p[j + 1] == p[j] + 1) {
                j++;
            }
            out.add(new int[] {p[i], p[j] + 1});
            i = j + 1;
        }
        return out;
    }
}
