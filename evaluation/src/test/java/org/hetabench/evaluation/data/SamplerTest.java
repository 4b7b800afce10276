package org.hetabench.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {

    static List<Instance> instances(int n) {
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instance.Builder b = Instance.builder("x-" + i, "t");
            b.append(SegmentRole.CONTEXT, "text " + i);
            b.target(TargetSpec.nextToken(" y"));
            out.add(b.build());
        }
        return out;
    }

    @Test
    void sampleIsSeededStableOrderedAndNested() {
        List<Instance> all = instances(200);
        List<Instance> a = Sampler.sample(all, 20, 1);
        assertEquals(20, a.size());
        assertEquals(a, Sampler.sample(all, 20, 1));
        assertNotEquals(a, Sampler.sample(all, 20, 2));
        // Source order is kept.
        List<Integer> idx = a.stream().map(all::indexOf).toList();
        List<Integer> sorted = new ArrayList<>(idx);
        Collections.sort(sorted);
        assertEquals(sorted, idx);
        // The choice does not depend on the list order, and N is a subset of N+1.
        List<Instance> shuffled = new ArrayList<>(all);
        Collections.reverse(shuffled);
        assertEquals(a.stream().map(Instance::id).sorted().toList(),
                Sampler.sample(shuffled, 20, 1).stream().map(Instance::id).sorted().toList());
        assertTrue(Sampler.sample(all, 21, 1).containsAll(a));
        assertEquals(all, Sampler.sample(all, 500, 1));
    }

    @Test
    void overLongInstancesAreQuarantinedWithTheirLength() {
        LoadResult r = Dataset.limitLength(new LoadResult("t", instances(12), new Quarantine()), 6);
        // "text 0" … "text 9" have 6 characters, "text 10" and "text 11" have 7.
        assertEquals(10, r.size());
        assertEquals(List.of("x-10", "x-11"), r.quarantine().entries().stream().map(Quarantine.Entry::source).toList());
        assertEquals("7 characters > 6", r.quarantine().entries().get(0).detail());
    }

    @Test
    void duplicateIdsAndNegativeSizesAreErrors() {
        List<Instance> dup = new ArrayList<>(instances(3));
        dup.add(dup.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.sample(dup, 2, 1));
        assertTrue(e.getMessage().contains("x-0"));
        assertThrows(IllegalArgumentException.class, () -> Sampler.sample(instances(3), -1, 1));
    }
}
