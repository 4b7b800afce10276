package org.hetabench.jobs.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;

/**
 * One model replica per (JVM, model path, precision, GPU address), loaded lazily on first use on an
 * executor and never on the driver (the driver only plans). Replicas live until the JVM exits.
 */
public final class ModelHolder {
    private static final Map<String, CausalLm> MODELS = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();

    // No shutdown hook closes the replicas: a task thread can still be inside a native call when the JVM is
    // stopped, and freeing the weights under it crashes libtorch; the process exit releases the memory anyway.

    private ModelHolder() {}

    /** The replica for this JVM and device. */
    public static CausalLm get(Path path, Precision precision, String gpuAddress, int maxBatch) {
        String key = path.toAbsolutePath() + "|" + precision + "|" + (gpuAddress == null ? "cpu" : gpuAddress);
        CausalLm m = MODELS.computeIfAbsent(key, k -> {
            LOADS.incrementAndGet();
            // One task per GPU (spark.task.resource.gpu.amount=1): the task's GPU address picks the device.
            ai.djl.Device device = gpuAddress == null ? ai.djl.Device.cpu() : ai.djl.Device.gpu(Integer.parseInt(gpuAddress));
            // Loaded on a compute thread, like all model work, so that no other thread becomes an OpenMP master.
            return ComputeThreads.call(() -> ModelLoader.load(path, precision, device));
        });
        m.setMaxBatch(maxBatch);
        return m;
    }

    /** Number of loads in this JVM (tests check one per executor). */
    public static int loads() {
        return LOADS.get();
    }
}
