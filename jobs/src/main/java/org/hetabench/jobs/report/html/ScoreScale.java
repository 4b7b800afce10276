package org.hetabench.jobs.report.html;

import java.util.List;
import java.util.Locale;

/**
 * Colour scale of one heatmap row, in the style of the HETA paper's Figures 4–6: scores are normalised
 * per row by the largest magnitude, so the strongest token is fully saturated whatever the method's
 * units. Signed scores use a diverging blue–white–red scale (negative blue, positive red, zero white);
 * non-negative scores use white to red. Non-finite scores are grey and excluded from the maximum.
 *
 * @param diverging whether the scale runs from −1 (blue) through 0 (white) to +1 (red)
 * @param maxAbs the normaliser: largest finite |score| of the row (0 when every score is 0 or non-finite)
 * @param basis how the normaliser was chosen, for the legend
 * @param gamma colour intensity is {@code |normalised|^gamma}: 1 is linear; 0.5 (square root) lets the
 *     many small scores of a heavy-tailed row show while keeping order and sign
 */
public record ScoreScale(boolean diverging, double maxAbs, String basis, double gamma) {

    /** A scale normalised by the row's largest |score| (basis {@code "max |score|"}), linear colours. */
    public ScoreScale(boolean diverging, double maxAbs) {
        this(diverging, maxAbs, "max |score|", 1);
    }

    public ScoreScale(boolean diverging, double maxAbs, String basis) {
        this(diverging, maxAbs, basis, 1);
    }

    /**
     * How a row's normaliser is chosen: {@code robust} clips at the {@code percentile}-th percentile of |score|
     * (tokens above are drawn saturated and marked clipped), {@code max} divides by the largest |score|.
     * {@code excludeBos} / {@code excludeLast} leave position 0 / the last context position (the one before the
     * target) out of the normaliser's computation; they are still drawn.
     */
    public record Rule(boolean robust, double percentile, boolean excludeBos, boolean excludeLast, double gamma) {
        public Rule {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
            }
        }

        /** A rule with linear colours. */
        public Rule(boolean robust, double percentile, boolean excludeBos, boolean excludeLast) {
            this(robust, percentile, excludeBos, excludeLast, 1);
        }

        /** Default: robust, 98th percentile, square-root colour intensity, nothing excluded. */
        public static Rule defaults() {
            return new Rule(true, 98, false, false, 0.5);
        }

        /** Today's behaviour: divide by max |score|. */
        public static Rule max() {
            return new Rule(false, 100, false, false);
        }

        /**
         * Parses {@code --scale} ({@code robust}: 98th percentile and square-root intensity; {@code linear}:
         * 98th percentile, linear; {@code max}: largest |score|, linear) and {@code --scale-exclude} (comma
         * separated, {@code bos}, {@code last}; null or empty for none).
         */
        public static Rule parse(String scale, String exclude) {
            boolean robust;
            double gamma;
            switch (scale == null ? "robust" : scale.trim().toLowerCase(Locale.ROOT)) {
                case "robust", "" -> {
                    robust = true;
                    gamma = 0.5;
                }
                case "linear", "p98" -> {
                    robust = true;
                    gamma = 1;
                }
                case "max" -> {
                    robust = false;
                    gamma = 1;
                }
                default -> throw new IllegalArgumentException("--scale must be robust, linear or max, got " + scale
                        + org.hetabench.core.util.Suggestions.didYouMean(scale, List.of("robust", "linear", "max")));
            }
            boolean bos = false;
            boolean last = false;
            if (exclude != null) {
                for (String part : exclude.split(",")) {
                    switch (part.trim().toLowerCase(Locale.ROOT)) {
                        case "bos" -> bos = true;
                        case "last" -> last = true;
                        case "" -> { }
                        default -> throw new IllegalArgumentException("--scale-exclude takes bos,last, got " + part);
                    }
                }
            }
            return new Rule(robust, robust ? 98 : 100, bos, last, gamma);
        }

        /** Human-readable description for legends. */
        public String describe() {
            String what = robust ? String.format(Locale.ROOT, "%s percentile of |score|", ordinal(percentile))
                    : "max |score|";
            if (excludeBos || excludeLast) {
                what += " (excluding " + (excludeBos ? "BOS" : "") + (excludeBos && excludeLast ? " and " : "")
                        + (excludeLast ? "last position" : "") + ")";
            }
            if (gamma != 1) {
                what += gamma == 0.5 ? ", colour intensity √(|score| / scale)"
                        : String.format(Locale.ROOT, ", colour intensity (|score| / scale)^%.3g", gamma);
            }
            return what;
        }

