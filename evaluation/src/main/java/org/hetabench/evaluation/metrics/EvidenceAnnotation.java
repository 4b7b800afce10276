package org.hetabench.evaluation.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.hetabench.core.tokenizer.Encoding;

/**
 * Token positions of a curated DSA instance (spec §4.2–4.3): the paragraph P (distractor ∪ support),
 * the distractor (narrative) segment N, the support segment, and the annotated evidence words S inside
 * the support segment. Positions come from character offsets: a token belongs to a segment or word if its
 * character span overlaps it.
 *
 * @param paragraph positions of P
 * @param distractor positions of N
 * @param support positions of the support (evidence) segment
 * @param evidence positions of the annotated evidence words
 */
public record EvidenceAnnotation(int[] paragraph, int[] distractor, int[] support, int[] evidence) {

    public EvidenceAnnotation {
        paragraph = paragraph.clone();
        distractor = distractor.clone();
        support = support.clone();
        evidence = evidence.clone();
    }

    /**
     * Builds the annotation from character offsets.
     *
     * @param enc the encoding of the full prompt text
     * @param text the full prompt text
     * @param narrative {@code [start, end)} characters of the narrative (distractor) segment
     * @param supportSpan {@code [start, end)} characters of the support segment
     * @param evidenceWords 0-based indices of whitespace-separated words inside the support segment
     */
    public static EvidenceAnnotation fromText(Encoding enc, String text, int[] narrative, int[] supportSpan,
                                              int[] evidenceWords) {
        int[] n = enc.tokensOverlapping(narrative[0], narrative[1]);
        int[] s = enc.tokensOverlapping(supportSpan[0], supportSpan[1]);
        List<int[]> words = words(text, supportSpan[0], supportSpan[1]);
        TreeSet<Integer> ev = new TreeSet<>();
        for (int w : evidenceWords) {
            if (w < 0 || w >= words.size()) {
                throw new IllegalArgumentException("evidence word index " + w + " is outside the support segment's "
                        + words.size() + " words");
            }
            for (int t : enc.tokensOverlapping(words.get(w)[0], words.get(w)[1])) {
                ev.add(t);
            }
        }
        TreeSet<Integer> p = new TreeSet<>();
        Arrays.stream(n).forEach(p::add);
        Arrays.stream(s).forEach(p::add);
        return new EvidenceAnnotation(p.stream().mapToInt(Integer::intValue).toArray(), n, s,
                ev.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code [start, end)} character spans of the whitespace-separated words of {@code text[from, to)}. */
    public static List<int[]> words(String text, int from, int to) {
        List<int[]> out = new java.util.ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > s) {
                out.add(new int[] {s, i});
            }
        }
        return out;
    }
}
