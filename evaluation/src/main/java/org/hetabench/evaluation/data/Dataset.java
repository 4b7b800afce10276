package org.hetabench.evaluation.data;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.hetabench.core.util.Suggestions;

/**
 * Every dataset the benchmark can load, by its catalog name, with the manifests it needs and its loader.
 * Loaders use the defaults of {@link DatasetDefaults}; call the loader classes directly for other options.
 */
public enum Dataset {
    LONGRA_REBUILT("longra/rebuilt", List.of("longra"), f -> LongRaLoader.build(
            f.apply("longra").path("questions-words.txt"), f.apply("longra").path("analogy_templates.json"))),
    LONGRA_UNFILTERED("longra/unfiltered", List.of("longra"), f -> LongRaLoader.readUnfiltered(
            f.apply("longra").path("longra_unfiltered.jsonl"))),
    LONGRA_REAGENT_GPT2MEDIUM("longra/reagent-gpt2medium", List.of("longra"), f -> LongRaLoader.readReagent(
            f.apply("longra").path("longra_reagent_gpt2medium.jsonl"), f.apply("longra").path("longra_unfiltered.jsonl"),
            "longra/reagent-gpt2medium")),
    LONGRA_REAGENT_GPT2XL("longra/reagent-gpt2xl", List.of("longra"), f -> LongRaLoader.readReagent(
            f.apply("longra").path("longra_reagent_gpt2xl.jsonl"), f.apply("longra").path("longra_unfiltered.jsonl"),
            "longra/reagent-gpt2xl")),
    ANNOTATED_LAMBADA("annotated-lambada", List.of("annotated-lambada"), f -> AnnotatedLambadaLoader.read(
            f.apply("annotated-lambada").path("annotated_lambada.json"))),
    TELLMEWHY_PROMPTS("tellmewhy/prompts", List.of("tellmewhy"), f -> TellMeWhyLoader.readPrompts(
            f.apply("tellmewhy").path("tellmewhy2.txt"), DatasetDefaults.GENERATE_TOKENS)),
    TELLMEWHY_ANNOTATED("tellmewhy/annotated-test", List.of("tellmewhy"), f -> TellMeWhyLoader.readAnnotated(
            f.apply("tellmewhy").path("hidden_test_set_ontology.csv"), DatasetDefaults.GENERATE_TOKENS)),
    WIKIBIO_SELFCHECK("wikibio/selfcheckgpt", List.of("wikibio"), f -> WikiBioLoader.readSelfCheck(
            f.apply("wikibio").path("dataset-generated.json"), DatasetDefaults.GENERATE_TOKENS)),
    WIKIBIO_WIKITEXT("wikibio/wikitext", List.of("wikibio"), f -> WikiBioLoader.readWikitext(
            f.apply("wikibio").path("wikitext.txt"), DatasetDefaults.GENERATE_TOKENS)),
    WIKIBIO_REAGENT_BENCHMARK("wikibio/reagent-benchmark", List.of("wikibio"), f -> WikiBioLoader.readBenchmarkCsv(
            f.apply("wikibio").path("benchmark.csv"), DatasetDefaults.GENERATE_TOKENS)),
    NARRATIVEQA_QA("narrativeqa/qa", List.of("narrativeqa"), f -> NarrativeQaLoader.readQa(
            f.apply("narrativeqa").path("test-tiny.jsonl"), DatasetDefaults.GENERATE_TOKENS, DatasetDefaults.MAX_TEXT_CHARS)),
    SCIQ_TRAIN("sciq/train", List.of("sciq"), f -> SciQLoader.instances(
            SciQLoader.readSplit(f.apply("sciq").path("train.json"), "train"), false)),
    SCIQ_VALID("sciq/valid", List.of("sciq"), f -> SciQLoader.instances(
            SciQLoader.readSplit(f.apply("sciq").path("valid.json"), "valid"), false)),
    SCIQ_TEST("sciq/test", List.of("sciq"), f -> SciQLoader.instances(
            SciQLoader.readSplit(f.apply("sciq").path("test.json"), "test"), false)),
    CURATED_RELEASE_2000("curated-heta-release/2000", List.of("curated-heta-release"), f -> CuratedReleaseLoader.read(
            f.apply("curated-heta-release").path("heta_qa_dataset_2000.json"), "curated-heta-release/2000")),
    CURATED_RELEASE_100("curated-heta-release/100-unique", List.of("curated-heta-release"), f -> CuratedReleaseLoader.read(
            f.apply("curated-heta-release").path("heta_qa_dataset_100_unique.json"), "curated-heta-release/100-unique")),
    CURATED_BUILT(CuratedSetBuilder.DATASET, List.of("narrativeqa", "sciq"), f -> {
        ResolvedManifest sciq = f.apply("sciq");
        List<SciQLoader.Record> records = new java.util.ArrayList<>();
        for (String split : List.of("train", "valid", "test")) {
            records.addAll(SciQLoader.readSplit(sciq.path(split + ".json"), split).records());
        }
        return new CuratedSetBuilder(NarrativeQaLoader.readSummaries(f.apply("narrativeqa").path("test-tiny.jsonl")),
                records, CuratedSetBuilder.Options.defaults()).build();
    });

    private final String datasetName;
    private final List<String> manifests;
    private final Function<Function<String, ResolvedManifest>, LoadResult> loader;

    Dataset(String datasetName, List<String> manifests, Function<Function<String, ResolvedManifest>, LoadResult> loader) {
        this.datasetName = datasetName;
        this.manifests = manifests;
        this.loader = loader;
    }

    /** The catalog name, e.g. {@code longra/rebuilt}. */
    public String datasetName() {
        return datasetName;
    }

    /** Manifests whose files the loader reads. */
    public List<String> manifests() {
        return manifests;
    }

    /**
     * Loads from resolved manifests ({@code files.apply(manifestName)}). Instances longer than
     * {@link DatasetDefaults#MAX_TEXT_CHARS} characters go to the quarantine ({@code over-long}).
     */
    public LoadResult load(Function<String, ResolvedManifest> files) {
        return limitLength(loader.apply(files), DatasetDefaults.MAX_TEXT_CHARS);
    }

    /** Moves instances whose text exceeds {@code maxChars} to the quarantine with reason {@code over-long}. */
    public static LoadResult limitLength(LoadResult r, int maxChars) {
        Quarantine q = new Quarantine();
        q.addAll(r.quarantine());
        List<Instance> kept = new java.util.ArrayList<>();
        for (Instance i : r.instances()) {
            if (i.text().length() > maxChars) {
                q.add(r.dataset(), i.id(), "over-long", i.text().length() + " characters > " + maxChars);
            } else {
                kept.add(i);
            }
        }
        return new LoadResult(r.dataset(), kept, q);
    }

    /** By catalog name; error with a suggestion and the known names. */
    public static Dataset byName(String name) {
        for (Dataset d : values()) {
            if (d.datasetName.equals(name)) {
                return d;
            }
        }
        List<String> known = Arrays.stream(values()).map(Dataset::datasetName).toList();
        throw new IllegalArgumentException("Unknown dataset '" + name + "'" + Suggestions.didYouMean(name, known)
                + ". Known: " + String.join(", ", known));
    }
}
