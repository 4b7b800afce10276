package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hetabench.core.tokenizer.Encoding;

/**
 * One evaluation instance of any dataset: the text, cut into role-labelled {@link Segment}s that tile
 * it, a {@link TargetSpec}, evidence annotations as character spans, and provenance metadata.
 *
 * <p>Character offsets are the tokenizer-independent truth. Token positions come from
 * {@code tokenizer.encode(text, addBos)}, whose {@link Encoding} carries each token's character span,
 * so the same instance serves every model.
 *
 * @param id stable id, unique within the dataset (never depends on sampling or seeds)
 * @param dataset dataset name as in the catalog, e.g. {@code longra/rebuilt}
 * @param text the full input text the model reads (the prompt; the target is not included)
 * @param segments role-labelled spans, contiguous and covering {@code text} exactly
 * @param target what to predict
 * @param evidence annotated evidence spans (possibly empty), sorted by start
 * @param metadata source record, license and dataset-specific fields (sorted by key)
 */
public record Instance(String id, String dataset, String text, List<Segment> segments, TargetSpec target,
        List<EvidenceSpan> evidence, SortedMap<String, String> metadata) {

    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(target, "target");
        segments = List.copyOf(segments);
        List<EvidenceSpan> ev = new ArrayList<>(evidence);
        ev.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));
        evidence = List.copyOf(ev);
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        int at = 0;
        for (Segment s : segments) {
            if (s.start() != at) {
                throw new IllegalArgumentException("Instance " + id + ": segments must tile the text; segment "
                        + s + " starts at " + s.start() + " but the previous one ended at " + at);
            }
            at = s.end();
        }
        if (at != text.length()) {
            throw new IllegalArgumentException("Instance " + id + ": segments end at " + at + " but the text has "
                    + text.length() + " characters");
        }
        for (EvidenceSpan e : evidence) {
            if (e.end() > text.length()) {
                throw new IllegalArgumentException("Instance " + id + ": evidence span " + e + " runs past the text ("
                        + text.length() + " characters)");
            }
        }
    }

    /** The text of one segment. */
    public String text(Segment s) {
        return text.substring(s.start(), s.end());
    }

    /** Segments with the given role, in order. */
    public List<Segment> segments(SegmentRole role) {
        return segments.stream().filter(s -> s.role() == role).toList();
    }

    /** The concatenated text of all segments with {@code role} (empty if none). */
    public String roleText(SegmentRole role) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments(role)) {
            sb.append(text(s));
        }
        return sb.toString();
    }

    /** Token positions (indices into {@code encoding}) that overlap any segment with one of the roles. */
    public int[] tokenPositions(Encoding encoding, SegmentRole... roles) {
        TreeSet<Integer> out = new TreeSet<>();
        for (Segment s : segments) {
            for (SegmentRole r : roles) {
                if (s.role() == r && s.length() > 0) {
                    for (int i : encoding.tokensOverlapping(s.start(), s.end())) {
                        out.add(i);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Token positions covered by the evidence spans, sorted and distinct. {@code encoding} must be the
     * encoding of {@link #text()} (with or without BOS).
     */
    public int[] evidenceTokens(Encoding encoding) {
        TreeSet<Integer> out = new TreeSet<>();
        for (EvidenceSpan e : evidence) {
            for (int i : encoding.tokensOverlapping(e.start(), e.end())) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Evidence spans as half-open token ranges {@code [first, last + 1)}, one per character span. */
    public List<int[]> evidenceTokenSpans(Encoding encoding) {
        List<int[]> out = new ArrayList<>();
        for (EvidenceSpan e : evidence) {
            int[] t = encoding.tokensOverlapping(e.start(), e.end());
            if (t.length > 0) {
                out.add(new int[] {t[0], t[t.length - 1] + 1});
            }
        }
        return out;
    }

    /** A copy with other evidence (e.g. from an external annotation file). */
    public Instance withEvidence(List<EvidenceSpan> newEvidence, Map<String, String> extraMetadata) {
        TreeMap<String, String> m = new TreeMap<>(metadata);
        m.putAll(extraMetadata);
        return new Instance(id, dataset, text, segments, target, newEvidence, m);
    }

    /** Builds the text segment by segment so that offsets are never computed by hand. */
    public static Builder builder(String id, String dataset) {
        return new Builder(id, dataset);
    }

    /** Incremental builder: {@link #append} segments, mark evidence, then {@link #build}. */
    public static final class Builder {
        private final String id;
        private final String dataset;
        private final StringBuilder text = new StringBuilder();
        private final List<Segment> segments = new ArrayList<>();
        private final List<EvidenceSpan> evidence = new ArrayList<>();
        private final TreeMap<String, String> metadata = new TreeMap<>();
        private TargetSpec target;

        private Builder(String id, String dataset) {
            this.id = id;
            this.dataset = dataset;
        }

        /** Appends {@code s} with {@code role} and returns the character offset where it starts. */
        public int append(SegmentRole role, String s) {
            int start = text.length();
            if (s.isEmpty()) {
                return start;
            }
            text.append(s);
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null && last.role() == role) {
                segments.set(segments.size() - 1, new Segment(role, last.start(), text.length()));
            } else {
                segments.add(new Segment(role, start, text.length()));
            }
            return start;
        }

        public int length() {
            return text.length();
        }

        public Builder evidence(int start, int end, String label) {
            evidence.add(new EvidenceSpan(start, end, label));
            return this;
        }

        public Builder target(TargetSpec t) {
            this.target = t;
            return this;
        }

        public Builder meta(String key, Object value) {
            if (value != null) {
                metadata.put(key, String.valueOf(value));
            }
            return this;
        }

        public Instance build() {
            return new Instance(id, dataset, text.toString(), segments, target, evidence, metadata);
        }
    }
}
