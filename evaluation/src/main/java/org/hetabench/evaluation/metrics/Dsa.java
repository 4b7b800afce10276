package org.hetabench.evaluation.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dependent Sentence Attribution (spec §4): on the curated NarrativeQA ⊕ SciQ set, the normalised attribution
 * mass on the evidence minus the mass on the distractor paragraph. Pramanik, Maliha, Bastian &amp; Jha,
 * "Hessian-Enhanced Token Attribution (HETA)", ICLR 2026 (arXiv 2604.13258), HETA release {@code heta/metrics.py}
 * class {@code DSA}, with the spec's corrections (paragraph normalisation, evidence words, character offsets).
 *
 * <p>{@code DSA_mass = Σ_{j∈S} â_j − Σ_{j∈N} â_j} with {@code â_j = w_j / Σ_{k∈P} w_k}; reported at the scale
 * of {@code dsa.reportScale}. No forward passes.
 */
public final class Dsa implements Metric {

    /** Normalisation set. */
    public enum NormalizeOver { PARAGRAPH, ALL_CONTEXT }

    /** Relevant set S. */
    public enum RelevantSet { EVIDENCE_WORDS, WHOLE_SUPPORT_SEGMENT }

    /** How negative scores enter. */
    public enum NegativeHandling { ABS, CLIP_ZERO, SIGNED }

    /** Reported scale (§4.5). */
    public enum ReportScale {
        MASS, MASS_X10, PERCENT, DENSITY_LIFT;

        /** The largest value for a paragraph of {@code nP} tokens with {@code nS} evidence tokens. */
        public double maximum(int nP, int nS) {
            switch (this) {
                case MASS:
                    return 1;
                case MASS_X10:
                    return 10;
                case PERCENT:
                    return 100;
                default:
                    return (double) nP / nS;
            }
        }
    }

    private final NormalizeOver normalizeOver;
    private final RelevantSet relevantSet;
    private final NegativeHandling negatives;
    private final ReportScale scale;
    private final MetricInfo info;

    public Dsa(MetricConfig config) {
        this.normalizeOver = config.choice("dsa.normalizeOver", NormalizeOver.class);
        this.relevantSet = config.choice("dsa.relevantSet", RelevantSet.class);
        this.negatives = config.choice("dsa.negativeHandling", NegativeHandling.class);
        this.scale = config.choice("dsa.reportScale", ReportScale.class);
        double max = scale == ReportScale.DENSITY_LIFT ? Double.POSITIVE_INFINITY : scale.maximum(1, 1);
        double min = scale == ReportScale.DENSITY_LIFT ? Double.NEGATIVE_INFINITY : -max;
        String unit = switch (scale) {
            case MASS -> "mass";
            case MASS_X10 -> "mass x10";
            case PERCENT -> "percentage points";
            case DENSITY_LIFT -> "lift over uniform";
        };
        info = new MetricInfo("dsa", "DSA (" + unit + ")", MetricInfo.Family.PLAUSIBILITY,
                MetricInfo.Direction.HIGHER_IS_BETTER, min, max, max, MetricInfo.Aggregation.MEAN, unit,
                MetricInfo.Provenance.CODE, "4", config.subset("dsa.normalizeOver", "dsa.relevantSet",
                "dsa.negativeHandling", "dsa.reportScale"));
    }

    @Override
    public MetricInfo info() {
        return info;
    }

    @Override
    public java.util.Set<Requirement> requires() {
        return java.util.Set.of(Requirement.EVIDENCE);
    }

    @Override
    public MetricValue compute(MetricContext ctx) {
        checkRequirements(ctx);
        EvidenceAnnotation ev = ctx.evidence();
        int[] s = relevantSet == RelevantSet.EVIDENCE_WORDS ? ev.evidence() : ev.support();
        if (s.length == 0) {
            throw ctx.fail(info.name(), "the evidence set is empty (" + (relevantSet == RelevantSet.EVIDENCE_WORDS
                    ? "no annotated evidence word maps to a context token" : "the support segment has no tokens")
                    + "); DSA needs at least one evidence token");
        }
        int[] norm = normalizeOver == NormalizeOver.PARAGRAPH ? ev.paragraph()
                : java.util.stream.IntStream.range(0, ctx.length()).toArray();
        if (scale == ReportScale.DENSITY_LIFT && ev.distractor().length == 0) {
            throw ctx.fail(info.name(), "the distractor segment is empty; DENSITY_LIFT divides by its size");
        }
        double[] w = weights(ctx.scores(), negatives);
        Result r = compute(w, norm, ev.distractor(), s);
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("evidenceMass", r.evidenceMass);
        c.put("distractorMass", r.distractorMass);
        c.put("mass", r.evidenceMass - r.distractorMass);
        Map<String, String> notes = new LinkedHashMap<>();
        if (r.zeroSum) {
            notes.put("zeroAttribution", "attribution sums to 0 over the normalisation set; DSA = 0 (as R3)");
        }
        return new MetricValue(scaled(r, norm.length, ev.distractor().length, s.length, scale), Double.NaN, c, notes);
    }

    /** Evidence and distractor mass of one instance. */
    public record Result(double evidenceMass, double distractorMass, boolean zeroSum) {}

    /** Weights {@code w_j} from raw scores. */
    public static double[] weights(double[] a, NegativeHandling h) {
        double[] w = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            w[i] = switch (h) {
                case ABS -> Math.abs(a[i]);
                case CLIP_ZERO -> Math.max(0, a[i]);
                case SIGNED -> a[i];
            };
        }
        return w;
    }

    /** Masses of {@code relevant} and {@code distractor} after normalising {@code w} over {@code norm}. */
    public static Result compute(double[] w, int[] norm, int[] distractor, int[] relevant) {
        double z = 0;
        for (int j : norm) {
            z += w[j];
        }
        if (z == 0) {
            return new Result(0, 0, true);
        }
        double se = 0;
        double sn = 0;
        for (int j : relevant) {
            se += w[j] / z;
        }
        for (int j : distractor) {
            sn += w[j] / z;
        }
        return new Result(se, sn, false);
    }

    /** The reported number at {@code scale} (§4.5). */
    public static double scaled(Result r, int nP, int nN, int nS, ReportScale scale) {
        double mass = r.evidenceMass - r.distractorMass;
        return switch (scale) {
            case MASS -> mass;
            case MASS_X10 -> 10 * mass;
            case PERCENT -> 100 * mass;
            case DENSITY_LIFT -> r.zeroSum ? 0 : nP * (r.evidenceMass / nS - r.distractorMass / nN);
        };
    }
}
