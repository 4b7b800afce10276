package org.hetabench.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hetabench.core.io.ModelLoadException;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-written WordLevel tokenizer.json through {@link HfTokenizer}. */
class HfTokenizerTest {

    static final String TOKENIZER = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
             "model": {"type": "WordLevel", "unk_token": "<unk>",
               "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "the": 3, "cat": 4, "sat": 5, "\\ud83d\\ude00": 6, "on": 7,
                         "mat": 8, ".": 9}}}
            """;

    /** model_max_length 16 would truncate if the library applied it. */
    static final String CONFIG = """
            {"bos_token": "<s>", "eos_token": {"content": "</s>", "special": true}, "unk_token": "<unk>",
             "model_max_length": 16}
            """;

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER);
        Files.writeString(dir.resolve("tokenizer_config.json"), CONFIG);
        return dir;
    }

    @Test
    void idsOffsetsAndSpecialTokens(@TempDir Path tmp) throws IOException {
        HfTokenizer t = HfTokenizer.load(write(tmp));
        assertEquals(1, t.bosId());
        assertEquals(2, t.eosId());
        assertEquals(0, t.unkId());
        assertEquals(10, t.vocabSize());
        assertTrue(t.specialIds().containsAll(java.util.List.of(0, 1, 2)));
        assertEquals("cat", t.piece(4));
        assertThrows(IllegalArgumentException.class, () -> t.piece(10));
        // the emoji is two UTF-16 units: offsets after it must be Java string indices, not code points
        String text = "the cat \ud83d\ude00 sat.";
        Encoding e = t.encode(text, true);
        assertArrayEquals(new int[] {1, 3, 4, 6, 5, 9}, e.ids());
        assertArrayEquals(new int[] {-1, 0, 4, 8, 11, 14}, e.starts());
        assertArrayEquals(new int[] {-1, 3, 7, 10, 14, 15}, e.ends());
        assertArrayEquals(new boolean[] {true, false, false, false, false, false}, e.special());
        assertEquals("sat", text.substring(e.starts()[4], e.ends()[4]));
        assertEquals("the", e.tokens()[1]);
        assertArrayEquals(new int[] {3, 4, 0}, t.encode("the cat dog", false).ids());
        assertEquals("the cat sat", t.decode(new int[] {1, 3, 4, 5}));
    }

    @Test
    void neverTruncates(@TempDir Path tmp) throws IOException {
        HfTokenizer t = HfTokenizer.load(write(tmp));
        String text = "the cat sat on the mat . ".repeat(100);
        assertEquals(700, t.encode(text, false).size());
        assertEquals(701, t.encode(text, true).size());
    }

    @Test
    void modelDirectoryLoadsItsTokenizer(@TempDir Path tmp) throws IOException {
        Path src = SharedFiles.file("golden/tiny-hf/qwen2");
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        Files.copy(src.resolve("model.safetensors"), tmp.resolve("model.safetensors"));
        try (CausalLm m = ModelLoader.load(tmp, Precision.FLOAT32)) {
            assertFalse(m.tokenizer().isPresent());
        }
        write(tmp);
        try (CausalLm m = ModelLoader.load(tmp, Precision.FLOAT32)) {
            assertEquals(1, m.tokenizer().orElseThrow().bosId());
            assertArrayEquals(new int[] {1, 3, 4}, m.tokenizer().orElseThrow().encode("the cat", true).ids());
        }
        Files.writeString(tmp.resolve("tokenizer.json"), "{not json");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, Precision.FLOAT32));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }
}
