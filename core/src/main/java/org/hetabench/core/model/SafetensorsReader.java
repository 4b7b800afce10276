package org.hetabench.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hetabench.core.io.ModelLoadException;

/**
 * Reads Hugging Face safetensors checkpoints, a single {@code model.safetensors} or shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name to shard file).
 *
 * <p>Format: an unsigned little-endian 64-bit header length {@code N}, then {@code N} bytes of JSON
 * mapping each tensor name to {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to
 * the byte after the header), then the raw little-endian data.
 *
 * <p>Each tensor is memory-mapped on its own, read-only, so no single map exceeds 2 GiB and the file
 * never has to fit in the heap. F32 tensors are handed over as views of the map (no copy). F16, BF16 and
 * F64 are converted to F32 in Java: the engine aborts the JVM on BF16 (djl.md §5), and the canonical
 * {@link TensorData} is float32. Other dtypes (integers, F8) are rejected when read. Headers are
 * validated when the reader opens, so truncated and corrupt files fail early with the file and key named.
 */
public final class SafetensorsReader {

    /** Largest header accepted (the reference implementation uses the same 100 MB limit). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
            Map.entry("U64", 8), Map.entry("U32", 4), Map.entry("U16", 2), Map.entry("U8", 1),
            Map.entry("BOOL", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1));

    /** Where one tensor lives. */
    private record Entry(Path file, String dtype, long[] shape, long fileOffset, long bytes) {}

    private final Map<String, Entry> entries;

