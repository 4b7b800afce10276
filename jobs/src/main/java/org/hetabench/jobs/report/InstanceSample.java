package org.hetabench.jobs.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hetabench.core.util.Seeds;
import org.hetabench.jobs.store.TargetRow;

/**
 * The instances that get heatmaps: up to {@code n} per dataset, drawn without replacement by a seeded
 * shuffle of the sorted instance ids, so that a rebuilt report shows the same instances whatever order
 * Spark returned the rows in. An instance id is drawn once per dataset and shown for every model.
 */
public final class InstanceSample {
    private InstanceSample() {}

    /**
     * @param instances instances of the run (any order, duplicates allowed)
     * @param perDataset how many instance ids per dataset ({@code >= 0})
     * @param seed sample seed
     * @return the chosen instances, sorted
     */
    public static List<TargetRow.InstanceKey> draw(Collection<TargetRow.InstanceKey> instances, int perDataset, long seed) {
        if (perDataset < 0) {
            throw new IllegalArgumentException("--heatmaps-per-dataset must be >= 0, got " + perDataset);
        }
        Map<String, TreeSet<String>> ids = new TreeMap<>();
        for (TargetRow.InstanceKey k : instances) {
            ids.computeIfAbsent(k.dataset(), d -> new TreeSet<>()).add(k.instanceId());
        }
        TreeSet<String> chosen = new TreeSet<>();
        for (Map.Entry<String, TreeSet<String>> e : ids.entrySet()) {
            List<String> l = new ArrayList<>(e.getValue());
            SplittableRandom rnd = new SplittableRandom(Seeds.fold(seed, Seeds.hash("report-heatmaps"), Seeds.hash(e.getKey())));
            int take = Math.min(perDataset, l.size());
            // Partial Fisher–Yates: the first `take` slots are a uniform sample without replacement.
            for (int i = 0; i < take; i++) {
                int j = i + rnd.nextInt(l.size() - i);
                String t = l.get(i);
                l.set(i, l.get(j));
                l.set(j, t);
                chosen.add(e.getKey() + "\u0000" + l.get(i));
            }
        }
        TreeSet<TargetRow.InstanceKey> out = new TreeSet<>();
        for (TargetRow.InstanceKey k : instances) {
            if (chosen.contains(k.dataset() + "\u0000" + k.instanceId())) {
                out.add(k);
            }
        }
        return List.copyOf(out);
    }
}
