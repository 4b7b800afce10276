package org.hetabench.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One weight tensor as little-endian float32 bytes plus its shape. Loaders hand out slices of a
 * memory map where the file already stores float32 (no copy), and widened copies otherwise.
 *
 * @param name canonical name (see {@link TransformerModel})
 * @param shape dimensions
 * @param data float32 little-endian, exactly {@code product(shape) * 4} bytes
 */
public record TensorData(String name, long[] shape, ByteBuffer data) {

    public TensorData {
        long n = numel(shape);
        if (data.remaining() != n * 4) {
            throw new IllegalArgumentException("tensor " + name + " " + Arrays.toString(shape) + " needs " + n * 4
                    + " bytes, has " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** A tensor from Java floats (a heap copy). */
    public static TensorData of(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(name, shape, b);
    }

    /** The values as a Java array (a copy). */
    public float[] toFloats() {
        float[] out = new float[(int) numel(shape)];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Same data under another name. */
    public TensorData rename(String newName) {
        return new TensorData(newName, shape, data);
    }

    /** Rows {@code [from, to)} of a 2-D tensor (a zero-copy view). */
    public TensorData rows(String newName, long from, long to) {
        if (shape.length != 2 || from < 0 || to > shape[0] || from >= to) {
            throw new IllegalArgumentException("bad row slice [" + from + "," + to + ") of " + name + " "
                    + Arrays.toString(shape));
        }
        ByteBuffer d = data.duplicate();
        d.position((int) (from * shape[1] * 4));
        d.limit((int) (to * shape[1] * 4));
        return new TensorData(newName, new long[] {to - from, shape[1]}, d);
    }

    /** Elements {@code [from, to)} of a 1-D tensor (a zero-copy view). */
    public TensorData range(String newName, long from, long to) {
        ByteBuffer d = data.duplicate();
        d.position((int) (from * 4));
        d.limit((int) (to * 4));
        return new TensorData(newName, new long[] {to - from}, d);
    }

    /** The transpose of a 2-D tensor (a copy). */
    public TensorData transposed(String newName) {
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] v = toFloats();
        float[] t = new float[v.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = v[i * c + j];
            }
        }
        return of(newName, new long[] {c, r}, t);
    }
}
