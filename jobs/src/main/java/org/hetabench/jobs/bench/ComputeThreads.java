package org.hetabench.jobs.bench;

import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived threads on which this JVM runs model work: a caller (Spark task thread, the in-process
 * runner, a test) hands its work to an idle one and waits. The most recently freed thread is reused
 * first, so sequential callers always land on the same thread, and the number of threads only grows to
 * the number of concurrent callers.
 *
 * <p>Why: every thread that calls into libtorch becomes an OpenMP master with its own team of worker
 * threads, which lives until that thread exits. libgomp cuts its spin-wait between parallel regions to
 * almost nothing once it manages more threads than there are CPUs, so every small parallel region then
 * pays a futex wake-up. With a second master around (a Spark task thread after the driver thread ran
 * items, a task thread replaced by Spark's pool), the same items ran about 30% slower on 2 cores;
 * with {@code OMP_WAIT_POLICY=PASSIVE} both threads were equally slow, and with one intra-op thread
 * equally fast (overhead benchmark, {@code heta-bench overhead}).
 */
public final class ComputeThreads {
    private static final BlockingDeque<Worker> IDLE = new LinkedBlockingDeque<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    private ComputeThreads() {}

    /**
     * Runs {@code work} on an idle compute thread (or, from a compute thread, right here) and returns its
     * result; its unchecked exceptions and errors reach the caller unchanged.
     */
    public static <T> T call(Callable<T> work) {
        if (Thread.currentThread() instanceof Worker) {
            return direct(work);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Worker w = IDLE.pollFirst();
        if (w == null) {
            w = new Worker();
            w.start();
        }
        w.hand(new Job<>(work, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            // Spark kills a task by interrupting it: pass that on; the worker finishes the item and frees itself.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the model work to finish", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    /** Compute threads started in this JVM so far (sequential callers need one). */
    public static int created() {
        return CREATED.get();
    }

    private static <T> T direct(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Work and where its outcome goes. */
    private record Job<T>(Callable<T> work, CompletableFuture<T> result) {
        void run(Worker self) {
            T value = null;
            Throwable failure = null;
            try {
                value = work.call();
            } catch (Throwable t) {
                failure = t;
            }
            Thread.interrupted();
            // Idle again before the caller resumes, so that its next call finds this thread (not a new one).
            IDLE.offerFirst(self);
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }

    /** One compute thread: runs the tasks handed to it, one at a time, and then offers itself again. */
    private static final class Worker extends Thread {
        private final SynchronousQueue<Job<?>> inbox = new SynchronousQueue<>();

        Worker() {
            super("heta-compute-" + CREATED.incrementAndGet());
            setDaemon(true);
        }

        void hand(Job<?> task) {
            try {
                inbox.put(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while handing work to " + getName(), e);
            }
        }

        @Override
        public void run() {
            while (true) {
                Job<?> task;
                try {
                    task = inbox.take();
                } catch (InterruptedException e) {
                    continue;
                }
                task.run(this);
            }
        }
    }
}
