package org.hetabench.jobs.analysis;

import java.util.Locale;
import org.hetabench.evaluation.stats.SeedSummary;

/** How a number's spread over seeds is shown ({@code --seeds-agg}). */
public enum SeedFormat {
    /** {@code mean ± sample std (n=seeds)}, metrics.md §11.3. */
    MEAN_STD("mean-std"),
    /** {@code mean [min, max] (n=seeds)}: three seeds give only a rough std. */
    MEAN_MIN_MAX("mean-min-max");

    private final String label;

    SeedFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses {@code mean-std} or {@code mean-min-max}. */
    public static SeedFormat of(String s) {
        for (SeedFormat f : values()) {
            if (f.label.equalsIgnoreCase(s) || f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--seeds-agg must be mean-std or mean-min-max, got '" + s + "'");
    }

    /** The cell text, e.g. {@code 1.687 ± 0.061 (n=3)}. */
    public String format(SeedSummary s, int decimals) {
        if (s.n() == 0) {
            return "undefined";
        }
        String f = "%." + decimals + "f";
        if (this == MEAN_MIN_MAX) {
            return String.format(Locale.ROOT, f + " [" + f + ", " + f + "] (n=%d)", s.mean(), s.min(), s.max(), s.n());
        }
        String sd = s.n() < 2 ? "n/a" : String.format(Locale.ROOT, f, s.std());
        return String.format(Locale.ROOT, f + " ± %s (n=%d)", s.mean(), sd, s.n());
    }

    /** A paper value as printed (no invented digits). */
    public static String paper(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
