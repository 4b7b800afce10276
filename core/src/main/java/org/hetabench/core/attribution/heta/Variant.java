package org.hetabench.core.attribution.heta;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HETA variant (heta.md §3), parsed from {@code heta.variant}:
 * <ul>
 *   <li>{@code full}: exact block-Hutchinson curvature on the token embeddings;</li>
 *   <li>{@code LS-k}: curvature of the last k layers (input = residual stream entering layer L−k), gate
 *       over the same k layers;</li>
 *   <li>{@code LR-r} (or {@code LR}, r = 64): a rank-r approximation of H from Gaussian probes, by the
 *       method {@code heta.lr.method} ({@link LowRankCurvature}: range finder by default, blockwise, Nyström);</li>
 *   <li>{@code WIN-W} (or {@code WIN}, W = 512): windows of W tokens, components averaged;</li>
 *   <li>{@code LR-r-WIN-W} (also written {@code LR+WIN}, {@code LR-r+WIN-W}): LR-r inside each window;</li>
 *   <li>{@code GS}: gradient-squared stand-in for S, no HVP;</li>
 *   <li>{@code LS-k+V} with V one of the LR/WIN forms above (e.g. {@code LS-6+LR-64+WIN-512}, the paper's
 *       Llama-3.1-70B recipe): the last-k-layer curvature and gate, combined with V.</li>
 * </ul>
 *
 * @param kind the family
 * @param layers k of LS-k (0 otherwise)
 * @param rank r of LR-r (0 otherwise)
 * @param window W of WIN-W (0 otherwise)
 */
public record Variant(Kind kind, int layers, int rank, int window) {

    /** Variant families. */
    public enum Kind { FULL, LAST_LAYERS, LOW_RANK, WINDOWED, LOW_RANK_WINDOWED, GRADIENT_SQUARED }

    /** Rank when {@code LR} is given without a number. */
    public static final int DEFAULT_RANK = 64;
    /** Window length when {@code WIN} is given without a number (heta.md §3). */
    public static final int DEFAULT_WINDOW = 512;

    private static final Pattern LS = Pattern.compile("LS-(\\d+)");
    private static final Pattern LR = Pattern.compile("LR(?:-(\\d+))?");
    private static final Pattern WIN = Pattern.compile("WIN(?:-(\\d+))?");
    private static final Pattern LR_WIN = Pattern.compile("LR(?:-(\\d+))?[-+]WIN(?:-(\\d+))?");
    private static final Pattern LS_PLUS = Pattern.compile("LS-(\\d+)[-+](.+)");

    public Variant {
        if (kind == Kind.LAST_LAYERS && layers < 1) {
            throw new IllegalArgumentException("LS-k needs k >= 1, got " + layers);
        }
        if ((kind == Kind.LOW_RANK || kind == Kind.LOW_RANK_WINDOWED) && rank < 1) {
            throw new IllegalArgumentException("LR-r needs r >= 1, got " + rank);
        }
        if ((kind == Kind.WINDOWED || kind == Kind.LOW_RANK_WINDOWED) && window < 1) {
            throw new IllegalArgumentException("WIN-W needs W >= 1, got " + window);
        }
    }

    /**
     * Parses a variant label (case-insensitive).
     *
     * @throws IllegalArgumentException naming {@code heta.variant} and the accepted forms
     */
    public static Variant parse(String label) {
        String s = label.trim().toUpperCase(Locale.ROOT);
        try {
            if (s.equals("FULL")) {
                return new Variant(Kind.FULL, 0, 0, 0);
            }
            if (s.equals("GS")) {
                return new Variant(Kind.GRADIENT_SQUARED, 0, 0, 0);
            }
            Matcher m = LS.matcher(s);
            if (m.matches()) {
                return new Variant(Kind.LAST_LAYERS, Integer.parseInt(m.group(1)), 0, 0);
            }
            m = LS_PLUS.matcher(s);
            if (m.matches()) {
                Variant rest = parse(m.group(2));
                int k = Integer.parseInt(m.group(1));
                if (k >= 1 && (rest.lowRank() || rest.windowed()) && rest.layers() == 0) {
                    return new Variant(rest.kind(), k, rest.rank(), rest.window());
                }
            }
            m = LR_WIN.matcher(s);
            if (m.matches()) {
                return new Variant(Kind.LOW_RANK_WINDOWED, 0, number(m.group(1), DEFAULT_RANK),
                        number(m.group(2), DEFAULT_WINDOW));
            }
            m = LR.matcher(s);
            if (m.matches()) {
                return new Variant(Kind.LOW_RANK, 0, number(m.group(1), DEFAULT_RANK), 0);
            }
            m = WIN.matcher(s);
            if (m.matches()) {
                return new Variant(Kind.WINDOWED, 0, 0, number(m.group(1), DEFAULT_WINDOW));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("Parameter heta.variant=" + label + " is invalid: allowed forms are full, "
                + "LS-k, LR-r (or LR), WIN-W (or WIN), LR-r-WIN-W (or LR+WIN), GS, and LS-k+ any LR/WIN form, e.g. "
                + "LS-2, LR-64, WIN-256, LR-64-WIN-256, LS-6+LR-64+WIN-512");
    }

    private static int number(String g, int def) {
        return g == null ? def : Integer.parseInt(g);
    }

    /** Whether curvature and gate use the last {@code layers} layers only (LS-k, alone or combined). */
    public boolean lastLayers() {
        return layers > 0;
    }

    /** Whether the context is split into windows. */
    public boolean windowed() {
        return kind == Kind.WINDOWED || kind == Kind.LOW_RANK_WINDOWED;
    }

    /** Whether the curvature comes from a low-rank approximation of H. */
    public boolean lowRank() {
        return kind == Kind.LOW_RANK || kind == Kind.LOW_RANK_WINDOWED;
    }

    /** The canonical label recorded in results, e.g. {@code full}, {@code LS-2}, {@code LS-6+LR-64-WIN-512}. */
    public String label() {
        if (layers > 0 && kind != Kind.LAST_LAYERS) {
            return "LS-" + layers + "+" + new Variant(kind, 0, rank, window).label();
        }
        switch (kind) {
            case FULL:
                return "full";
            case LAST_LAYERS:
                return "LS-" + layers;
            case LOW_RANK:
                return "LR-" + rank;
            case WINDOWED:
                return "WIN-" + window;
            case LOW_RANK_WINDOWED:
                return "LR-" + rank + "-WIN-" + window;
            case GRADIENT_SQUARED:
                return "GS";
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
