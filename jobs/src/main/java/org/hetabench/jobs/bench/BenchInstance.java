package org.hetabench.jobs.bench;

import java.io.Serializable;
import java.util.Map;

/**
 * One dataset instance, tokenized on the driver, ready to be attributed on an executor.
 *
 * @param dataset dataset name
 * @param instanceId stable id
 * @param context context ids (BOS included when the tokenizer adds one)
 * @param target gold target id, or -1 to generate {@code generateSteps} tokens and attribute each
 * @param generateSteps tokens to generate when {@code target < 0}
 * @param evidence token indices of the annotated evidence (may be empty)
 * @param protectedPositions positions never perturbed (BOS, template scaffolding)
 * @param segments token positions per segment role ({@code distractor}, {@code support}, {@code question},
 *     ...), for metrics such as DSA
 * @param metadata source record, license and the like
 */
public record BenchInstance(String dataset, String instanceId, int[] context, int target, int generateSteps,
                            int[] evidence, boolean[] protectedPositions, Map<String, int[]> segments,
                            Map<String, String> metadata) implements Serializable {
    public BenchInstance {
        if (context.length == 0) {
            throw new IllegalArgumentException("Instance '" + instanceId + "' of " + dataset + " has an empty context");
        }
        if (target < 0 && generateSteps <= 0) {
            throw new IllegalArgumentException("Instance '" + instanceId + "' of " + dataset
                    + " has neither a target nor generation steps");
        }
        segments = Map.copyOf(segments);
        metadata = Map.copyOf(metadata);
    }
}
