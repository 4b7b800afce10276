package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hetabench.evaluation.data.DatasetCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code datasets}: every dataset with its resolved files, checksums, instance and quarantine counts. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List datasets: resolved files (mirror, cache or download), sha256 checks, instance and quarantine counts.")
public final class DatasetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--manifests-dir", paramLabel = "DIR", description = "The data-manifests/ directory (default: <checkout>/data-manifests).")
    Path manifestsDir;

    @Override
    public Integer call() {
        ManifestsDir.apply(manifestsDir);
        PrintWriter out = spec.commandLine().getOut();
        DatasetCatalog.Listing l = DatasetCatalog.fromEnvironment().list();
        out.println(DatasetCatalog.toMarkdown(l));
        out.flush();
        boolean bad = l.files().stream().anyMatch(f -> !f.verified());
        return bad ? 1 : 0;
    }
}
