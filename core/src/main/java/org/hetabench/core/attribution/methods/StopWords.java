package org.hetabench.core.attribution.methods;

import java.util.Set;

/**
 * An English stop-word list (our own list of function words, lower case, playing the role of NLTK's
 * English list for SEA-CoT's overlap; methods.md Appendix E). Membership is case-sensitive, as in the
 * reference, which compares raw whitespace pieces against NLTK's lower-case list.
 */
final class StopWords {
    private StopWords() {}

    static final Set<String> ENGLISH = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
            "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
            "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
            "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
            "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
            "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t",
            "don", "didn", "doesn", "isn", "wasn", "weren", "won", "wouldn", "shouldn", "couldn", "hasn", "haven",
            "hadn", "aren", "ain", "ll", "re", "ve", "d", "m", "o", "y", "ma", "mightn", "mustn", "needn", "shan");
}
