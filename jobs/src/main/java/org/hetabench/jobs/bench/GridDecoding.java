package org.hetabench.jobs.bench;

import java.io.Serializable;
import java.util.Locale;
import org.hetabench.core.generation.DecodingConfig;
import org.hetabench.core.util.Seeds;

/**
 * The decoding setting that chooses the generated targets of a work item in a decoding-grid run
 * (metrics.md §7.2): the settings only choose the text; attribution and metrics always use the raw model
 * distribution. Serializable (unlike {@link DecodingConfig}) so that it travels with the work item.
 *
 * @param temperature 0 for greedy
 * @param topP nucleus mass (1 disables)
 * @param topK top-k filter (0 disables)
 * @param repetitionPenalty repetition penalty (1 disables)
 * @param maxNewTokens tokens to generate (the targets of the item)
 */
public record GridDecoding(double temperature, double topP, int topK, double repetitionPenalty, int maxNewTokens)
        implements Serializable {

    public GridDecoding {
        // Validate through the core record, so the rules live in one place.
        new DecodingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, 0, false);
    }

    /** Greedy decoding of {@code n} tokens (the reference of §7.3). */
    public static GridDecoding greedy(int n) {
        return new GridDecoding(0, 1, 0, 1, n);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** A stable label, e.g. {@code t=0.2,p=0.8,k=20,r=1.0} or {@code greedy}. */
    public String label() {
        if (isGreedy()) {
            return "greedy" + (repetitionPenalty == 1 ? "" : String.format(Locale.ROOT, ",r=%s", repetitionPenalty));
        }
        return String.format(Locale.ROOT, "t=%s,p=%s,k=%d,r=%s", temperature, topP, topK, repetitionPenalty);
    }

    /**
     * The core decoding config for one run seed and instance. The sampler stream is the run seed folded with
     * the DECODING role and the instance id, so every instance draws its own text and reruns repeat it.
     * Generation does not stop at EOS: the grid needs the same number of targets in every cell.
     */
    public DecodingConfig toConfig(long runSeed, String instanceId) {
        return new DecodingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty,
                Seeds.fold(runSeed, Seeds.hash("DECODING"), Seeds.hash(instanceId)), false);
    }
}
