package org.hetabench.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The adapter to DJL: the only class of the model runtime that touches PyTorch internals
 * ({@code JniUtils}, {@code PtNDArray}), and the conversions between native arrays and Java arrays in
 * the model's {@link DataType}.
 *
 * <p>Gradients use {@code JniUtils.backward} with per-thread grad mode, which, unlike DJL's
 * {@code GradientCollector}, is safe with several worker threads in one JVM.
 */
final class NativeArrays {
    private final NDManager manager;
    private final DataType dt;

    NativeArrays(NDManager manager, DataType dt) {
        this.manager = manager;
        this.dt = dt;
    }

    NDManager manager() {
        return manager;
    }

    DataType dataType() {
        return dt;
    }

    /** A new array of the model's type from doubles (owned by the current scope). */
    NDArray fromDoubles(double[] buf, Shape shape) {
        if (dt == DataType.FLOAT64) {
            return manager.create(buf, shape);
        }
        float[] f = new float[buf.length];
        for (int i = 0; i < buf.length; i++) {
            f[i] = (float) buf[i];
        }
        return manager.create(f, shape);
    }

    /**
     * A scalar constant owned by the current {@code NDScope}. DJL's {@code x.mul(Number)} (and add, sub,
     * div, pow) wraps the number in a tensor over a Java direct buffer and closes it right after the op;
     * mul and pow save that tensor for backward, so after a garbage collection the backward pass read
     * freed memory and returned wrong gradients about once in a few hundred calls. Constants made here
     * live until the scope closes, after backward.
     */
    NDArray constant(double v) {
        return fromDoubles(new double[] {v}, new Shape());
    }

    /** Indices as an int64 array. */
    NDArray indices(int[] ids) {
        return manager.create(toLong(ids));
    }

    NDArray indices(long[] ids) {
        return manager.create(ids);
    }

    static boolean gradMode() {
        return JniUtils.isGradMode();
    }

    static void setGradMode(boolean on) {
        JniUtils.setGradMode(on);
    }

    /**
     * Backward of a scalar from its own graph.
     *
     * @param keepGraph keep the graph for a second backward
     * @param createGraph record the backward itself, so that its result can be differentiated again
     */
    static void backward(NDArray scalar, boolean keepGraph, boolean createGraph) {
        JniUtils.backward((PtNDArray) scalar, (PtNDArray) scalar.onesLike(), keepGraph, createGraph);
    }

    static long[] toLong(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return l;
    }

    static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static double[][] to2d(NDArray a, int rows, int cols) {
        double[] flat = toDoubles(a);
        double[][] o = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, o[r], 0, cols);
        }
        return o;
    }
}
