package org.hetabench.core.attribution.methods;

import java.util.Locale;

/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980), written
 * from the published algorithm: steps 1a–5b with the measure {@code m} of {@code [C](VC)^m[V]}. NLTK's
 * default mode adds a few extensions; this is the original algorithm (recorded by SEA-CoT's notes).
 */
public final class PorterStemmer {
    private PorterStemmer() {}

    private static final String[][] STEP2 = {
        {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
        {"abli", "able"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"},
        {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"},
        {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}};
    private static final String[][] STEP3 = {
        {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""}};
    private static final String[] STEP4 = {
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize"};

    /** The stem of {@code word} (lower-cased first). Words of up to two letters are returned unchanged. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 2) {
            return w;
        }
        w = step1a(w);
        w = step1b(w);
        w = step1c(w);
        w = longest(w, STEP2, 0);
        w = longest(w, STEP3, 0);
        w = step4(w);
        w = step5(w);
        return w;
    }

    private static boolean cons(String w, int i) {
        char c = w.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !cons(w, i - 1);
        }
        return true;
    }

    /** m of {@code [C](VC)^m[V]}. */
    static int measure(String s) {
        int n = 0;
        int i = 0;
        int len = s.length();
        while (i < len && cons(s, i)) {
            i++;
        }
        while (i < len) {
            while (i < len && !cons(s, i)) {
                i++;
            }
            if (i >= len) {
                break;
            }
            while (i < len && cons(s, i)) {
                i++;
            }
            n++;
        }
        return n;
    }

    private static boolean vowelIn(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!cons(s, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean doubleCons(String s) {
        int l = s.length();
        return l >= 2 && s.charAt(l - 1) == s.charAt(l - 2) && cons(s, l - 1);
    }

    /** *o: the stem ends cvc, the last c not w, x or y. */
    private static boolean cvc(String s) {
        int l = s.length();
        if (l < 3 || !cons(s, l - 3) || cons(s, l - 2) || !cons(s, l - 1)) {
            return false;
        }
        char c = s.charAt(l - 1);
        return c != 'w' && c != 'x' && c != 'y';
    }

    private static String cut(String w, String suffix) {
        return w.substring(0, w.length() - suffix.length());
    }

    private static String step1a(String w) {
        if (w.endsWith("sses")) {
            return cut(w, "es");
        }
        if (w.endsWith("ies")) {
            return cut(w, "es");
        }
        if (w.endsWith("ss")) {
            return w;
        }
        if (w.endsWith("s")) {
            return cut(w, "s");
        }
        return w;
    }

    private static String step1b(String w) {
        if (w.endsWith("eed")) {
            return measure(cut(w, "eed")) > 0 ? cut(w, "d") : w;
        }
        String stem = null;
        if (w.endsWith("ed") && vowelIn(cut(w, "ed"))) {
            stem = cut(w, "ed");
        } else if (w.endsWith("ing") && vowelIn(cut(w, "ing"))) {
            stem = cut(w, "ing");
        }
        if (stem == null) {
            return w;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        if (doubleCons(stem)) {
            char c = stem.charAt(stem.length() - 1);
            return c == 'l' || c == 's' || c == 'z' ? stem : stem.substring(0, stem.length() - 1);
        }
        if (measure(stem) == 1 && cvc(stem)) {
            return stem + "e";
        }
        return stem;
    }

    private static String step1c(String w) {
        if (w.endsWith("y") && vowelIn(cut(w, "y"))) {
            return cut(w, "y") + "i";
        }
        return w;
    }

    /** Applies the rule with the longest matching suffix if the stem's measure exceeds {@code minM}. */
    private static String longest(String w, String[][] rules, int minM) {
        String[] best = null;
        for (String[] r : rules) {
            if (w.endsWith(r[0]) && (best == null || r[0].length() > best[0].length())) {
                best = r;
            }
        }
        if (best == null) {
            return w;
        }
        String stem = cut(w, best[0]);
        return measure(stem) > minM ? stem + best[1] : w;
    }

    private static String step4(String w) {
        String best = null;
        for (String s : STEP4) {
            if (w.endsWith(s) && (best == null || s.length() > best.length())) {
                best = s;
            }
        }
        if (best == null) {
            return w;
        }
        String stem = cut(w, best);
        if (measure(stem) <= 1) {
            return w;
        }
        if (best.equals("ion")) {
            return stem.endsWith("s") || stem.endsWith("t") ? stem : w;
        }
        return stem;
    }

    private static String step5(String w) {
        if (w.endsWith("e")) {
            String stem = cut(w, "e");
            int m = measure(stem);
            if (m > 1 || (m == 1 && !cvc(stem))) {
                w = stem;
            }
        }
        if (measure(w) > 1 && doubleCons(w) && w.endsWith("l")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }
}
