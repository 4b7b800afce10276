package org.hetabench.core.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.tokenizer.Llama2cTokenizer;
import org.hetabench.core.tokenizer.Tokenizer;

/**
 * Reads llama2.c legacy ("version 0") checkpoints: a 7 x int32 header ({@code dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size, seq_len}) followed by float32 arrays (models/PROVENANCE.md).
 * The file is memory-mapped and float32 tensors are handed to the engine as views of the map.
 */
public final class Llama2cLoader {
    private static final int HEADER_BYTES = 28;

    private Llama2cLoader() {}

    /** The parsed header. */
    public record Header(int dim, int hiddenDim, int nLayers, int nHeads, int nKvHeads, int vocabSize, int seqLen,
                         boolean sharedClassifier) {

        /** Number of float32 values the body must hold. */
        public long expectedFloats() {
            long d = dim;
            long kv = (long) dim * nKvHeads / nHeads;
            long hs = dim / nHeads;
            long n = (long) vocabSize * d + nLayers * d + nLayers * d * d + 2L * nLayers * kv * d
                    + nLayers * d * d + nLayers * d + 3L * nLayers * hiddenDim * d + d + (long) seqLen * hs;
            if (!sharedClassifier) {
                n += (long) vocabSize * d;
            }
            return n;
        }
    }

    /** Reads and validates the header of {@code file}. */
    public static Header readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < HEADER_BYTES) {
                throw new ModelLoadException("llama2.c checkpoint " + file + " is truncated: " + ch.size()
                        + " bytes, shorter than the 28-byte header");
            }
            ByteBuffer hb = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(hb, 0);
            hb.flip();
            int dim = hb.getInt();
            int hidden = hb.getInt();
            int layers = hb.getInt();
            int heads = hb.getInt();
            int kvHeads = hb.getInt();
            int vocab = hb.getInt();
            int seq = hb.getInt();
            if (dim <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || seq <= 0 || vocab == 0
                    || dim % heads != 0 || heads % kvHeads != 0) {
                throw new ModelLoadException("llama2.c checkpoint " + file + " has an invalid header (dim=" + dim
                        + ", hidden_dim=" + hidden + ", n_layers=" + layers + ", n_heads=" + heads + ", n_kv_heads="
                        + kvHeads + ", vocab_size=" + vocab + ", seq_len=" + seq + "); is it a llama2.c v0 export?");
            }
            Header h = new Header(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), seq, vocab > 0);
            long want = HEADER_BYTES + h.expectedFloats() * 4;
            if (ch.size() != want) {
                throw new ModelLoadException("llama2.c checkpoint " + file + " has " + ch.size()
                        + " bytes but its header (dim=" + dim + ", n_layers=" + layers + ", vocab_size=" + vocab
                        + ", seq_len=" + seq + ") needs exactly " + want + (ch.size() < want
                        ? "; the file is truncated, download it again" : "; the file has trailing data"));
            }
            return h;
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read llama2.c checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The canonical config for a header. */
    public static ModelConfig config(Header h) {
        int hs = h.dim() / h.nHeads();
        return new ModelConfig("llama2c", h.vocabSize(), h.dim(), h.nLayers(), h.nHeads(), h.nKvHeads(), hs,
                h.hiddenDim(), h.seqLen(), ModelConfig.Norm.RMS, 1e-5, ModelConfig.Positions.ROTARY,
                new ModelConfig.Rope(10000.0, hs, ModelConfig.RopeStyle.INTERLEAVED, null), false,
                ModelConfig.Mlp.GATED_SILU, h.sharedClassifier());
    }

    /**
     * Canonical tensors of a checkpoint, as views of a read-only memory map (never written to).
     */
    public static Map<String, TensorData> tensors(Path file, Header h) {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot map llama2.c checkpoint " + file + ": " + e.getMessage(), e);
        }
        map.order(ByteOrder.LITTLE_ENDIAN);
        long d = h.dim();
        long kv = (long) h.dim() * h.nKvHeads() / h.nHeads();
        long hid = h.hiddenDim();
        int L = h.nLayers();
        Map<String, TensorData> t = new HashMap<>();
        long[] off = {HEADER_BYTES};
        TensorData emb = take(map, off, "embed", h.vocabSize(), d);
        t.put("embed", emb);
        perLayer(t, map, off, L, "attn_norm.weight", d);
        perLayer(t, map, off, L, "q.weight", d, d);
        perLayer(t, map, off, L, "k.weight", kv, d);
        perLayer(t, map, off, L, "v.weight", kv, d);
        perLayer(t, map, off, L, "o.weight", d, d);
        perLayer(t, map, off, L, "mlp_norm.weight", d);
        perLayer(t, map, off, L, "gate.weight", hid, d);
        perLayer(t, map, off, L, "down.weight", d, hid);
        perLayer(t, map, off, L, "up.weight", hid, d);
        t.put("final_norm.weight", take(map, off, "final_norm.weight", d));
        off[0] += (long) h.seqLen() * (d / h.nHeads()) * 4; // legacy RoPE tables; recomputed instead
        if (!h.sharedClassifier()) {
            t.put("lm_head.weight", take(map, off, "lm_head.weight", h.vocabSize(), d));
        }
        return t;
    }

    private static void perLayer(Map<String, TensorData> t, MappedByteBuffer map, long[] off, int layers,
                                 String suffix, long... shape) {
        for (int l = 0; l < layers; l++) {
            String key = "layers." + l + "." + suffix;
            t.put(key, take(map, off, key, shape));
        }
    }

    private static TensorData take(MappedByteBuffer map, long[] off, String name, long... shape) {
        long bytes = TensorData.numel(shape) * 4;
        ByteBuffer b = map.duplicate();
        b.position((int) off[0]);
        b.limit((int) (off[0] + bytes));
        off[0] += bytes;
        return new TensorData(name, shape, b.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * Loads a checkpoint; the tokenizer is {@code tokenizerFile}, or the single {@code tok*.bin} /
     * {@code tokenizer.bin} beside the checkpoint, or none.
     */
    public static TransformerModel load(Path file, Path tokenizerFile, Precision precision) {
        return load(file, tokenizerFile, precision, ai.djl.Device.cpu());
    }

    /** As {@link #load(Path, Path, Precision)}, onto {@code device}. */
    public static TransformerModel load(Path file, Path tokenizerFile, Precision precision, ai.djl.Device device) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("llama2.c checkpoint " + file + " does not exist");
        }
        Header h = readHeader(file);
        Path tok = tokenizerFile != null ? tokenizerFile : findTokenizer(file);
        Tokenizer tokenizer = tok == null ? null : Llama2cTokenizer.load(tok, h.vocabSize());
        String name = file.getFileName().toString().replaceFirst("\\.bin$", "");
        return new TransformerModel(name, config(h), tensors(file, h), precision, tokenizer, device);
    }

    /** The tokenizer beside a checkpoint: {@code tokenizer.bin} or the single {@code tok<N>.bin}, or null. */
    public static Path findTokenizer(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path t = dir.resolve("tokenizer.bin");
        if (Files.isRegularFile(t)) {
            return t;
        }
        try (var s = Files.list(dir)) {
            var cands = s.filter(p -> p.getFileName().toString().matches("tok\\d+\\.bin")).toList();
            return cands.size() == 1 ? cands.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
