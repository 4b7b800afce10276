/**
 * Run reports: the provenance of a run, and its human report ({@link org.hetabench.jobs.report.RunReport}:
 * index page, heatmaps, plots) built from the tables read back through {@link org.hetabench.jobs.store}.
 *
 * <p>May import: {@code core.util}, {@code jobs.report.html}, {@code jobs.report.plot}, {@code jobs.store}.
 */
package org.hetabench.jobs.report;
