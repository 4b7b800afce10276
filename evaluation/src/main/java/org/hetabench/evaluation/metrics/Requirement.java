package org.hetabench.evaluation.metrics;

/** Inputs beyond (model, context, target, scores) that some metrics need. */
public enum Requirement {
    /** Paragraph / distractor / evidence token positions ({@link EvidenceAnnotation}): DSA. */
    EVIDENCE("evidence segments (MetricContext.Builder.evidence: paragraph, distractor and evidence positions)"),
    /** Gold important positions ({@link GoldAnnotation}): F1, Span-F1. */
    GOLD("gold important tokens or spans (MetricContext.Builder.gold)"),
    /** The passive counterpart of an active sentence ({@link AlignedPair}): active/passive robustness. */
    ALIGNED_PAIR("an active/passive pair with aligned words (MetricContext.Builder.alignedPair)"),
    /** A function that re-runs the attribution on perturbed embeddings ({@link Reattributor}): sensitivity. */
    REATTRIBUTION("a re-attribution function on noisy embeddings (MetricContext.Builder.reattributor)");

    private final String description;

    Requirement(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
