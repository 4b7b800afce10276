package org.hetabench.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hetabench.jobs.store.TargetRow;
import org.junit.jupiter.api.Test;

/** The seeded heatmap sample. */
class InstanceSampleTest {
    static List<TargetRow.InstanceKey> keys() {
        List<TargetRow.InstanceKey> out = new ArrayList<>();
        for (String model : List.of("a", "b")) {
            for (int i = 0; i < 20; i++) {
                out.add(new TargetRow.InstanceKey(model, "d1", "i" + i));
                if (i < 2) {
                    out.add(new TargetRow.InstanceKey(model, "d2", "j" + i));
                }
            }
        }
        return out;
    }

    @Test
    void drawsNIdsPerDatasetAndShowsThemForEveryModel() {
        List<TargetRow.InstanceKey> s = InstanceSample.draw(keys(), 3, 7);
        assertEquals(3 * 2 + 2 * 2, s.size(), "3 of d1 and all 2 of d2, for both models");
        Set<String> d1 = new HashSet<>();
        s.stream().filter(k -> k.dataset().equals("d1")).forEach(k -> d1.add(k.instanceId()));
        assertEquals(3, d1.size());
    }

    @Test
    void theSampleDependsOnTheSeedNotOnTheRowOrder() {
        List<TargetRow.InstanceKey> shuffled = new ArrayList<>(keys());
        Collections.shuffle(shuffled, new Random(1));
        shuffled.addAll(keys().subList(0, 5));
        assertEquals(InstanceSample.draw(keys(), 3, 7), InstanceSample.draw(shuffled, 3, 7));
        assertNotEquals(InstanceSample.draw(keys(), 3, 7), InstanceSample.draw(keys(), 3, 8));
    }

    @Test
    void everyIdIsEquallyLikelyOverManySeeds() {
        int[] hits = new int[20];
        int seeds = 4000;
        for (int seed = 0; seed < seeds; seed++) {
            for (TargetRow.InstanceKey k : InstanceSample.draw(keys().subList(0, 22), 5, seed)) {
                if (k.dataset().equals("d1")) {
                    hits[Integer.parseInt(k.instanceId().substring(1))]++;
                }
            }
        }
        // Expected 4000·5/20 = 1000 per id; binomial sd ≈ 27, so ±150 is > 5 sd.
        for (int h : hits) {
            assertTrue(Math.abs(h - 1000) < 150, "hits " + java.util.Arrays.toString(hits));
        }
    }

    @Test
    void zeroGivesNothingAndNegativeIsAnError() {
        assertTrue(InstanceSample.draw(keys(), 0, 1).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> InstanceSample.draw(keys(), -1, 1));
    }
}
