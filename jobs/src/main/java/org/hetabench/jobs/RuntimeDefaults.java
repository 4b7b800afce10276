package org.hetabench.jobs;

/**
 * Safe engine defaults applied before DJL starts: offline (never download natives or models unless the
 * user opts in with {@code -Dai.djl.offline=false}), no telemetry probe (djl.md §1), and grad-safe
 * thread settings left to the user ({@code -Dai.djl.pytorch.num_threads}).
 */
public final class RuntimeDefaults {
    private RuntimeDefaults() {}

    public static void apply() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // CudaUtils warns twice on machines with a CUDA toolkit but no driver; harmless, keep it quiet.
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
    }
}
