package org.hetabench.evaluation.data;

/** Every default of the data package in one place. */
public final class DatasetDefaults {
    private DatasetDefaults() {}

    /** Tokens generated (and attributed) for prompt-only datasets (TellMeWhy, WikiBio, NarrativeQA QA). */
    public static final int GENERATE_TOKENS = 10;
    /** Loaders quarantine instances whose text exceeds this many characters. */
    public static final int MAX_TEXT_CHARS = 20_000;
    /** Number of curated NarrativeQA⊕SciQ instances built by default. */
    public static final int CURATED_SIZE = 2_000;
    /** Seed of the curated build. */
    public static final long CURATED_SEED = 20_240_101L;
    /** Character budget of the curated narrative (distractor) segment. */
    public static final int CURATED_MAX_NARRATIVE_CHARS = 300;
    /** Character budget of the curated support (evidence) segment. */
    public static final int CURATED_MAX_SUPPORT_CHARS = 450;
    /** Character budget of the curated question. */
    public static final int CURATED_MAX_QUESTION_CHARS = 200;
    /** Separator between the curated segments, as in the authors' release. */
    public static final String CURATED_SEPARATOR = " <s> ";
    /** Label before the question, as in the authors' release. */
    public static final String CURATED_QUESTION_LABEL = "Question: ";
}
