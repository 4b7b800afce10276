package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CuratedSetBuilderTest {

    static List<NarrativeQaLoader.Summary> summaries;
    static List<SciQLoader.Record> sciq;

    @BeforeAll
    static void read() {
        DatasetCatalog c = TestData.catalog();
        summaries = NarrativeQaLoader.readSummaries(c.resolve("narrativeqa").path("test-tiny.jsonl"));
        sciq = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) {
            sciq.addAll(SciQLoader.readSplit(c.resolve("sciq").path(split + ".json"), split).records());
        }
    }

    @Test
    void buildsTwoThousandAnnotatedInstancesReproducibly() {
        CuratedSetBuilder.Options o = CuratedSetBuilder.Options.defaults();
        LoadResult a = new CuratedSetBuilder(summaries, sciq, o).build();
        LoadResult b = new CuratedSetBuilder(summaries, sciq, o).build();
        assertEquals(2000, a.size());
        assertArrayEquals(CuratedSetBuilder.toJsonl(a.instances()), CuratedSetBuilder.toJsonl(b.instances()));
        System.out.println(CuratedSetSummary.of(a).toMarkdown());
        CuratedSetBuilder.writeJsonl(a.instances(), java.nio.file.Path.of("target", "curated-nqa-sciq.jsonl"));
    }
}
