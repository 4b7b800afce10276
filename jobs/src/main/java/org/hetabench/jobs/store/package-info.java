/**
 * Run storage: the output layout ({@code tables/attributions}, {@code tables/metrics} and
 * {@code tables/runs}, partitioned by {@code run_id}; human files under {@code OUTPUT/RUN_ID/}), the row
 * record {@link org.hetabench.jobs.store.ResultRow} and the Parquet schema derived from it
 * ({@link org.hetabench.jobs.store.RunSchema}), and reading a run back. Every other jobs package may use it.
 *
 * <p>May import: {@code core.util}.
 */
package org.hetabench.jobs.store;
