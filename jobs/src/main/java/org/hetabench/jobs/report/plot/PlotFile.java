package org.hetabench.jobs.report.plot;

import java.util.List;

/**
 * One plot of a report: written as PNG and SVG, or skipped because the run has no data for it.
 *
 * @param name file stem under {@code plots/}, e.g. {@code ablation-soft-nc}
 * @param title chart title
 * @param figure the paper figure or table it mirrors
 * @param files written files, relative to the run's report directory ({@code plots/x.png}, {@code plots/x.svg}); empty when skipped
 * @param note what the plot shows (n targets, aggregation) or, when skipped, why
 */
public record PlotFile(String name, String title, String figure, List<String> files, String note) {

    public PlotFile {
        files = List.copyOf(files);
    }

    /** Whether the plot was skipped for lack of data. */
    public boolean skipped() {
        return files.isEmpty();
    }

    /** A skipped plot. */
    public static PlotFile skipped(String name, String title, String figure, String reason) {
        return new PlotFile(name, title, figure, List.of(), reason);
    }
}
