package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivePassivePairsTest {

    static List<ActivePassivePairs.Pair> pairs() {
        return ActivePassivePairs.load(TestData.manifests().directory().resolve(ActivePassivePairs.FILE_NAME));
    }

    @Test
    void atLeastOneHundredDistinctPairsWithContentWordAlignment() {
        List<ActivePassivePairs.Pair> p = pairs();
        assertTrue(p.size() >= 100, "pairs: " + p.size());
        Set<String> actives = new HashSet<>();
        Set<String> excluded = Set.of("the", "a", "an", "was", "were", "by", "is", "are", "be", "been", "being");
        int verbPairs = 0;
        for (ActivePassivePairs.Pair x : p) {
            assertTrue(actives.add(x.active()), "duplicate sentence " + x.active());
            assertTrue(x.passive().contains(" was ") || x.passive().contains(" were "), x.id());
            assertTrue(x.passive().contains(" by "), x.id());
            assertTrue(x.aligned().size() >= 3, x.id());
            int lastActive = -1;
            for (ActivePassivePairs.AlignedWord w : x.aligned()) {
                assertFalse(excluded.contains(w.active().toLowerCase(Locale.ROOT)), x.id() + " aligns " + w.active());
                assertEquals(w.active(), x.active().substring(w.activeStart(), w.activeEnd()));
                assertEquals(w.passive(), x.passive().substring(w.passiveStart(), w.passiveEnd()));
                assertTrue(w.activeStart() > lastActive, x.id() + ": aligned words must be in active order");
                lastActive = w.activeStart();
                if (!w.active().equalsIgnoreCase(w.passive())) {
                    verbPairs++;
                }
            }
        }
        // Irregular verbs are aligned with their participles (ate ↔ eaten, threw ↔ thrown, …).
        assertTrue(verbPairs >= 15, "verb/participle alignments: " + verbPairs);
        ActivePassivePairs.Pair first = p.get(0);
        assertEquals("The little girl kicked the red ball.", first.active());
        assertEquals("The red ball was kicked by the little girl.", first.passive());
        assertEquals(List.of("little", "girl", "kicked", "red", "ball"), first.aligned().stream().map(ActivePassivePairs.AlignedWord::active).toList());
    }

    @Test
    void aMisplacedAlignmentIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, "{\"id\":\"ap-1\",\"active\":\"Tom ate the cake.\",\"passive\":\"The cake was eaten by Tom.\",\"aligned\":["
                + "{\"active\":\"Tom\",\"activeStart\":0,\"passive\":\"Tom\",\"passiveStart\":22},"
                + "{\"active\":\"ate\",\"activeStart\":4,\"passive\":\"eaten\",\"passiveStart\":14},"
                + "{\"active\":\"cake\",\"activeStart\":12,\"passive\":\"cake\",\"passiveStart\":4}]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivePassivePairs.load(f));
        assertTrue(e.getMessage().contains(f + ":1 (ap-1)"), e.getMessage());
        assertTrue(e.getMessage().contains("eaten"), e.getMessage());
    }
}
