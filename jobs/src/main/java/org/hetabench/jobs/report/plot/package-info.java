/** Plots of a run report (XChart, PNG + SVG): ablation, robustness, decoding-grid Δ%, runtime vs quality. */
package org.hetabench.jobs.report.plot;
