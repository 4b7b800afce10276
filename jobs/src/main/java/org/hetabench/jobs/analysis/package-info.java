/**
 * Jobs that read finished runs: {@code tables} (the paper's tables with mean ± std over seeds, next to the
 * paper's printed numbers), {@code compare} (paired regression check of two runs) and {@code grid} (the
 * decoding-grid Δ% of metrics.md §7). They read the Parquet tables of {@link org.hetabench.jobs.store.RunSchema}
 * and write human outputs under {@code <output>/<run id>/}.
 *
 * <p>May import: {@code core.util}, {@code evaluation.metrics}, {@code evaluation.stats}, {@code jobs.bench}, {@code jobs.config}, {@code jobs.store}.
 */
package org.hetabench.jobs.analysis;
