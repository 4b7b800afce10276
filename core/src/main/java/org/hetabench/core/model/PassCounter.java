package org.hetabench.core.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the work a model does: sequences run forward, sequences back-propagated, Hessian-vector
 * products, batched native calls and tokens processed. Counts are kept per thread as well as in total,
 * and {@link #snapshot()} reads the calling thread's counts: a method that takes a snapshot before and
 * after its call sees exactly its own work, even when several task threads share one model.
 */
public final class PassCounter {
    private final LongAdder totalForward = new LongAdder();
    private final LongAdder totalBackward = new LongAdder();
    private final LongAdder totalHvp = new LongAdder();
    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(() -> new long[5]);

    /** Immutable counts. */
    public record Snapshot(long forward, long backward, long hvp, long batches, long tokens) {
        public Snapshot minus(Snapshot o) {
            return new Snapshot(forward - o.forward, backward - o.backward, hvp - o.hvp, batches - o.batches,
                    tokens - o.tokens);
        }
    }

    void addForward(long rows, long toks) {
        long[] c = mine.get();
        c[0] += rows;
        c[3] += 1;
        c[4] += toks;
        totalForward.add(rows);
    }

    void addBackward(long rows) {
        mine.get()[1] += rows;
        totalBackward.add(rows);
    }

    void addHvp(long n) {
        mine.get()[2] += n;
        totalHvp.add(n);
    }

    /** The calling thread's counts. */
    public Snapshot snapshot() {
        long[] c = mine.get();
        return new Snapshot(c[0], c[1], c[2], c[3], c[4]);
    }

    /** Counts over all threads (forward, backward, hvp; batches and tokens are not totalled). */
    public Snapshot total() {
        return new Snapshot(totalForward.sum(), totalBackward.sum(), totalHvp.sum(), 0, 0);
    }
}
