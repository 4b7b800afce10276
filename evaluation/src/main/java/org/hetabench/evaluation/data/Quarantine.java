package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows that a loader could not turn into instances, each with the reason. Nothing is dropped
 * silently: every skipped source row lands here and the counts appear in the catalog.
 */
public final class Quarantine {

    /**
     * One rejected row.
     *
     * @param dataset dataset name
     * @param source where the row came from (file and record index or line)
     * @param reason a short, stable reason code (counted) such as {@code answer-not-in-support}
     * @param detail a human-readable explanation
     */
    public record Entry(String dataset, String source, String reason, String detail) {}

    private final List<Entry> entries = new ArrayList<>();

    public void add(String dataset, String source, String reason, String detail) {
        entries.add(new Entry(dataset, source, reason, detail));
    }

    public void addAll(Quarantine other) {
        entries.addAll(other.entries);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public int size() {
        return entries.size();
    }

    /** Count per reason code, sorted by reason. */
    public Map<String, Integer> countsByReason() {
        TreeMap<String, Integer> m = new TreeMap<>();
        for (Entry e : entries) {
            m.merge(e.reason(), 1, Integer::sum);
        }
        return m;
    }
}
