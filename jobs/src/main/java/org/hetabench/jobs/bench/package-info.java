/**
 * The bench job: a suite planned into work items and validated on the driver
 * ({@link org.hetabench.jobs.bench.RunPlanner}), run on executors with one model replica per JVM
 * ({@link org.hetabench.jobs.bench.BenchmarkJob}, {@link org.hetabench.jobs.bench.ItemRunner}), the metrics
 * of each target on one shared context, and the run summary.
 *
 * <p>May import: {@code core.attribution}, {@code core.generation}, {@code core.model}, {@code core.tokenizer}, {@code core.util}, {@code evaluation.data}, {@code evaluation.metrics}, {@code jobs.config}, {@code jobs.store}.
 */
package org.hetabench.jobs.bench;
