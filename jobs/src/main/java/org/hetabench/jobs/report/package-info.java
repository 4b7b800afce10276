/**
 * Run reports: the versioned Parquet schema and provenance of a run, reading a run back
 * ({@link org.hetabench.jobs.report.RunTables}) and building its human report
 * ({@link org.hetabench.jobs.report.RunReport}: index page, heatmaps, plots).
 */
package org.hetabench.jobs.report;
