package org.hetabench.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hetabench.core.io.ModelLoadException;

/**
 * A Hugging Face {@code tokenizer.json} run by the native tokenizers library through DJL.
 *
 * <p>Truncation and padding are switched off explicitly: DJL's default silently truncates to 512
 * tokens (djl.md §6), and an over-long input must reach the model, which reports its context limit.
 * Template special tokens are never added by the library; {@link #encode} prepends the BOS id itself
 * when asked, so every family behaves the same way. Character offsets come back from the library in
 * Unicode code points and are converted to Java {@code String} (UTF-16) indices.
 *
 * <p>BOS, EOS and UNK come from {@code tokenizer_config.json} ({@code bos_token} etc., a string or an
 * object with {@code content}), else {@code special_tokens_map.json}, else the model's {@code unk_token};
 * a token that is not named there is -1.
 */
public final class HfTokenizer implements Tokenizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer native_;
    private final Map<Integer, String> pieces;
    private final int vocabSize;
    private final int bos;
    private final int eos;
    private final int unk;
    private final List<Integer> specials;

    private HfTokenizer(HuggingFaceTokenizer nativeTokenizer, Map<Integer, String> pieces, int bos, int eos, int unk,
                        List<Integer> specials) {
        this.native_ = nativeTokenizer;
        this.pieces = pieces;
        this.vocabSize = pieces.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
        this.specials = specials;
    }

    /**
     * Loads {@code dir/tokenizer.json} (and, if present, {@code tokenizer_config.json} /
     * {@code special_tokens_map.json} for the special ids).
     *
     * @throws ModelLoadException if the file is missing or cannot be parsed
     */
    public static HfTokenizer load(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("No tokenizer.json in " + dir);
        }
        JsonNode root = readJson(file);
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> pieces = new HashMap<>();
        List<Integer> specials = new ArrayList<>();
        JsonNode model = root.path("model");
        JsonNode vocab = model.path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> e : vocab.properties()) {
                ids.put(e.getKey(), e.getValue().asInt());
                pieces.put(e.getValue().asInt(), e.getKey());
            }
        } else if (vocab.isArray()) {
            // Unigram: [[piece, score], ...] in id order
            for (int i = 0; i < vocab.size(); i++) {
                String p = vocab.get(i).get(0).asText();
                ids.putIfAbsent(p, i);
                pieces.put(i, p);
            }
        }
        for (JsonNode a : root.path("added_tokens")) {
            int id = a.path("id").asInt();
            String content = a.path("content").asText();
            ids.put(content, id);
            pieces.put(id, content);
            if (a.path("special").asBoolean(false)) {
                specials.add(id);
            }
        }
        JsonNode cfg = optionalJson(dir.resolve("tokenizer_config.json"));
        JsonNode map = optionalJson(dir.resolve("special_tokens_map.json"));
        int bos = specialId(ids, cfg, map, "bos_token");
        int eos = specialId(ids, cfg, map, "eos_token");
        int unk = specialId(ids, cfg, map, "unk_token");
        if (unk < 0) {
            if (model.path("unk_token").isTextual()) {
                unk = ids.getOrDefault(model.get("unk_token").asText(), -1);
            } else if (model.path("unk_id").canConvertToInt()) {
                unk = model.get("unk_id").asInt();
            }
        }
        TreeSet<Integer> all = new TreeSet<>(specials);
        for (int s : new int[] {bos, eos, unk}) {
            if (s >= 0) {
                all.add(s);
            }
        }
        HuggingFaceTokenizer t;
        try {
            t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .optWithOverflowingTokens(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
        return new HfTokenizer(t, pieces, bos, eos, unk, List.copyOf(all));
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode optionalJson(Path file) {
        return Files.isRegularFile(file) ? readJson(file) : null;
    }

    private static int specialId(Map<String, Integer> ids, JsonNode cfg, JsonNode map, String key) {
        for (JsonNode src : new JsonNode[] {cfg, map}) {
            if (src == null || !src.has(key) || src.get(key).isNull()) {
                continue;
            }
            JsonNode v = src.get(key);
            String content = v.isTextual() ? v.asText() : v.path("content").asText(null);
            if (content != null && ids.containsKey(content)) {
                return ids.get(content);
            }
        }
        return -1;
    }

    @Override
    public Encoding encode(String text, boolean addBos) {
        ai.djl.huggingface.tokenizers.Encoding e = native_.encode(text, false, false);
        long[] raw = e.getIds();
        String[] rawTokens = e.getTokens();
        CharSpan[] spans = e.getCharTokenSpans();
        long[] specialMask = e.getSpecialTokenMask();
        int[] utf16 = codePointToUtf16(text);
        int lead = addBos && bos >= 0 ? 1 : 0;
        int n = raw.length + lead;
        int[] ids = new int[n];
        String[] tokens = new String[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        if (lead == 1) {
            ids[0] = bos;
            tokens[0] = piece(bos);
            starts[0] = -1;
            ends[0] = -1;
            special[0] = true;
        }
        for (int i = 0; i < raw.length; i++) {
            int j = i + lead;
            ids[j] = (int) raw[i];
            tokens[j] = rawTokens[i];
            CharSpan s = spans[i];
            boolean isSpecial = specialMask[i] != 0 || specials.contains(ids[j]);
            if (s == null) {
                starts[j] = -1;
                ends[j] = -1;
            } else {
                starts[j] = utf16[Math.min(s.getStart(), utf16.length - 1)];
                ends[j] = utf16[Math.min(s.getEnd(), utf16.length - 1)];
            }
            special[j] = isSpecial;
        }
        return new Encoding(ids, tokens, starts, ends, special);
    }

    /** {@code out[k]} = UTF-16 index of code point {@code k}; {@code out[count]} = text length. */
    private static int[] codePointToUtf16(String text) {
        int[] out = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            out[cp++] = i;
        }
        out[cp] = text.length();
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return native_.decode(l, true);
    }

    @Override
    public String piece(int id) {
        String p = pieces.get(id);
        if (p == null) {
            throw new IllegalArgumentException("Token id " + id + " is not in the tokenizer vocabulary [0, " + vocabSize
                    + ")");
        }
        return p;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public int unkId() {
        return unk;
    }

    @Override
    public List<Integer> specialIds() {
        return Collections.unmodifiableList(specials);
    }
}
