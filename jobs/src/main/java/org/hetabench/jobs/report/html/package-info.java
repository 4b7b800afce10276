/**
 * Self-contained HTML pages of a run report: token heatmaps (paper Figures 4–6 style), the all-methods
 * view, and the run index. Inline CSS, no scripts, hostile token text escaped and made visible.
 *
 * <p>May import: {@code core.util}, {@code jobs.report.plot}, {@code jobs.store}.
 */
package org.hetabench.jobs.report.html;
