package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedSetBuilderTest {

    static List<NarrativeQaLoader.Summary> summaries;
    static List<SciQLoader.Record> sciq;
    static LoadResult built;

    @BeforeAll
    static void read() {
        DatasetCatalog c = TestData.catalog();
        summaries = NarrativeQaLoader.readSummaries(c.resolve("narrativeqa").path("test-tiny.jsonl"));
        sciq = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) {
            sciq.addAll(SciQLoader.readSplit(c.resolve("sciq").path(split + ".json"), split).records());
        }
        built = new CuratedSetBuilder(summaries, sciq, CuratedSetBuilder.Options.defaults()).build();
    }

    @Test
    void buildsTwoThousandAnnotatedInstancesByteIdenticallyForTheSameSeed(@TempDir Path dir) throws Exception {
        assertEquals(2000, built.size());
        LoadResult again = new CuratedSetBuilder(summaries, sciq, CuratedSetBuilder.Options.defaults()).build();
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        CuratedSetBuilder.writeJsonl(built.instances(), a);
        CuratedSetBuilder.writeJsonl(again.instances(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(2000, Files.readAllLines(b).size());
        // Round trip through JSONL gives the same records.
        assertEquals(built.instances(), CuratedSetBuilder.readJsonl(a));
        System.out.println(CuratedSetSummary.of(built).toMarkdown());
    }

    @Test
    void anotherSeedChoosesOtherInstancesWithTheSameIdScheme() {
        LoadResult other = new CuratedSetBuilder(summaries, sciq, CuratedSetBuilder.Options.defaults().withSeed(7)).build();
        assertEquals(2000, other.size());
        Set<String> ids = new HashSet<>();
        built.instances().forEach(i -> ids.add(i.id()));
        long common = other.instances().stream().filter(i -> ids.contains(i.id())).count();
        assertTrue(common < 1000, "different seeds should mostly pick different records, common=" + common);
        // The quarantine looks at every SciQ record, so it does not depend on the seed.
        assertEquals(built.quarantine().countsByReason(), other.quarantine().countsByReason());
    }

    @Test
    void quarantineCoversEverySciQRecordAndEmptySupportsMatchProvenance() {
        Map<String, Integer> reasons = built.quarantine().countsByReason();
        // PROVENANCE.md §5: supports present in 10,481 / 887 / 884 of 11,679 / 1,000 / 1,000 records.
        assertEquals((11679 - 10481) + (1000 - 887) + (1000 - 884), reasons.get("empty-support"));
        assertTrue(reasons.getOrDefault("answer-not-in-support", 0) > 0);
        assertEquals(13679, sciq.size());
        assertTrue(built.quarantine().size() + 2000 <= 13679);
    }

    @Test
    void everyInstanceHasTheLayoutAndAnAnswerSpanInsideTheSupport() {
        Set<String> ids = new HashSet<>();
        for (Instance x : built.instances()) {
            assertTrue(ids.add(x.id()), "duplicate id " + x.id());
            String narrative = x.roleText(SegmentRole.DISTRACTOR);
            String support = x.roleText(SegmentRole.EVIDENCE);
            String question = x.roleText(SegmentRole.QUESTION);
            assertEquals(narrative + " <s> " + support + " <s> Question: " + question, x.text(), x.id());
            Segment sup = x.segments(SegmentRole.EVIDENCE).get(0);
            String answer = x.metadata().get("answer");
            assertEquals(" " + answer, x.target().gold());
            int answers = 0;
            for (EvidenceSpan e : x.evidence()) {
                assertTrue(e.start() >= sup.start() && e.end() <= sup.end(), x.id() + ": evidence outside the support");
                if (e.label().equals("answer")) {
                    answers++;
                    assertEquals(answer.toLowerCase(Locale.ROOT), x.text().substring(e.start(), e.end()).toLowerCase(Locale.ROOT));
                } else {
                    String w = x.text().substring(e.start(), e.end());
                    Set<String> qn = new HashSet<>();
                    for (String qw : question.split("[^\\p{L}\\p{N}'’-]+")) {
                        qn.add(ContentWords.normalize(qw.replaceAll("^['’-]+|['’-]+$", "")));
                    }
                    assertTrue(qn.contains(ContentWords.normalize(w)), x.id() + ": " + w + " not in " + qn);
                }
            }
            assertEquals(1, answers, x.id());
            assertTrue(TextMatch.wordOccurrences(narrative, answer).isEmpty(), x.id() + ": distractor contains the answer");
            assertTrue(narrative.length() <= 300 && support.length() <= 450 && question.length() <= 200, x.id());
        }
    }

    @Test
    void rejectsBadRowsWithAReasonEach() {
        List<SciQLoader.Record> rows = List.of(
                new SciQLoader.Record("t", 0, "What gas do plants absorb?", "carbon dioxide", "", List.of()),
                new SciQLoader.Record("t", 1, "What gas do plants absorb?", "carbon dioxide", "Plants absorb oxygen at night.", List.of()),
                new SciQLoader.Record("t", 2, "Is water made of water?", "water", "Water is wet.", List.of()),
                new SciQLoader.Record("t", 3, "Q".repeat(250) + "?", "x", "x marks it.", List.of()),
                new SciQLoader.Record("t", 4, "What do plants absorb from the air?", "carbon dioxide",
                        "Leaves are green. Plants absorb carbon dioxide from the air. They release oxygen.", List.of()));
        List<NarrativeQaLoader.Summary> s = List.of(new NarrativeQaLoader.Summary("s0",
                "The hero walks into the dark forest alone. He finds an old map under a rock.", 0));
        LoadResult r = new CuratedSetBuilder(s, rows, CuratedSetBuilder.Options.defaults().withSize(1)).build();
        assertEquals(Map.of("empty-support", 1, "answer-not-in-support", 1, "answer-in-question", 1, "question-over-long", 1),
                r.quarantine().countsByReason());
        Instance x = r.instances().get(0);
        assertEquals("curated-sciq-t-00004", x.id());
        List<String> ev = x.evidence().stream().map(e -> x.text().substring(e.start(), e.end()) + "/" + e.label()).toList();
        assertEquals(List.of("Plants/shared-word", "absorb/shared-word", "carbon dioxide/answer", "air/shared-word"), ev);
        assertThrows(IllegalArgumentException.class,
                () -> new CuratedSetBuilder(s, rows, CuratedSetBuilder.Options.defaults().withSize(2)).build());
    }

    @Test
    void picksTheAnswerOccurrenceTheQuestionPointsTo() {
        // "oxygen" occurs twice; the question's words (plants, release) point to the second sentence.
        List<SciQLoader.Record> rows = List.of(new SciQLoader.Record("t", 0, "What gas do plants release during the day?",
                "oxygen", "Animals breathe oxygen to live. During the day plants release oxygen into the air.", List.of()));
        List<NarrativeQaLoader.Summary> s = List.of(new NarrativeQaLoader.Summary("s0", "The old king sleeps in his tower all winter.", 0));
        Instance x = new CuratedSetBuilder(s, rows, CuratedSetBuilder.Options.defaults().withSize(1)).build().instances().get(0);
        EvidenceSpan ans = x.evidence().stream().filter(e -> e.label().equals("answer")).findFirst().orElseThrow();
        int supportStart = x.segments(SegmentRole.EVIDENCE).get(0).start();
        assertEquals("Animals breathe oxygen to live. During the day plants release ".length(), ans.start() - supportStart);
        assertNotEquals(-1, x.text().indexOf("The old king"));
    }

    @Test
    void longSupportsBecomeASentenceWindowAroundTheAnswer() {
        String filler = "This sentence is only here to make the paragraph long enough for the budget. ";
        String support = filler.repeat(6) + "Ice melts into liquid water when heated. " + filler.repeat(6);
        List<SciQLoader.Record> rows = List.of(new SciQLoader.Record("t", 0, "What does ice melt into when heated?", "liquid water", support.strip(), List.of()));
        List<NarrativeQaLoader.Summary> s = List.of(new NarrativeQaLoader.Summary("s0", "The old king sleeps in his tower all winter.", 0));
        CuratedSetBuilder.Options o = CuratedSetBuilder.Options.defaults().withSize(1).withSeed(1).withBudgets(300, 200, 200);
        Instance x = new CuratedSetBuilder(s, rows, o).build().instances().get(0);
        String window = x.roleText(SegmentRole.EVIDENCE);
        assertTrue(window.length() <= 200);
        assertTrue(window.contains("Ice melts into liquid water when heated."));
        assertEquals("true", x.metadata().get("support_truncated"));
        assertFalse(window.startsWith(" ") || window.endsWith(" "));
    }

    @Test
    void aTokenBudgetQuarantinesInstancesTooLongForTheTokenizer() {
        try (org.hetabench.core.model.CausalLm m = org.hetabench.core.model.ModelLoader.load(
                org.hetabench.core.testing.SharedFiles.stories260K(), org.hetabench.core.model.Precision.FLOAT32)) {
            org.hetabench.core.tokenizer.Tokenizer tok = m.tokenizer().orElseThrow();
            CuratedSetBuilder.Options o = CuratedSetBuilder.Options.defaults().withSize(20).withTokenBudget(tok, 260);
            LoadResult r = new CuratedSetBuilder(summaries, sciq, o).build();
            assertEquals(20, r.size());
            for (Instance x : r.instances()) {
                assertTrue(tok.encode(x.text(), true).size() <= 260, x.id());
            }
            assertTrue(r.quarantine().countsByReason().getOrDefault("over-long-tokens", 0) > 0);
        }
    }

    @Test
    void dropsALeadingArticleFromTheTargetAnswer() {
        assertEquals("zygote", CuratedSetBuilder.targetAnswer("a zygote"));
        assertEquals("Earth", CuratedSetBuilder.targetAnswer("the Earth"));
        assertEquals("anion", CuratedSetBuilder.targetAnswer("anion"));
        assertEquals("a", CuratedSetBuilder.targetAnswer("a"));
    }
}
