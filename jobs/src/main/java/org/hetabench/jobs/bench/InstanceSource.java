package org.hetabench.jobs.bench;

import java.util.List;
import org.hetabench.core.tokenizer.Tokenizer;
import org.hetabench.jobs.config.DatasetSpec;

/** Supplies tokenized instances of a dataset on the driver (no model weights needed). */
public interface InstanceSource {

    /**
     * @param dataset the suite's dataset entry (name and sample size)
     * @param tokenizer the model's tokenizer
     * @param maxContext the model's context limit; longer instances are quarantined, not dropped
     * @param seed sampling seed
     */
    Batch instances(DatasetSpec dataset, Tokenizer tokenizer, int maxContext, long seed);

    /**
     * Instances plus the quarantine counts by reason.
     */
    record Batch(List<BenchInstance> instances, java.util.Map<String, Long> quarantined) {}
}
