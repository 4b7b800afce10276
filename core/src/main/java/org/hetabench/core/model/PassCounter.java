package org.hetabench.core.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the work a model does: sequences run forward, sequences back-propagated, Hessian-vector
 * products, and batched native calls. Methods take a {@link #snapshot()} before and after to report
 * their own cost.
 */
public final class PassCounter {
    private final LongAdder forward = new LongAdder();
    private final LongAdder backward = new LongAdder();
    private final LongAdder hvp = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder tokens = new LongAdder();

    /** Immutable counts. */
    public record Snapshot(long forward, long backward, long hvp, long batches, long tokens) {
        public Snapshot minus(Snapshot o) {
            return new Snapshot(forward - o.forward, backward - o.backward, hvp - o.hvp, batches - o.batches,
                    tokens - o.tokens);
        }
    }

    void addForward(long rows, long toks) {
        forward.add(rows);
        tokens.add(toks);
        batches.increment();
    }

    void addBackward(long rows) {
        backward.add(rows);
    }

    void addHvp(long n) {
        hvp.add(n);
    }

    public Snapshot snapshot() {
        return new Snapshot(forward.sum(), backward.sum(), hvp.sum(), batches.sum(), tokens.sum());
    }
}
