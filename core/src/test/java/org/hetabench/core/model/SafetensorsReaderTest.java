package org.hetabench.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dtype conversion, sharding and every corrupt-file error of {@link SafetensorsReader}. */
class SafetensorsReaderTest {

    static byte[] shorts(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : bits) {
            b.putShort((short) s);
        }
        return b.array();
    }

    @Test
    void widensF16Bf16AndNarrowsF64WithUnalignedData(@TempDir Path tmp) {
        Path f = tmp.resolve("m.safetensors");
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        d.putDouble(0.25).putDouble(-3.5);
        new SafetensorsWriter()
                // 1, -2, 65504 (max half), 2^-24 (smallest subnormal), 0.0999755859375, -0, +inf
                .put("h", new SafetensorsWriter.Tensor("F16", new long[] {7},
                        shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x2E66, 0x8000, 0x7C00)))
                // bfloat16: 1, -1.5, 3.140625 (0x4049), 1e38-ish (0x7E96)
                .put("b", new SafetensorsWriter.Tensor("BF16", new long[] {2, 2}, shorts(0x3F80, 0xBFC0, 0x4049, 0x7E96)))
                .put("d", new SafetensorsWriter.Tensor("F64", new long[] {2}, d.array()))
                .f32("f", new float[] {1.5f, -2.25f, 3f}, 3)
                .write(f, 1);
        SafetensorsReader r = SafetensorsReader.openFile(f);
        assertArrayEquals(new float[] {1f, -2f, 65504f, (float) Math.pow(2, -24), 0.0999755859375f, -0f,
            Float.POSITIVE_INFINITY}, r.read("h", "x").toFloats());
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(r.read("h", "x").toFloats()[5]));
        assertArrayEquals(new float[] {1f, -1.5f, 3.140625f, Float.intBitsToFloat(0x7E960000)},
                r.read("b", "x").toFloats());
        assertArrayEquals(new long[] {2, 2}, r.read("b", "x").shape());
        assertArrayEquals(new float[] {0.25f, -3.5f}, r.read("d", "x").toFloats());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f}, r.read("f", "x").toFloats());
        assertEquals("x", r.read("f", "x").name());
    }

    @Test
    void shardedCheckpointEqualsSingleFile(@TempDir Path tmp) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/qwen2");
        SafetensorsReader single = SafetensorsReader.openFile(src.resolve("model.safetensors"));
        SafetensorsWriter a = new SafetensorsWriter();
        SafetensorsWriter b = new SafetensorsWriter();
        StringBuilder map = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        int i = 0;
        for (String k : single.keys()) {
            TensorData t = single.read(k, k);
            String shard = i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (i % 2 == 0 ? a : b).f32(k, t.toFloats(), t.shape());
            map.append(i == 0 ? "" : ",").append('"').append(k).append("\":\"").append(shard).append('"');
            i++;
        }
        map.append("}}");
        a.write(tmp.resolve("model-00001-of-00002.safetensors"));
        b.write(tmp.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(tmp.resolve("model.safetensors.index.json"), map);
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        int[] ids = {4, 8, 15, 16, 23, 42};
        try (CausalLm sharded = ModelLoader.load(tmp, Precision.FLOAT64);
             CausalLm one = ModelLoader.load(src, Precision.FLOAT64)) {
            assertEquals(0.0, SharedFiles.maxAbs(sharded.lastLogits(ids), one.lastLogits(ids)));
        }
        Files.delete(tmp.resolve("model-00002-of-00002.safetensors"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(tmp));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors")
                && e.getMessage().contains("model.safetensors.index.json") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    /**
     * A BF16 checkpoint loads (DJL would abort the JVM on BF16) and gives exactly the logits of an F32
     * file holding the same bfloat16-representable values.
     */
    @Test
    void bf16CheckpointEqualsF32WithTheSameValues(@TempDir Path tmp) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/qwen2");
        SafetensorsReader r = SafetensorsReader.openFile(src.resolve("model.safetensors"));
        SafetensorsWriter bf = new SafetensorsWriter();
        SafetensorsWriter f32 = new SafetensorsWriter();
        for (String k : r.keys()) {
            TensorData t = r.read(k, k);
            float[] v = t.toFloats();
            ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            float[] rounded = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                int bits = Float.floatToIntBits(v[i]) >>> 16; // truncation: exact in both files
                b.putShort((short) bits);
                rounded[i] = Float.intBitsToFloat(bits << 16);
            }
            bf.put(k, new SafetensorsWriter.Tensor("BF16", t.shape(), b.array()));
            f32.f32(k, rounded, t.shape());
        }
        Path a = Files.createDirectories(tmp.resolve("bf16"));
        Path c = Files.createDirectories(tmp.resolve("f32"));
        bf.write(a.resolve("model.safetensors"));
        f32.write(c.resolve("model.safetensors"));
        Files.copy(src.resolve("config.json"), a.resolve("config.json"));
        Files.copy(src.resolve("config.json"), c.resolve("config.json"));
        int[] ids = {4, 8, 15, 16, 23, 42};
        // float64: the weights are cast copies in both, so the sums run in the same order (float32 views of a
        // map and of a heap buffer may differ in alignment, and so in the last bits of the matmuls)
        try (CausalLm m1 = ModelLoader.load(a, Precision.FLOAT64);
             CausalLm m2 = ModelLoader.load(c, Precision.FLOAT64);
             CausalLm orig = ModelLoader.load(src, Precision.FLOAT64)) {
            assertEquals(0.0, SharedFiles.maxAbs(m1.lastLogits(ids), m2.lastLogits(ids)));
            // and bfloat16 rounding is visible against the original weights (the test sees real data)
            assertTrue(SharedFiles.maxAbs(m1.lastLogits(ids), orig.lastLogits(ids)) > 1e-4);
        }
    }

    static Path header(Path dir, long declaredLength, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void corruptFilesFailWithFileKeyAndLimit(@TempDir Path tmp) throws IOException {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        // truncated below the length field
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertMessage(tiny, "truncated", "3 bytes");
        // header length far too large
        assertMessage(header(tmp, 1L << 40, ok, 16), "corrupt header", "100000000");
        // header length beyond the end of the file
        assertMessage(header(tmp, ok.length() + 500, ok, 16), "truncated", "needs");
        // not JSON
        assertMessage(header(tmp, 10, "{not json}", 0), "corrupt header", "invalid JSON");
        // data_offsets past the data (a truncated body)
        assertMessage(header(tmp, ok.length(), ok, 12), "'w'", "data_offsets [0, 16]", "12 data bytes", "truncated");
        // offsets that disagree with dtype x shape
        String wrong = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}";
        assertMessage(header(tmp, wrong.length(), wrong, 16), "'w'", "24 bytes", "16 bytes");
        // unsupported dtype: the header is fine, reading it is not
        String ints = "{\"w\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        SafetensorsReader r = SafetensorsReader.openFile(header(tmp, ints.length(), ints, 16));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> r.read("w", "w"));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("I64")
                && e.getMessage().contains("F32, F16, BF16, F64") && e.getMessage().contains("bad.safetensors"),
                e.getMessage());
        // a real checkpoint cut short
        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut);
        byte[] all = Files.readAllBytes(SharedFiles.file("golden/tiny-hf/qwen2/model.safetensors"));
        Files.write(cut.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length - 100));
        ModelLoadException t = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(cut));
        assertTrue(t.getMessage().contains("model.safetensors") && t.getMessage().contains("truncated")
                && t.getMessage().contains("data_offsets"), t.getMessage());
    }

    static void assertMessage(Path file, String... parts) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.openFile(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }
}
