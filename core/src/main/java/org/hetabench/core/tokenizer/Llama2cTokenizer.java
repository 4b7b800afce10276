package org.hetabench.core.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hetabench.core.io.ModelLoadException;

/**
 * The llama2.c tokenizer export ({@code tok512.bin} and friends): a SentencePiece BPE vocabulary with
 * byte fallback, stored as {@code int32 maxTokenLength} followed by one {@code (float32 score, int32
 * len, bytes)} record per id. Encoding follows llama2.c {@code run.c}: a dummy-prefix space, one
 * piece per UTF-8 character (or byte-fallback ids {@code byte + 3}), then greedy merging of the
 * adjacent pair with the highest score, leftmost first on ties.
 */
public final class Llama2cTokenizer implements Tokenizer {

    private static final int UNK = 0;
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final int BYTE_OFFSET = 3;

    private final byte[][] pieces;
    private final float[] scores;
    private final Map<String, Integer> lookup;
    private final Path source;

    private Llama2cTokenizer(Path source, byte[][] pieces, float[] scores) {
        this.source = source;
        this.pieces = pieces;
        this.scores = scores;
        this.lookup = new HashMap<>(pieces.length * 2);
        for (int i = 0; i < pieces.length; i++) {
            lookup.putIfAbsent(key(pieces[i]), i);
        }
    }

