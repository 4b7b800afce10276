package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Active/passive sentence pairs for the Active/Passive robustness metric (metrics.md §6.2), read from
 * {@code data-manifests/active-passive-pairs.jsonl}. The 110 pairs were written for this project (simple
 * story-book sentences that a small TinyStories model can read). Each pair carries its word alignment:
 * the content words present in both sentences (determiners, prepositions, the passive auxiliary and the
 * agent marker "by" excluded), each with its character start in both sentences; the main verb is aligned
 * with its participle ({@code ate ↔ eaten}). The loader checks that every aligned word is where the file
 * says it is and that each pair has at least 3 aligned words (the metric's minimum).
 */
public final class ActivePassivePairs {
    private ActivePassivePairs() {}

    /** File name inside the manifest directory. */
    public static final String FILE_NAME = "active-passive-pairs.jsonl";

    /**
     * One aligned word.
     *
     * @param active the word in the active sentence
     * @param activeStart its character start there
     * @param passive the word in the passive sentence (the participle for the main verb)
     * @param passiveStart its character start there
     */
    public record AlignedWord(String active, int activeStart, String passive, int passiveStart) {
        public int activeEnd() {
            return activeStart + active.length();
        }

        public int passiveEnd() {
            return passiveStart + passive.length();
        }
    }

    /**
     * One pair.
     *
     * @param id stable id ({@code ap-001} …)
     * @param active the active sentence
     * @param passive its passive rephrasing
     * @param aligned aligned words in active-sentence order
     */
    public record Pair(String id, String active, String passive, List<AlignedWord> aligned) {
        public Pair {
            aligned = List.copyOf(aligned);
        }
    }

    /** Reads and validates the pairs; any defect is an error naming the line. */
    public static List<Pair> load(Path file) {
        List<Pair> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            String where = file + ":" + line.number();
            if (line.node() == null) {
                throw new IllegalArgumentException(where + " is not valid JSON: " + line.error());
            }
            JsonNode n = line.node();
            String id = JsonLines.text(n, "id");
            String active = JsonLines.text(n, "active");
            String passive = JsonLines.text(n, "passive");
            if (id == null || active == null || passive == null || !n.path("aligned").isArray()) {
                throw new IllegalArgumentException(where + " needs id, active, passive and aligned[]");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": duplicate id '" + id + "'");
            }
            List<AlignedWord> al = new ArrayList<>();
            for (JsonNode a : n.get("aligned")) {
                AlignedWord w = new AlignedWord(a.path("active").asText(), a.path("activeStart").asInt(-1),
                        a.path("passive").asText(), a.path("passiveStart").asInt(-1));
                if (w.activeStart() < 0 || !active.startsWith(w.active(), w.activeStart()) || w.active().isEmpty()
                        || w.passiveStart() < 0 || !passive.startsWith(w.passive(), w.passiveStart()) || w.passive().isEmpty()) {
                    throw new IllegalArgumentException(where + " (" + id + "): aligned word " + w
                            + " is not at the stated offsets; fix activeStart/passiveStart");
                }
                al.add(w);
            }
            if (al.size() < 3) {
                throw new IllegalArgumentException(where + " (" + id + "): " + al.size()
                        + " aligned words; the robustness metric needs at least 3");
            }
            out.add(new Pair(id, active, passive, al));
        }
        return out;
    }
}
