package org.hetabench.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hetabench.core.tokenizer.Encoding;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.core.util.Seeds;
import org.hetabench.evaluation.data.Dataset;
import org.hetabench.evaluation.data.DatasetCatalog;
import org.hetabench.evaluation.data.Instance;
import org.hetabench.evaluation.data.LoadResult;
import org.hetabench.evaluation.data.ManifestRegistry;
import org.hetabench.evaluation.data.Resolver;
import org.hetabench.evaluation.data.SegmentRole;
import org.hetabench.evaluation.data.TargetSpec;
import org.hetabench.jobs.config.DatasetSpec;

/**
 * Instances from the dataset loaders (through the manifests and the resolver), sampled with a seed and
 * tokenized by the model's tokenizer. Suite names may be the loaders' names ({@code longra/rebuilt}) or
 * the short aliases {@code curated}, {@code longra}, {@code tellmewhy}, {@code wikibio},
 * {@code narrativeqa}, {@code sciq}. Instances that cannot be used with this model (longer than its
 * context, a gold answer that does not start a token) are quarantined with a reason, never dropped.
 */
public final class ManifestInstanceSource implements InstanceSource {
    /** Short suite names and the loader each stands for. */
    public static final Map<String, String> ALIASES = Map.of(
            "curated", "curated-nqa-sciq",
            "curated-release", "curated-heta-release/2000",
            "longra", "longra/rebuilt",
            "tellmewhy", "tellmewhy/prompts",
            "wikibio", "wikibio/selfcheckgpt",
            "narrativeqa", "narrativeqa/qa",
            "sciq", "sciq/test",
            "lambada", "annotated-lambada");

    private final DatasetCatalog catalog;

    public ManifestInstanceSource() {
        this.catalog = new DatasetCatalog(ManifestRegistry.loadDefault(), new Resolver(Resolver.Config.fromEnvironment()));
    }

    /** The loader a suite name stands for (fails with a "did you mean" for unknown names). */
    public static Dataset dataset(String name) {
        String canonical = ALIASES.getOrDefault(name, name);
        for (Dataset d : Dataset.values()) {
            if (d.datasetName().equals(canonical)) {
                return d;
            }
        }
        java.util.List<String> known = new ArrayList<>(new java.util.TreeSet<>(ALIASES.keySet()));
        for (Dataset d : Dataset.values()) {
            known.add(d.datasetName());
        }
        throw new IllegalArgumentException("Unknown dataset '" + name + "'"
                + org.hetabench.core.util.Suggestions.didYouMean(name, known) + " Known: " + String.join(", ", known));
    }

    @Override
    public Batch instances(DatasetSpec spec, Tokenizer tokenizer, int maxContext, long seed) {
        if (tokenizer == null) {
            throw new IllegalArgumentException("Dataset '" + spec.name() + "' needs the model's tokenizer, and the model has none");
        }
        Dataset d = dataset(spec.name());
        LoadResult all = catalog.load(d);
        Map<String, Long> quarantined = new TreeMap<>();
        all.quarantine().countsByReason().forEach((r, n) -> quarantined.merge("load: " + r, (long) n, Long::sum));
        // Walk a seeded permutation (the sampler's order, stable per instance id) and keep the first N instances
        // this model can use; the ones passed over are counted in the quarantine. The kept ones are returned in
        // dataset order.
        List<Instance> order = new ArrayList<>(all.instances());
        if (spec.sample() > 0) {
            // The same seeded ranking as Sampler: stable per instance id, independent of file order.
            order.sort(java.util.Comparator.comparingLong((Instance i) -> Seeds.fold(seed, Seeds.hash(i.id())))
                    .thenComparing(Instance::id));
        }
        Map<String, BenchInstance> kept = new java.util.HashMap<>();
        for (Instance inst : order) {
            if (spec.sample() > 0 && kept.size() == spec.sample()) {
                break;
            }
            try {
                if (kept.put(inst.id(), convert(inst, spec, tokenizer, maxContext)) != null) {
                    throw new IllegalStateException("Duplicate instance id '" + inst.id() + "' in dataset " + spec.name());
                }
            } catch (IllegalArgumentException e) {
                quarantined.merge(reason(e.getMessage()), 1L, Long::sum);
            }
        }
        List<BenchInstance> out = new ArrayList<>();
        for (Instance inst : all.instances()) {
            if (kept.containsKey(inst.id())) {
                out.add(kept.get(inst.id()));
            }
        }
        return new Batch(out, quarantined);
    }

    private static String reason(String message) {
        if (message.contains("longer than the model")) {
            return "longer than the model's context";
        }
        if (message.contains("longer than the suite's maxTokens")) {
            return "longer than the suite's maxTokens";
        }
        if (message.contains("spans the end of the context")) {
            return "gold answer does not start a new token";
        }
        return message.length() > 120 ? message.substring(0, 120) : message;
    }

    static BenchInstance convert(Instance inst, DatasetSpec spec, Tokenizer tok, int maxContext) {
        Encoding enc = tok.encode(inst.text(), tok.bosId() >= 0);
        int[] ids = enc.ids();
        int target;
        int steps = 0;
        if (inst.target().kind() == TargetSpec.Kind.NEXT_TOKEN) {
            target = inst.target().goldFirstTokenId(tok, inst.text());
        } else {
            target = -1;
            steps = spec.generate() > 0 ? spec.generate() : inst.target().tokens();
        }
        if (ids.length + Math.max(1, steps) > maxContext) {
            throw new IllegalArgumentException("Instance " + inst.id() + " is longer than the model's context ("
                    + ids.length + " tokens + " + Math.max(1, steps) + " > " + maxContext + ")");
        }
        if (spec.maxTokens() > 0 && ids.length + Math.max(1, steps) > spec.maxTokens()) {
            throw new IllegalArgumentException("Instance " + inst.id() + " is longer than the suite's maxTokens ("
                    + ids.length + " tokens + " + Math.max(1, steps) + " > " + spec.maxTokens() + ")");
        }
        boolean[] prot = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            prot[i] = enc.special()[i];
        }
        Map<String, int[]> segments = new LinkedHashMap<>();
        for (SegmentRole role : SegmentRole.values()) {
            int[] pos = inst.tokenPositions(enc, role);
            if (pos.length > 0) {
                segments.put(role.name().toLowerCase(), pos);
            }
        }
        // DSA reads the narrative/distractor segment and the evidence-bearing support segment.
        if (segments.containsKey("evidence")) {
            segments.put("support", segments.get("evidence"));
        }
        Map<String, String> meta = new TreeMap<>(inst.metadata());
        return new BenchInstance(inst.dataset(), inst.id(), ids, target, steps, inst.evidenceTokens(enc), prot, segments,
                meta);
    }
}