    /**
     * Reads a tokenizer file.
     *
     * @param file the {@code .bin} file
     * @param vocabSize the model's vocabulary size (not stored in the file), or -1 to read records
     *     until the end of the file
     * @throws ModelLoadException if the file is truncated, has trailing bytes, or cannot be read
     */
    public static Llama2cTokenizer load(Path file, int vocabSize) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 4) {
            throw new ModelLoadException("Tokenizer file " + file + " is truncated: " + all.length
                    + " bytes, expected at least a 4-byte header");
        }
        buf.getInt(); // max_token_length, only a buffer-size hint in run.c
        List<byte[]> ps = new ArrayList<>();
        List<Float> ss = new ArrayList<>();
        while (vocabSize < 0 ? buf.hasRemaining() : ps.size() < vocabSize) {
            if (buf.remaining() < 8) {
                throw new ModelLoadException("Tokenizer file " + file + " is truncated at record "
                        + ps.size() + (vocabSize > 0 ? " of " + vocabSize : "")
                        + "; re-download it or pair the model with its own tokenizer");
            }
            float score = buf.getFloat();
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) {
                throw new ModelLoadException("Tokenizer file " + file + " is corrupt at record "
                        + ps.size() + ": piece length " + len + " with " + buf.remaining() + " bytes left");
            }
            byte[] p = new byte[len];
            buf.get(p);
            ps.add(p);
            ss.add(score);
        }
        if (buf.hasRemaining()) {
            throw new ModelLoadException("Tokenizer file " + file + " has " + buf.remaining()
                    + " bytes after " + vocabSize + " records: it does not belong to a model with vocab_size "
                    + vocabSize);
        }
        float[] scores = new float[ss.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = ss.get(i);
        }
        return new Llama2cTokenizer(file, ps.toArray(new byte[0][]), scores);
    }

    private static String key(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public Encoding encode(String text, boolean addBos) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // Character index (UTF-16) of the character that owns each byte, plus its end index.
        int[] byteCharStart = new int[utf8.length];
        int[] byteCharEnd = new int[utf8.length];
        int bi = 0;
        for (int ci = 0; ci < text.length(); ) {
            int cp = text.codePointAt(ci);
            int cl = Character.charCount(cp);
            int nb = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            for (int k = 0; k < nb; k++) {
                byteCharStart[bi + k] = ci;
                byteCharEnd[bi + k] = ci + cl;
            }
            bi += nb;
            ci += cl;
        }

        List<int[]> toks = new ArrayList<>(); // {id, charStart, charEnd}
        if (addBos) {
            toks.add(new int[] {BOS, -1, -1});
        }
        int firstContent = toks.size();
        if (utf8.length > 0) {
            Integer sp = lookup.get(" ");
            if (sp == null) {
                throw new IllegalStateException("Tokenizer " + source + " has no ' ' piece for the dummy prefix");
            }
            toks.add(new int[] {sp, -1, -1});
        }
        for (int i = 0; i < utf8.length; ) {
            int len = utf8CharLength(utf8[i]);
            len = Math.min(len, utf8.length - i);
            byte[] ch = java.util.Arrays.copyOfRange(utf8, i, i + len);
            Integer id = lookup.get(key(ch));
            if (id != null) {
                toks.add(new int[] {id, byteCharStart[i], byteCharEnd[i]});
            } else {
                for (int k = 0; k < len; k++) {
                    toks.add(new int[] {(utf8[i + k] & 0xff) + BYTE_OFFSET, byteCharStart[i + k], byteCharEnd[i + k]});
                }
            }
            i += len;
        }
        // Greedy merges of the best-scoring adjacent pair, as run.c does.
        while (true) {
            float best = Float.NEGATIVE_INFINITY;
            int bestIdx = -1;
            int bestId = -1;
            for (int i = firstContent; i + 1 < toks.size(); i++) {
                byte[] a = pieces[toks.get(i)[0]];
                byte[] b = pieces[toks.get(i + 1)[0]];
                byte[] ab = new byte[a.length + b.length];
                System.arraycopy(a, 0, ab, 0, a.length);
                System.arraycopy(b, 0, ab, a.length, b.length);
                Integer id = lookup.get(key(ab));
                if (id != null && scores[id] > best) {
                    best = scores[id];
                    bestIdx = i;
                    bestId = id;
                }
            }
            if (bestIdx < 0) {
                break;
            }
            int[] l = toks.get(bestIdx);
            int[] r = toks.remove(bestIdx + 1);
            int start = l[1] >= 0 ? l[1] : r[1];
            int end = Math.max(l[2], r[2]);
            toks.set(bestIdx, new int[] {bestId, start, end});
        }
        int n = toks.size();
        int[] ids = new int[n];
        String[] strs = new String[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            int[] t = toks.get(i);
            ids[i] = t[0];
            strs[i] = piece(t[0]);
            starts[i] = t[1];
            ends[i] = t[1] < 0 ? -1 : t[2];
            special[i] = t[0] == BOS || t[0] == EOS;
        }
        return new Encoding(ids, strs, starts, ends, special);
    }

    private static int utf8CharLength(byte lead) {
        int b = lead & 0xff;
        if (b < 0x80) {
            return 1;
        } else if (b >= 0xf0) {
            return 4;
        } else if (b >= 0xe0) {
            return 3;
        } else if (b >= 0xc0) {
            return 2;
        }
        return 1;
    }

    @Override
    public String decode(int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int prev = -1;
        for (int id : ids) {
            checkId(id);
            if (id == BOS || id == EOS) {
                prev = id;
                continue;
            }
            byte[] p = pieces[id];
            int off = (prev == BOS && p.length > 0 && p[0] == ' ') ? 1 : 0;
            Integer raw = byteFallback(p);
            if (raw != null) {
                out.write(raw);
            } else {
                out.write(p, off, p.length - off);
            }
            prev = id;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Integer byteFallback(byte[] p) {
        if (p.length == 6 && p[0] == '<' && p[1] == '0' && p[2] == 'x' && p[5] == '>') {
            try {
                return Integer.parseInt(new String(p, 3, 2, StandardCharsets.US_ASCII), 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private void checkId(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("Token id " + id + " is outside the vocabulary [0, "
                    + pieces.length + ") of " + source);
        }
    }

    @Override
    public String piece(int id) {
        checkId(id);
        return new String(pieces[id], StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    @Override
    public int bosId() {
        return BOS;
    }

    @Override
    public int eosId() {
        return EOS;
    }

    @Override
    public int unkId() {
        return UNK;
    }

    @Override
    public List<Integer> specialIds() {
        return List.of(UNK, BOS, EOS);
    }
}
