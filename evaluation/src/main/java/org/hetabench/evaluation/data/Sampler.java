package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hetabench.core.util.Seeds;

/**
 * Seeded sampling of N instances per dataset. An instance is kept if its {@code Seeds.fold(seed,
 * hash(id))} is among the N smallest, so the choice depends only on the seed and the ids (not on list
 * order or on the other instances), and the sample for N is a subset of the sample for N+1. The result is
 * in source order; ids are unchanged.
 */
public final class Sampler {
    private Sampler() {}

    /** N instances (all of them if there are at most N). */
    public static List<Instance> sample(List<Instance> instances, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("sample size must be >= 0, got " + n);
        }
        Set<String> ids = new HashSet<>();
        for (Instance i : instances) {
            if (!ids.add(i.id())) {
                throw new IllegalArgumentException("Duplicate instance id '" + i.id() + "' in dataset " + i.dataset()
                        + "; sampling needs unique ids");
            }
        }
        if (n >= instances.size()) {
            return List.copyOf(instances);
        }
        List<Instance> ranked = new ArrayList<>(instances);
        ranked.sort(Comparator.comparingLong((Instance i) -> Seeds.fold(seed, Seeds.hash(i.id()))).thenComparing(Instance::id));
        Set<String> keep = new HashSet<>();
        for (int k = 0; k < n; k++) {
            keep.add(ranked.get(k).id());
        }
        return instances.stream().filter(i -> keep.contains(i.id())).toList();
    }

    /** Samples a load result, keeping its quarantine. */
    public static LoadResult sample(LoadResult r, int n, long seed) {
        return new LoadResult(r.dataset(), sample(r.instances(), n, seed), r.quarantine());
    }
}
