package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small parts of the loaders checked against hand-made inputs. */
class LoaderPartsTest {

    @Test
    void csvHandlesQuotesEmbeddedNewlinesAndStrayCarriageReturns() {
        List<List<String>> rows = CsvTable.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\r\n1,2\n", false);
        assertEquals(List.of(List.of("a", "b"), List.of("x, y", "say \"hi\"\nthere"), List.of("1", "2")), rows);
        assertEquals(List.of(List.of("a", "b", "c")), CsvTable.parse("a, b, c", true));
    }

    @Test
    void mojibakeIsRepairedAndCounted() {
        String[] r = NarrativeQaLoader.repairMojibake("don\u00e2\u0080\u0099t \u00e2\u0080\u0094 caf\u00c3\u00a9, na\u00efve");
        assertEquals("don\u2019t \u2014 caf\u00e9, na\u00efve", r[0]);
        assertEquals("3", r[1]);
    }

    @Test
    void sentencesAndWordOccurrences() {
        String s = "Dr. Smith came. \"Really?\" she asked!\nAct 2\nThe end";
        List<String> sents = TextMatch.sentences(s).stream().map(x -> s.substring(x[0], x[1])).toList();
        assertEquals(List.of("Dr.", "Smith came.", "\"Really?\"", "she asked!", "Act 2", "The end"), sents);
        String t = "Ions and anions; ION-exchange. lions";
        assertEquals(List.of(List.of(0, 4)), TextMatch.wordOccurrences(t, "ions").stream().map(a -> List.of(a[0], a[1])).toList());
        assertEquals(List.of(List.of(17, 20)), TextMatch.wordOccurrences(t, "ion").stream().map(a -> List.of(a[0], a[1])).toList());
    }

    @Test
    void wikiBioConceptIsTheParagraphSubject() {
        assertEquals("Derek King", WikiBioLoader.concept("Derek King (7 September 1948 - 28 April 2014) was an Australian rules footballer."));
        assertEquals("Stereophonics", WikiBioLoader.concept("Stereophonics are a Welsh rock band that formed in 1992."));
        assertEquals(null, WikiBioLoader.concept("No verb here at all"));
    }

    @Test
    void instanceRejectsSegmentsThatDoNotTileTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Instance("i", "d", "abcdef",
                List.of(new Segment(SegmentRole.CONTEXT, 0, 3)), TargetSpec.nextToken(" x"), List.of(), new java.util.TreeMap<>()));
        assertTrue(e.getMessage().contains("segments end at 3 but the text has 6"), e.getMessage());
        Instance.Builder b = Instance.builder("i", "d");
        b.append(SegmentRole.DISTRACTOR, "ab");
        b.append(SegmentRole.SEPARATOR, " | ");
        int s = b.append(SegmentRole.EVIDENCE, "cd");
        Instance x = b.evidence(s, s + 2, "answer").target(TargetSpec.nextToken(" e")).build();
        assertEquals("ab | cd", x.text());
        assertEquals(List.of(new Segment(SegmentRole.DISTRACTOR, 0, 2), new Segment(SegmentRole.SEPARATOR, 2, 5),
                new Segment(SegmentRole.EVIDENCE, 5, 7)), x.segments());
    }

    @Test
    void annotatedLambadaQuarantinesSpansThatReachTheTarget(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("l.json");
        Files.writeString(f, "{\"lambadaIndex\":\"1\",\"text\":\"the cat sat on the mat\",\"rationale\":[[4,7]]}\n"
                + "{\"lambadaIndex\":\"2\",\"text\":\"the cat sat on the mat\",\"rationale\":[[19,22]]}\n"
                + "{\"lambadaIndex\":\"3\",\"text\":\"\",\"rationale\":[]}\n");
        LoadResult r = AnnotatedLambadaLoader.read(f);
        assertEquals(1, r.size());
        assertEquals("the cat sat on the", r.instances().get(0).text());
        assertEquals(" mat", r.instances().get(0).target().gold());
        assertEquals(Map.of("span-out-of-range", 1, "missing-field", 1), r.quarantine().countsByReason());
    }

    @Test
    void longRaBuildQuarantinesMalformedLinesAndUnknownSections(@TempDir Path dir) throws Exception {
        Path q = dir.resolve("q.txt");
        Files.writeString(q, ": family\nboy girl brother sister\nboy girl\n: unknown-section\na b c d\n");
        Path t = dir.resolve("t.json");
        Files.writeString(t, "{\"family\": {\"template\": \"I invited my [A]. (Never mind). Then also my [B]\", \"target_slot\": \"B\","
                + " \"antecedent_slot\": \"A\", \"distractor\": \"(Never mind).\"}}");
        LoadResult r = LongRaLoader.build(q, t);
        assertEquals(2, r.size());
        assertEquals(Map.of("malformed-line", 1, "no-template", 1), r.quarantine().countsByReason());
        Instance x = r.instances().get(1);
        assertEquals("I invited my brother. (Never mind). Then also my", x.text());
        assertEquals(" sister", x.target().gold());
        assertArrayEquals(new int[] {13, 20}, new int[] {x.evidence().get(0).start(), x.evidence().get(0).end()});
        assertEquals("(Never mind).", x.roleText(SegmentRole.DISTRACTOR));
        assertEquals("I invited my brother. Then also my", LongRaModelFilter.withoutDistractor(x));
    }
}
