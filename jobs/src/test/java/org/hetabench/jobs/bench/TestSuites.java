package org.hetabench.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hetabench.core.testing.SharedFiles;
import org.hetabench.jobs.config.DatasetSpec;
import org.hetabench.jobs.config.ModelPreset;
import org.hetabench.jobs.config.SuiteConfig;

/** Small suites over the golden prompts, so job tests do not depend on dataset loaders. */
final class TestSuites {
    private TestSuites() {}

    static ModelPreset stories() {
        return new ModelPreset("stories260K", SharedFiles.stories260K().toString(), "stories260K", "float32", 16, Map.of());
    }

    /** The golden prompts (and prefixes of them), each with its greedy target, plus one generated-target instance. */
    static List<BenchInstance> instances() {
        List<BenchInstance> out = new ArrayList<>();
        var prompts = SharedFiles.json("golden/stories260K-forward.json").get("prompts");
        int k = 0;
        for (var p : prompts) {
            int[] ids = SharedFiles.ints(p.get("ids"));
            for (int cut = 4; cut <= ids.length; cut += 6) {
                int[] ctx = java.util.Arrays.copyOf(ids, cut);
                int target = cut < ids.length ? ids[cut] : p.get("argmax").asInt();
                boolean[] prot = new boolean[ctx.length];
                prot[0] = true;
                out.add(new BenchInstance("golden", "g" + (k++), ctx, target, 0, new int[] {ctx.length - 1}, prot, Map.of(), Map.of()));
            }
        }
        boolean[] prot = new boolean[5];
        prot[0] = true;
        out.add(new BenchInstance("golden", "gen0", new int[] {1, 403, 407, 261, 378}, -1, 2, new int[0], prot, Map.of(), Map.of()));
        return out;
    }

    static SuiteConfig suite(String output, List<String> methods, Map<String, String> params, int chunk) {
        return new SuiteConfig("test", "", List.of(stories()), List.of(new DatasetSpec("golden", 0, 0)), methods, params,
                List.of(Map.of()), List.of(), Map.of(), List.of(0L), output,
                Map.of("chunkSize", Integer.toString(chunk), "partitions", "2"), false, "test: true\n", "hash");
    }

    static List<WorkItem> items(SuiteConfig cfg, String runId) {
        InstanceSource src = (ds, tok, max, seed) -> new InstanceSource.Batch(instances(), Map.of());
        RunPlanner planner = new RunPlanner(src, m -> new RunPlanner.ModelInfo(null, 512));
        return planner.plan(cfg, runId).items();
    }
}
