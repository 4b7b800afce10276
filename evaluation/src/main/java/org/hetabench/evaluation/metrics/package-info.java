/**
 * Attribution-evaluation metrics of the HETA benchmark (spec: {@code shared/spec/metrics.md}).
 *
 * <p>A {@link org.hetabench.evaluation.metrics.Metric} computes one number per instance from a shared
 * {@link org.hetabench.evaluation.metrics.MetricContext} (model, context, target, attribution, seeds, cached
 * clean forward pass), declares its {@link org.hetabench.evaluation.metrics.MetricInfo} (direction, range,
 * aggregation, provenance) and reads its [SPEC] choices from a {@link org.hetabench.evaluation.metrics.MetricConfig}
 * whose defaults are the spec's (§13). Metrics are found by name in the
 * {@link org.hetabench.evaluation.metrics.MetricRegistry}; {@link org.hetabench.evaluation.metrics.MetricRunner}
 * runs many metrics over many instances and records failures instead of aborting.
 *
 * <p>May import: {@code core.generation}, {@code core.model}, {@code core.tokenizer}, {@code core.util}, {@code evaluation.stats}.
 */
package org.hetabench.evaluation.metrics;
