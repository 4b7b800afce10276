package org.hetabench.core.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One sequence to run through a {@link CausalLm}. Build with {@link #ofIds} or {@link #ofEmbeddings}
 * and refine with the {@code with*} methods (each returns a copy).
 *
 * <p>Inputs are either token ids, or a {@code T x d} matrix that replaces the token-embedding rows
 * (learned absolute positions are still added by the model), or, with {@link #entryLayer} {@code k
 * > 0}, the residual stream entering block {@code k}: blocks {@code k..L-1} are then run on it.
 */
public final class ForwardRequest {

    /** What to capture besides the last-position logits. */
    public enum Capture {
        /** Next-token logits at every position. */
        LOGITS_ALL,
        /** Post-softmax attention probabilities, one T x T matrix per query head and layer. */
        ATTENTION,
        /** Residual stream entering each block, plus the final pre-norm stream (index L). */
        RESIDUALS,
        /** The value vectors each layer really used, per key/value head. */
        VALUES
    }

    /** Overwrites the residual stream entering block {@code layer} at {@code position}. */
    public record Patch(int layer, int position, double[] value) {}

    private final int[] ids;
    private final double[][] embeddings;
    private final int entryLayer;
    private final int[] positionIds;
    private final boolean[][] keyMask;
    private final List<Patch> patches;
    private final Set<Capture> captures;

    private ForwardRequest(int[] ids, double[][] embeddings, int entryLayer, int[] positionIds,
                           boolean[][] keyMask, List<Patch> patches, Set<Capture> captures) {
        this.ids = ids;
        this.embeddings = embeddings;
        this.entryLayer = entryLayer;
        this.positionIds = positionIds;
        this.keyMask = keyMask;
        this.patches = List.copyOf(patches);
        this.captures = captures.isEmpty() ? EnumSet.noneOf(Capture.class) : EnumSet.copyOf(captures);
        int t = length();
        if (t == 0) {
            throw new IllegalArgumentException("A forward request needs at least one token; the context is empty");
        }
        if (positionIds != null && positionIds.length != t) {
            throw new IllegalArgumentException("positionIds has length " + positionIds.length + ", expected " + t);
        }
        if (keyMask != null && keyMask.length != t) {
            throw new IllegalArgumentException("keyMask has " + keyMask.length + " rows, expected " + t);
        }
        for (Patch p : this.patches) {
            if (p.position() < 0 || p.position() >= t) {
                throw new IllegalArgumentException("patch position " + p.position() + " outside [0, " + t + ")");
            }
        }
    }

    /** A sequence given by token ids. */
    public static ForwardRequest ofIds(int... ids) {
        return new ForwardRequest(ids.clone(), null, 0, null, null, List.of(), Set.of());
    }

    /** A sequence given by its token-embedding rows (T x d). */
    public static ForwardRequest ofEmbeddings(double[][] embeddings) {
        return new ForwardRequest(null, embeddings, 0, null, null, List.of(), Set.of());
    }

    /**
     * The residual stream entering block {@code layer} (T x d); blocks {@code layer..L-1} run on it.
     * Layer 0 means token-embedding rows, exactly as {@link #ofEmbeddings}: learned absolute positions
     * are added by the model, so do not pass a captured {@code residuals[0]} here on such models.
     */
    public static ForwardRequest ofResidual(int layer, double[][] residual) {
        if (layer < 0) {
            throw new IllegalArgumentException("entry layer must be >= 0, got " + layer);
        }
        return new ForwardRequest(null, residual, layer, null, null, List.of(), Set.of());
    }

    public ForwardRequest withPositionIds(int[] positions) {
        return new ForwardRequest(ids, embeddings, entryLayer, positions.clone(), keyMask, patches, captures);
    }

    /** Extra key mask ({@code [query][key]}, AND-ed with the causal mask; the diagonal is always kept). */
    public ForwardRequest withKeyMask(boolean[][] mask) {
        return new ForwardRequest(ids, embeddings, entryLayer, positionIds, mask, patches, captures);
    }

    public ForwardRequest withPatches(List<Patch> newPatches) {
        return new ForwardRequest(ids, embeddings, entryLayer, positionIds, keyMask, newPatches, captures);
    }

    public ForwardRequest withCaptures(Capture... what) {
        Set<Capture> c = EnumSet.noneOf(Capture.class);
        c.addAll(captures);
        c.addAll(Arrays.asList(what));
        return new ForwardRequest(ids, embeddings, entryLayer, positionIds, keyMask, patches, c);
    }

    /** Same request with the input replaced by embeddings (or residual rows at the same entry layer). */
    public ForwardRequest withEmbeddings(double[][] newEmbeddings) {
        return new ForwardRequest(null, newEmbeddings, entryLayer, positionIds, keyMask, patches, captures);
    }

    public int length() {
        return ids != null ? ids.length : embeddings.length;
    }

    public int[] ids() {
        return ids;
    }

    public double[][] embeddings() {
        return embeddings;
    }

    public int entryLayer() {
        return entryLayer;
    }

    public int[] positionIds() {
        return positionIds;
    }

    public boolean[][] keyMask() {
        return keyMask;
    }

    public List<Patch> patches() {
        return patches;
    }

    public boolean captures(Capture c) {
        return captures.contains(c);
    }

    public Set<Capture> captures() {
        return EnumSet.copyOf(captures.isEmpty() ? EnumSet.noneOf(Capture.class) : captures);
    }
}
