package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CUDA path: the same logits on GPU as on CPU. Skips (with the reason) on machines without a GPU. */
@Tag("gpu")
class GpuDeviceTest {
    @Test
    void gpuLogitsMatchCpu() {
        Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() > 0,
                "no CUDA device visible to libtorch (CPU natives or no GPU); run with -Dcuda=cu128 on a GPU machine");
        int[] ids = {1, 403, 407, 261, 378};
        try (CausalLm cpu = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
             CausalLm gpu = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32, Device.gpu(0))) {
            assertTrue(SharedFiles.maxAbs(gpu.lastLogits(ids), cpu.lastLogits(ids)) < 1e-4);
        }
    }
}
