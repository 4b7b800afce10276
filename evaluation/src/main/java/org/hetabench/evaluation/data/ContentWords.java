package org.hetabench.evaluation.data;

import java.util.Locale;
import java.util.Set;

/**
 * Content-word test and a light normaliser (lower case, possessive and plural suffixes stripped) used to
 * match question words against support words. No lemmatiser: "grows"/"growing" do not match, which is
 * one of the documented limits of the automatic annotation (docs/datasets.md).
 */
final class ContentWords {
    private ContentWords() {}

    static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "of", "in", "on", "at", "to", "for", "from", "by",
            "with", "without", "about", "as", "into", "onto", "over", "under", "between", "through", "during", "before",
            "after", "above", "below", "up", "down", "out", "off", "than", "then", "there", "here", "this", "that",
            "these", "those", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing",
            "have", "has", "had", "having", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
            "it", "its", "it's", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers", "we", "us",
            "our", "you", "your", "i", "me", "my", "what", "which", "who", "whom", "whose", "when", "where", "why",
            "how", "not", "no", "yes", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such",
            "only", "own", "same", "too", "very", "also", "just", "if", "because", "while", "until", "again", "once",
            "called", "known", "term", "type", "kind", "one", "two", "many", "much", "often", "usually",
            "get", "gets", "got", "make", "makes", "made", "refer", "refers", "referred", "name", "named", "use", "used", "uses", "example", "following");

    /** True for a word that carries content (not a stop word, at least 3 characters, not a number). */
    static boolean isContent(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.length() >= 3 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit);
    }

    /** Lower case; strips a possessive {@code 's} and a regular plural. */
    static String normalize(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s") || w.endsWith("’s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
