package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1: every dataset loads from ../shared/data with the counts stated in PROVENANCE.md, and every
 * manifest checksum matches the mirrored file. Expected numbers below are copied from PROVENANCE.md.
 */
class DatasetLoadingTest {

    static DatasetCatalog catalog;

    @BeforeAll
    static void setUp() {
        catalog = TestData.catalog();
    }

    @Test
    void everyManifestFileResolvesFromTheMirrorsWithItsChecksum() {
        ManifestRegistry reg = TestData.manifests();
        assertEquals(Set.of("longra", "annotated-lambada", "tellmewhy", "wikibio", "narrativeqa", "sciq",
                "curated-heta-release", "stories260K", "aidreams260K"), new HashSet<>(reg.all().stream().map(DatasetManifest::name).toList()));
        Resolver r = TestData.resolver();
        int files = 0;
        for (DatasetManifest m : reg.all()) {
            assertTrue(!m.sources().isEmpty(), m.name() + " lists no official source");
            for (ResolvedFile f : r.resolve(m).files()) {
                assertEquals(ResolvedFile.Origin.MIRROR, f.origin());
                assertEquals(f.file().sha256(), f.sha256());
                if (f.file().bytes() != null) {
                    assertEquals(f.file().bytes().longValue(), f.path().toFile().length(), f.file().path());
                }
                files++;
            }
        }
        assertEquals(24, files);
    }

    @Test
    void stories260KManifestResolvesTheLoadedModelFiles() {
        ResolvedManifest m = TestData.resolver().resolve(TestData.manifests().get("stories260K"));
        assertEquals("b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696", m.files().get(0).sha256());
        assertEquals("037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312", m.files().get(1).sha256());
        assertTrue(m.manifest().files().get(0).urls().get(0).startsWith("https://huggingface.co/karpathy/tinyllamas/"));
    }