    private SafetensorsReader(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * Opens the checkpoint in {@code dir}: {@code model.safetensors.index.json} if present, else
     * {@code model.safetensors}, else the only {@code *.safetensors} file.
     *
     * @throws ModelLoadException if no checkpoint is found, a shard is missing, or a header is invalid
     */
    public static SafetensorsReader open(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            return openSharded(index);
        }
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return openFile(single);
        }
        try (var s = Files.list(dir)) {
            var files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (files.size() == 1) {
                return openFile(files.get(0));
            }
            throw new ModelLoadException("Model directory " + dir + " has " + (files.isEmpty() ? "no" : files.size())
                    + " *.safetensors files and no model.safetensors.index.json; expected model.safetensors or a "
                    + "sharded checkpoint with its index (PyTorch .bin weights are not supported: convert them "
                    + "to safetensors)");
        } catch (IOException e) {
            throw new ModelLoadException("Cannot list model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens one safetensors file. */
    public static SafetensorsReader openFile(Path file) {
        return new SafetensorsReader(Collections.unmodifiableMap(readHeader(file)));
    }

    private static SafetensorsReader openSharded(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Shard index " + index + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelLoadException("Shard index " + index + " has no \"weight_map\" object (tensor name -> "
                    + "shard file)");
        }
        Map<String, Map<String, Entry>> shards = new LinkedHashMap<>();
        Map<String, Entry> all = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String shardName = e.getValue().asText();
            Map<String, Entry> shard = shards.get(shardName);
            if (shard == null) {
                Path shardFile = index.resolveSibling(shardName);
                if (!Files.isRegularFile(shardFile)) {
                    throw new ModelLoadException("Shard '" + shardName + "' listed in " + index + " for tensor '"
                            + e.getKey() + "' is missing (expected " + shardFile + "); download all shards");
                }
                shard = readHeader(shardFile);
                shards.put(shardName, shard);
            }
            Entry en = shard.get(e.getKey());
            if (en == null) {
                throw new ModelLoadException("Tensor '" + e.getKey() + "' is listed in " + index + " under shard '"
                        + shardName + "' but that file does not contain it; the index and shards do not match");
            }
            all.put(e.getKey(), en);
        }
        return new SafetensorsReader(Collections.unmodifiableMap(all));
    }

    /** Parses and validates the header of one file. */
    private static Map<String, Entry> readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelLoadException("Safetensors file " + file + " is truncated: " + size
                        + " bytes, shorter than the 8-byte header length; download it again");
            }
            ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lb, 0);
            long n = lb.getLong(0);
            if (n <= 1 || n > MAX_HEADER_BYTES) {
                throw new ModelLoadException("Safetensors file " + file + " has a corrupt header: header length "
                        + Long.toUnsignedString(n) + " is outside [2, " + MAX_HEADER_BYTES
                        + "]; the file is not safetensors or is damaged");
            }
            if (8 + n > size) {
                throw new ModelLoadException("Safetensors file " + file + " is truncated: its header needs " + (8 + n)
                        + " bytes, the file has " + size + "; download it again");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            JsonNode root;
            try {
                root = JSON.readTree(hb.array());
            } catch (JsonProcessingException e) {
                throw new ModelLoadException("Safetensors file " + file + " has a corrupt header: invalid JSON ("
                        + e.getOriginalMessage() + ")", e);
            }
            if (root == null || !root.isObject()) {
                throw new ModelLoadException("Safetensors file " + file + " has a corrupt header: expected a JSON "
                        + "object of tensors");
            }
            long dataBytes = size - 8 - n;
            Map<String, Entry> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), entry(file, e.getKey(), e.getValue(), 8 + n, dataBytes));
            }
            return out;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(Path file, String key, JsonNode t, long dataStart, long dataBytes) {
        String where = "tensor '" + key + "' in " + file;
        JsonNode dt = t.get("dtype");
        JsonNode sh = t.get("shape");
        JsonNode off = t.get("data_offsets");
        if (dt == null || !dt.isTextual() || sh == null || !sh.isArray() || off == null || !off.isArray()
                || off.size() != 2 || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new ModelLoadException("Corrupt safetensors header: " + where + " needs dtype, shape and "
                    + "data_offsets [begin, end]; got " + t);
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!sh.get(i).canConvertToLong() || sh.get(i).asLong() < 0) {
                throw new ModelLoadException("Corrupt safetensors header: " + where + " has an invalid shape " + sh);
            }
            shape[i] = sh.get(i).asLong();
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > dataBytes) {
            throw new ModelLoadException("Safetensors " + where + " has data_offsets [" + begin + ", " + end
                    + "] outside the " + dataBytes + " data bytes of the file"
                    + (end > dataBytes ? "; the file is truncated or damaged, download it again" : ""));
        }
        Integer width = DTYPE_BYTES.get(dt.asText());
        if (width != null && TensorData.numel(shape) * width != end - begin) {
            throw new ModelLoadException("Corrupt safetensors header: " + where + " is " + dt.asText() + " "
                    + Arrays.toString(shape) + " (" + TensorData.numel(shape) * width + " bytes) but data_offsets span "
                    + (end - begin) + " bytes");
        }
        return new Entry(file, dt.asText(), shape, dataStart + begin, end - begin);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    /** All tensor names, sorted. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** Shape of tensor {@code key}. */
    public long[] shape(String key) {
        return entry(key).shape().clone();
    }

    /** Stored dtype of tensor {@code key} ({@code F32}, {@code BF16}, ...). */
    public String dtype(String key) {
        return entry(key).dtype();
    }

    /** The file that holds tensor {@code key}. */
    public Path file(String key) {
        return entry(key).file();
    }

    private Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new ModelLoadException("Tensor '" + key + "' is not in the checkpoint");
        }
        return e;
    }

    /**
     * Reads tensor {@code key} as float32 under the name {@code canonicalName}: a view of a read-only
     * memory map for F32, a converted copy for F16, BF16 and F64.
     *
     * @throws ModelLoadException for unsupported dtypes or tensors above 2 GiB
     */
    public TensorData read(String key, String canonicalName) {
        Entry e = entry(key);
        int width = switch (e.dtype()) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw new ModelLoadException("Tensor '" + key + "' in " + e.file() + " has dtype " + e.dtype()
                    + ", which is not supported; supported: F32, F16, BF16, F64 (convert the checkpoint to one of "
                    + "them)");
        };
        long n = TensorData.numel(e.shape());
        if (e.bytes() > Integer.MAX_VALUE || n * 4 > Integer.MAX_VALUE) {
            throw new ModelLoadException("Tensor '" + key + "' in " + e.file() + " " + Arrays.toString(e.shape())
                    + " needs " + n * 4 + " bytes as float32, above the 2 GiB limit of one buffer; such models are "
                    + "not supported");
        }
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
            map = ch.map(FileChannel.MapMode.READ_ONLY, e.fileOffset(), e.bytes());
        } catch (IOException ex) {
            throw new ModelLoadException("Cannot map tensor '" + key + "' of " + e.file() + ": " + ex.getMessage(), ex);
        }
        map.order(ByteOrder.LITTLE_ENDIAN);
        if (width == 4) {
            return new TensorData(canonicalName, e.shape(), map);
        }
        ByteBuffer out = ByteBuffer.allocateDirect((int) (n * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            float v = switch (e.dtype()) {
                case "BF16" -> Float.intBitsToFloat((map.getShort(2 * i) & 0xffff) << 16);
                case "F16" -> halfToFloat(map.getShort(2 * i));
                default -> (float) map.getDouble(8 * i);
            };
            out.putFloat(4 * i, v);
        }
        return new TensorData(canonicalName, e.shape(), out);
    }

    /** IEEE 754 binary16 to binary32, exact (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
