package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data features that need a tokenizer or model: targets, LongRA filters, external annotations (stories260K). */
class ModelBoundDataTest {

    static CausalLm model;
    static Tokenizer tok;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(SharedFiles.stories260K(), Precision.FLOAT32);
        tok = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void goldFirstTokenFollowsTheContext() {
        // models/PROVENANCE.md: "Once upon a time" -> [1, 403, 407, 261, 378].
        assertEquals(378, TargetSpec.nextToken(" time").goldFirstTokenId(tok, "Once upon a"));
        assertEquals(261, TargetSpec.nextToken(" a time").goldFirstTokenId(tok, "Once upon"));
        assertThrows(IllegalArgumentException.class, () -> TargetSpec.generate(3, List.of()).goldFirstTokenId(tok, "x"));
    }

    @Test
    void singleTokenFilterMatchesTheDirectEncoding() throws Exception {
        Predicate<String> f = LongRaLoader.singleTokenFilter(tok);
        LoadResult all = TestData.catalog().load(Dataset.LONGRA_REBUILT);
        int kept = 0;
        for (Instance x : all.instances()) {
            for (String w : List.of(x.metadata().get("word_a"), x.metadata().get("word_b"))) {
                // llama2.c encoding adds the dummy-prefix space: one token iff " " + w is one piece.
                boolean direct = tok.encode(w, false).size() == 1;
                assertEquals(direct, f.test(w), w);
            }
        }
        DatasetManifest m = TestData.manifests().get("longra");
        ResolvedManifest r = TestData.resolver().resolve(m);
        LoadResult filtered = LongRaLoader.build(r.path("questions-words.txt"), r.path("analogy_templates.json"), f);
        kept = filtered.size();
        assertEquals(573, kept + filtered.quarantine().countsByReason().getOrDefault("word-filter", 0));
        assertTrue(kept < 573, "a 512-piece vocabulary splits most analogy words");
    }

    @Test
    void modelFilterKeepsExactlyTheInstancesTheModelPredictsWithAndWithoutTheDistractor() {
        List<Instance> some = Sampler.sample(TestData.catalog().load(Dataset.LONGRA_REBUILT).instances(), 24, 3);
        LoadResult in = new LoadResult("longra/rebuilt", some, new Quarantine());
        LoadResult out = new LongRaModelFilter(model).apply(in);
        assertEquals(24, out.size() + out.quarantine().countsByReason().getOrDefault("model-filter", 0));
        // Check each decision with unbatched forwards.
        for (Instance x : some) {
            int target = x.target().goldFirstTokenId(tok, x.text());
            boolean with = argmax(model.lastLogits(tok.encode(x.text(), true).ids())) == target;
            boolean without = argmax(model.lastLogits(tok.encode(LongRaModelFilter.withoutDistractor(x), true).ids())) == target;
            assertEquals(with && without, out.instances().contains(x), x.id());
        }
    }

    private static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    @Test
    void externalAnnotationsReplaceEvidenceByCharacterOrTokenSpans(@TempDir Path dir) throws Exception {
        List<Instance> xs = TestData.catalog().load(Dataset.CURATED_RELEASE_100).instances().subList(0, 3);
        Instance x0 = xs.get(0);
        Encoding e1 = tok.encode(xs.get(1).text(), true);
        Path f = dir.resolve("ann.jsonl");
        Files.writeString(f, "{\"id\": \"" + x0.id() + "\", \"char_spans\": [[0, 3]]}\n"
                + "{\"id\": \"" + xs.get(1).id() + "\", \"token_spans\": [[1, 3]]}\n");
        List<Instance> out = EvidenceOverrides.read(f).apply(xs, tok);
        assertEquals(List.of(new EvidenceSpan(0, 3, "external")), out.get(0).evidence());
        assertEquals("external:ann.jsonl", out.get(0).metadata().get("annotation"));
        // Token span [1, 3) covers tokens 1 and 2 of the BOS encoding; they map back to exactly those tokens.
        assertEquals(List.of(1, 2), java.util.Arrays.stream(out.get(1).evidenceTokens(e1)).boxed().toList());
        assertEquals(xs.get(2), out.get(2));
        Files.writeString(f, "{\"id\": \"nope\", \"char_spans\": [[0, 1]]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvidenceOverrides.read(f).apply(xs, tok));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
