package org.hetabench.jobs.report.html;

import java.util.Locale;

/**
 * Colour scale of one heatmap row, in the style of the HETA paper's Figures 4–6: scores are normalised
 * per row by the largest magnitude, so the strongest token is fully saturated whatever the method's
 * units. Signed scores use a diverging blue–white–red scale (negative blue, positive red, zero white);
 * non-negative scores use white to red. Non-finite scores are grey and excluded from the maximum.
 *
 * @param diverging whether the scale runs from −1 (blue) through 0 (white) to +1 (red)
 * @param maxAbs the normaliser: largest finite |score| of the row (0 when every score is 0 or non-finite)
 */
public record ScoreScale(boolean diverging, double maxAbs) {

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
        double a = Math.abs(t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(WHITE[0], end[0], a), mix(WHITE[1], end[1], a),
                mix(WHITE[2], end[2], a));
    }

    /** Whether text on this background should be white for contrast. */
    public boolean darkBackground(double normalised) {
        return !Double.isNaN(normalised) && Math.abs(normalised) > 0.6;
    }

    private static int mix(int from, int to, double a) {
        return (int) Math.round(from + (to - from) * a);
    }
}