        private static String ordinal(double p) {
            if (p != Math.rint(p)) {
                return String.format(Locale.ROOT, "%.3g-th", p);
            }
            long n = (long) p;
            String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                    : switch ((int) (n % 10)) { case 1 -> "st"; case 2 -> "nd"; case 3 -> "rd"; default -> "th"; };
            return n + suffix;
        }
    }

    /** Red end (positive), blue end (negative), as RGB. */
    static final int[] RED = {178, 24, 43};
    static final int[] BLUE = {33, 102, 172};
    static final int[] WHITE = {255, 255, 255};
    /** Colour of a non-finite score. */
    public static final String MISSING = "#bdbdbd";

    /**
     * The scale of a row: diverging when the score type is {@code SIGNED} or any score is negative (so a
     * mislabelled row is still drawn honestly).
     */
    public static ScoreScale of(double[] scores, String scoreType) {
        double max = 0;
        boolean negative = false;
        for (double s : scores) {
            if (Double.isFinite(s)) {
                max = Math.max(max, Math.abs(s));
                negative |= s < 0;
            }
        }
        return new ScoreScale("SIGNED".equalsIgnoreCase(scoreType) || negative, max);
    }

    /**
     * The scale of a row under a rule. Robust: the normaliser is the rule's percentile (linear interpolation)
     * of the finite |score| over the included positions, falling back to their maximum when that percentile is
     * 0; if no position is included, every position is used.
     */
    public static ScoreScale of(double[] scores, String scoreType, Rule rule) {
        boolean diverging = of(scores, scoreType).diverging();
        int n = scores.length;
        double[] abs = new double[n];
        int k = 0;
        for (int pass = 0; pass < 2 && k == 0; pass++) {
            for (int i = 0; i < n; i++) {
                boolean excluded = pass == 0 && ((rule.excludeBos() && i == 0) || (rule.excludeLast() && i == n - 1));
                if (!excluded && Double.isFinite(scores[i])) {
                    abs[k++] = Math.abs(scores[i]);
                }
            }
        }
        if (k == 0) {
            return new ScoreScale(diverging, 0, rule.describe(), rule.gamma());
        }
        double[] a = java.util.Arrays.copyOf(abs, k);
        java.util.Arrays.sort(a);
        double max = a[k - 1];
        double norm = max;
        if (rule.robust()) {
            double rank = rule.percentile() / 100.0 * (k - 1);
            int lo = (int) Math.floor(rank);
            int hi = Math.min(k - 1, lo + 1);
            double p = a[lo] + (a[hi] - a[lo]) * (rank - lo);
            norm = p > 0 ? p : max;
        }
        return new ScoreScale(diverging, norm, rule.describe(), rule.gamma());
    }

    /** Whether a raw score lies beyond the normaliser (drawn saturated, marked clipped). */
    public boolean clipped(double s) {
        return Double.isFinite(s) && maxAbs > 0 && Math.abs(s) > maxAbs * (1 + 1e-12);
    }

    /** The normalised score in [−1, 1] (diverging) or [0, 1]; NaN for a non-finite score; 0 when the row is all zero. */
    public double normalise(double s) {
        if (!Double.isFinite(s)) {
            return Double.NaN;
        }
        return maxAbs == 0 ? 0 : s / maxAbs;
    }

    /** Background colour {@code #rrggbb} of a normalised value. */
    public String colour(double normalised) {
        if (Double.isNaN(normalised)) {
            return MISSING;
        }
        double t = Math.max(-1, Math.min(1, normalised));
        int[] end = t >= 0 ? RED : BLUE;
        double a = gamma == 1 ? Math.abs(t) : Math.pow(Math.abs(t), gamma);
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(WHITE[0], end[0], a), mix(WHITE[1], end[1], a),
                mix(WHITE[2], end[2], a));
    }

    /** Whether text on this background should be white for contrast. */
    public boolean darkBackground(double normalised) {
        return !Double.isNaN(normalised) && Math.pow(Math.min(1, Math.abs(normalised)), gamma) > 0.6;
    }

    private static int mix(int from, int to, double a) {
        return (int) Math.round(from + (to - from) * a);
    }
}