    @Test
    void countsMatchProvenance() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("longra/rebuilt", 573);
        expected.put("longra/unfiltered", 573);
        expected.put("longra/reagent-gpt2medium", 157);
        expected.put("longra/reagent-gpt2xl", 197);
        expected.put("annotated-lambada", 107);
        expected.put("tellmewhy/prompts", 20);
        expected.put("tellmewhy/annotated-test", 464);
        expected.put("wikibio/selfcheckgpt", 119);
        expected.put("wikibio/wikitext", 22);
        expected.put("wikibio/reagent-benchmark", 10);
        expected.put("narrativeqa/qa", 50);
        expected.put("sciq/train", 11679);
        expected.put("sciq/valid", 1000);
        expected.put("sciq/test", 1000);
        expected.put("curated-heta-release/2000", 2000);
        expected.put("curated-heta-release/100-unique", 100);
        expected.put("curated-nqa-sciq", 2000);
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (Dataset d : Dataset.values()) {
            LoadResult r = catalog.load(d);
            actual.put(d.datasetName(), r.size());
            Set<String> ids = new HashSet<>();
            r.instances().forEach(i -> assertTrue(ids.add(i.id()), "duplicate id " + i.id()));
            if (!d.datasetName().equals("curated-nqa-sciq")) {
                assertEquals(0, r.quarantine().size(), d.datasetName() + " quarantined " + r.quarantine().countsByReason());
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void longRaRebuiltFromAnalogiesEqualsTheDerivedFilePerCategory() {
        List<Instance> rebuilt = catalog.load(Dataset.LONGRA_REBUILT).instances();
        List<Instance> file = catalog.load(Dataset.LONGRA_UNFILTERED).instances();
        assertEquals(file.size(), rebuilt.size());
        for (int i = 0; i < file.size(); i++) {
            Instance f = file.get(i);
            Instance b = rebuilt.get(i);
            assertEquals(f.id(), b.id());
            assertEquals(f.text(), b.text(), f.id());
            assertEquals(f.segments(), b.segments(), f.id());
            assertEquals(f.target(), b.target(), f.id());
            assertEquals(f.evidence(), b.evidence(), f.id());
            for (String k : List.of("category", "pair_index", "word_a", "word_b", "antecedent_word", "target_word")) {
                assertEquals(f.metadata().get(k), b.metadata().get(k), f.id() + " " + k);
            }
        }
        Map<String, Integer> perCategory = new TreeMap<>();
        rebuilt.forEach(x -> perCategory.merge(x.metadata().get("category"), 1, Integer::sum));
        assertEquals(Map.ofEntries(Map.entry("capital-common-countries", 23), Map.entry("capital-world", 116),
                Map.entry("currency", 30), Map.entry("city-in-state", 68), Map.entry("family", 23),
                Map.entry("gram1-adjective-to-adverb", 32), Map.entry("gram2-opposite", 29), Map.entry("gram3-comparative", 37),
                Map.entry("gram4-superlative", 34), Map.entry("gram5-present-participle", 33),
                Map.entry("gram6-nationality-adjective", 41), Map.entry("gram7-past-tense", 40), Map.entry("gram8-plural", 37),
                Map.entry("gram9-plural-verbs", 30)), perCategory);
        Instance x = rebuilt.get(0);
        assertEquals("When my flight landed in Greece, I converted my currency and slowly fell asleep. (I had a terrifying dream"
                + " about my grandmother, but that's a story for another time). I was staying in the capital,", x.text());
        assertEquals(" Athens", x.target().gold());
        assertEquals("Greece", x.text().substring(x.evidence().get(0).start(), x.evidence().get(0).end()));
        Segment d = x.segments(SegmentRole.DISTRACTOR).get(0);
        assertEquals(81, d.start());
        assertEquals(166, d.end());
    }

    @Test
    void reagentLongRaKeepsItsCapitalisationAndFindsTheAntecedent() {
        List<Instance> medium = catalog.load(Dataset.LONGRA_REAGENT_GPT2MEDIUM).instances();
        Instance x = medium.get(0);
        assertEquals(" Athens", x.target().gold());
        assertEquals("Greece", x.text().substring(x.evidence().get(0).start(), x.evidence().get(0).end()));
        // Two currency prompts carry GPT-2-era capitalisation fixes ("Euro", "Won").
        long fixed = medium.stream().filter(i -> i.target().gold().equals(" Euro") || i.target().gold().equals(" Won")).count();
        assertEquals(2, fixed);
        assertTrue(medium.stream().allMatch(i -> i.text().substring(i.segments(SegmentRole.DISTRACTOR).get(0).start()).startsWith("(")));
    }

    @Test
    void tellMeWhyLabelsMatchProvenance() {
        List<Instance> a = catalog.load(Dataset.TELLMEWHY_ANNOTATED).instances();
        Map<String, Integer> onto = new TreeMap<>();
        Map<String, Integer> ans = new TreeMap<>();
        Set<String> narratives = new HashSet<>();
        for (Instance x : a) {
            onto.merge(x.metadata().get("ontology"), 1, Integer::sum);
            ans.merge(x.metadata().get("answerable"), 1, Integer::sum);
            narratives.add(x.roleText(SegmentRole.NARRATIVE));
            assertEquals(3, x.target().references().size(), x.id());
        }
        assertEquals(Map.of("Consequence", 140, "Goal seeking", 135, "Reactionary", 118, "Desire", 41, "Other", 30), onto);
        assertEquals(Map.of("Answerable", 307, "Not Answerable", 157), ans);
        assertEquals(190, narratives.size());
        List<Instance> p = catalog.load(Dataset.TELLMEWHY_PROMPTS).instances();
        assertEquals(4, p.stream().filter(x -> x.metadata().get("separator").equals("tab")).count());
        assertEquals("Why did He go ?", p.stream().filter(x -> x.text().startsWith("Jay took a trip")).findFirst().orElseThrow()
                .roleText(SegmentRole.QUESTION));
    }

    @Test
    void wikiBioAnnotationTotalsMatchProvenance() {
        List<Instance> w = catalog.load(Dataset.WIKIBIO_SELFCHECK).instances();
        int sentences = 0;
        for (Instance x : w) {
            sentences += Integer.parseInt(x.metadata().get("sentences"));
        }
        assertEquals(959, sentences);
        Instance second = w.get(1);
        assertEquals("49661", second.metadata().get("wiki_bio_test_idx"));
        assertEquals("This is a Wikipedia passage about Admiral of the Fleet Matthew Aylmer, 1st Baron Aylmer:", second.text());
        assertEquals("Robert Boulter is an English film , television and theatre actor",
                catalog.load(Dataset.WIKIBIO_WIKITEXT).instances().stream().filter(x -> x.text().startsWith("Robert"))
                        .findFirst().orElseThrow().text());
        List<Instance> b = catalog.load(Dataset.WIKIBIO_REAGENT_BENCHMARK).instances();
        assertEquals(5, b.stream().filter(x -> x.metadata().get("source_dataset").equals("wikitext")).count());
        assertEquals(5, b.stream().filter(x -> x.metadata().get("source_dataset").equals("roneneldan/TinyStories")).count());
        assertEquals("Robert Boulter is an English film , television and theatre actor.", b.get(1).text());
    }

    @Test
    void narrativeQaDocumentsAndSummariesMatchProvenance() {
        NarrativeQaLoader.Documents docs = NarrativeQaLoader.readDocuments(catalog.resolve("narrativeqa").path("documents.csv"));
        assertEquals(1572, docs.documents().size());
        assertEquals(0, docs.quarantine().size());
        Map<String, Integer> sets = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        docs.documents().forEach(d -> {
            sets.merge(d.set(), 1, Integer::sum);
            kinds.merge(d.kind(), 1, Integer::sum);
        });
        assertEquals(Map.of("train", 1102, "valid", 115, "test", 355), sets);
        assertEquals(Map.of("movie", 789, "gutenberg", 783), kinds);
        List<NarrativeQaLoader.Summary> s = NarrativeQaLoader.readSummaries(catalog.resolve("narrativeqa").path("test-tiny.jsonl"));
        assertEquals(47, s.size());
        int repairs = s.stream().mapToInt(NarrativeQaLoader.Summary::repairs).sum();
        assertTrue(repairs >= 5 && repairs <= 15, "PROVENANCE: about 10 mojibake sequences, repaired " + repairs);
        assertTrue(s.stream().noneMatch(x -> x.text().contains("\u00e2\u0080")));
        Instance q = catalog.load(Dataset.NARRATIVEQA_QA).instances().get(0);
        assertEquals("What do Phoebe and her sister do to earn their living?", q.roleText(SegmentRole.QUESTION));
        assertEquals(List.of("They set up a school.", "They are schoolmistresses."), q.target().references());
    }

    @Test
    void sciqSupportCountsMatchProvenance() {
        Map<String, int[]> expected = Map.of("train", new int[] {11679, 10481}, "valid", new int[] {1000, 887}, "test", new int[] {1000, 884});
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            SciQLoader.Split s = SciQLoader.readSplit(catalog.resolve("sciq").path(e.getKey() + ".json"), e.getKey());
            assertEquals(e.getValue()[0], s.records().size());
            LoadResult withSupport = SciQLoader.instances(s, true);
            assertEquals(e.getValue()[1], withSupport.size(), e.getKey());
            assertEquals(e.getValue()[0] - e.getValue()[1], withSupport.quarantine().countsByReason().get("empty-support"));
        }
        Instance t1 = catalog.load(Dataset.SCIQ_TEST).instances().get(1);
        assertEquals("What term in biotechnology means a genetically exact copy of an organism?", t1.roleText(SegmentRole.QUESTION));
        assertEquals(" clone", t1.target().gold());
        assertEquals("clone", t1.text().substring(t1.evidence().get(0).start(), t1.evidence().get(0).end()));
    }

    @Test
    void annotatedLambadaRationalesResolveToTheDocumentedWords() {
        List<Instance> l = catalog.load(Dataset.ANNOTATED_LAMBADA).instances();
        Instance x = l.stream().filter(i -> i.id().equals("lambada-66")).findFirst().orElseThrow();
        assertEquals(" scratches", x.target().gold());
        Set<String> words = new HashSet<>();
        x.evidence().forEach(e -> words.add(x.text().substring(e.start(), e.end())));
        assertEquals(Set.of("few", "walked", "away", "with", "shouldn't", "survived", "only"), words);
        assertTrue(x.text().endsWith("She and I walked away with only a few"));
    }

    @Test
    void curatedReleaseIsTheDocumentedToySet() {
        CuratedReleaseLoader.Stats big = CuratedReleaseLoader.stats(catalog.resolve("curated-heta-release").path("heta_qa_dataset_2000.json"));
        CuratedReleaseLoader.Stats small = CuratedReleaseLoader.stats(catalog.resolve("curated-heta-release").path("heta_qa_dataset_100_unique.json"));
        assertEquals(new CuratedReleaseLoader.Stats(2000, 2000, 10, 10, 100, big.description()), big);
        assertEquals(new CuratedReleaseLoader.Stats(100, 100, 10, 10, 100, small.description()), small);
        assertTrue(small.description().startsWith("Toy HETA-style dataset"));
        Instance x = catalog.load(Dataset.CURATED_RELEASE_100).instances().get(0);
        List<String> ev = x.evidence().stream().map(e -> x.text().substring(e.start(), e.end())).toList();
        // important_word_indices_in_sciq_support = [0, 1, 2, 5, 8, 10, 11, 12] over whitespace words.
        assertEquals(List.of("Photosynthesis", "primarily", "occurs", "leaves", "plant,", "chloroplasts", "capture", "light"), ev);
        assertEquals(" leaves", x.target().gold());
    }

    @Test
    void catalogListsEveryDatasetAndRendersMarkdown() {
        DatasetCatalog.Listing l = catalog.list();
        assertEquals(24, l.files().size());
        assertTrue(l.files().stream().allMatch(DatasetCatalog.FileEntry::verified));
        assertEquals(Dataset.values().length, l.datasets().size());
        l.datasets().forEach(d -> assertNull(d.error(), d.dataset()));
        assertEquals(110, l.activePassivePairs());
        String md = DatasetCatalog.toMarkdown(l);
        assertTrue(md.contains("| sciq/train | sciq | 11679 | 0 | – |"), md);
        assertTrue(md.contains("| curated-nqa-sciq | narrativeqa, sciq | 2000 |"), md);
        System.out.println(md);
    }
}
