/**
 * Plots of a run report (XChart, PNG + SVG): ablation, robustness, decoding-grid Δ%, runtime vs quality
 * with every method, and per-dataset bars of each metric by method.
 *
 * <p>May import: {@code evaluation.metrics}, {@code jobs.store}.
 */
package org.hetabench.jobs.report.plot;
