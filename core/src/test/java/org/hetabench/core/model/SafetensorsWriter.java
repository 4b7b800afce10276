package org.hetabench.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-side safetensors writer (written from the format description, independent of the reader):
 * u64 header length, JSON header, raw data. Tensors are given as raw little-endian bytes so tests can
 * write any dtype, and corrupt files can be built from valid ones.
 */
final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor: dtype name, shape and its raw bytes. */
    record Tensor(String dtype, long[] shape, byte[] data) {
        static Tensor f32(float[] v, long... shape) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putFloat(x);
            }
            return new Tensor("F32", shape, b.array());
        }
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    SafetensorsWriter put(String name, Tensor t) {
        tensors.put(name, t);
        return this;
    }

    SafetensorsWriter f32(String name, float[] v, long... shape) {
        return put(name, Tensor.f32(v, shape));
    }

    /** Writes the file; {@code pad} extra spaces in the header make the data start unaligned. */
    void write(Path file, int pad) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long off = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            var sh = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                sh.add(s);
            }
            t.putArray("data_offsets").add(off).add(off + e.getValue().data().length);
            off += e.getValue().data().length;
        }
        byte[] h = (header.toString() + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate((int) (8 + h.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length);
        out.put(h);
        for (Tensor t : tensors.values()) {
            out.put(t.data());
        }
        try {
            Files.write(file, out.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(Path file) {
        write(file, 0);
    }
}
