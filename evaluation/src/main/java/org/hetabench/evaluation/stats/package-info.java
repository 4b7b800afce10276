/**
 * Statistics for reporting attribution metrics (spec §1.7, §11): Spearman rank correlation with average
 * ranks, mean ± sample standard deviation over seeds, and paired comparisons of two methods on the same
 * instances (Wilcoxon signed-rank, paired bootstrap confidence intervals, effect sizes, Holm correction).
 *
 * <p>May import: {@code core.util}.
 */
package org.hetabench.evaluation.stats;
