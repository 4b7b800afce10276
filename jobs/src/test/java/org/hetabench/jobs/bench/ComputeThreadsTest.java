package org.hetabench.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Compute threads: sequential callers share one thread, concurrent callers do not, failures pass through. */
class ComputeThreadsTest {

    private static String nameFromANewThread() throws InterruptedException {
        AtomicReference<String> name = new AtomicReference<>();
        Thread t = new Thread(() -> name.set(ComputeThreads.call(() -> Thread.currentThread().getName())));
        t.start();
        t.join();
        return name.get();
    }

    @Test
    void sequentialCallersFromDifferentThreadsLandOnTheSameComputeThread() throws Exception {
        String first = ComputeThreads.call(() -> Thread.currentThread().getName());
        assertNotEquals(Thread.currentThread().getName(), first);
        for (int i = 0; i < 20; i++) {
            assertEquals(first, nameFromANewThread(), "call " + i);
            assertEquals(first, ComputeThreads.call(() -> Thread.currentThread().getName()), "call " + i);
        }
    }

    @Test
    void concurrentCallersGetTheirOwnThreads() throws Exception {
        // Each call waits for the other one to start: on a shared thread they could never both return true.
        CountDownLatch started = new CountDownLatch(2);
        AtomicReference<Boolean> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(ComputeThreads.call(() -> {
            started.countDown();
            return started.await(20, TimeUnit.SECONDS);
        })));
        t.start();
        boolean mine = ComputeThreads.call(() -> {
            started.countDown();
            return started.await(20, TimeUnit.SECONDS);
        });
        t.join();
        assertTrue(mine);
        assertTrue(other.get());
    }

    @Test
    void failuresReachTheCallerUnchanged() {
        IllegalArgumentException bad = new IllegalArgumentException("bad item");
        assertSame(bad, assertThrows(IllegalArgumentException.class, () -> ComputeThreads.call(() -> {
            throw bad;
        })));
        assertThrows(FaultInjection.InjectedFailure.class, () -> ComputeThreads.call(() -> {
            throw new FaultInjection.InjectedFailure("injected");
        }));
        // The thread survives a failure and serves the next call.
        assertEquals(42, ComputeThreads.call(() -> 42));
    }

    @Test
    void aNestedCallRunsInPlace() {
        String[] names = ComputeThreads.call(() -> new String[] {Thread.currentThread().getName(),
            ComputeThreads.call(() -> Thread.currentThread().getName())});
        assertEquals(names[0], names[1]);
    }
}
