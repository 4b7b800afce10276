package org.hetabench.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.jobs.config.ConfigLoader;
import org.hetabench.jobs.config.SuiteConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by the commands that read a suite. */
public final class SuiteOptions {
    @Parameters(index = "0", paramLabel = "SUITE", description = "Suite name in conf/suites/ or a path to a suite YAML file.")
    String suite;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override, repeatable: e.g. --set seeds=[0,1] --set params.heta.hvp.samples=4 --set spark.master=local[1]")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "The conf/ directory (default: <checkout>/conf).")
    Path confDir;

    @Option(names = "--manifests-dir", paramLabel = "DIR", description = "The data-manifests/ directory (default: <checkout>/data-manifests).")
    Path manifestsDir;

    public SuiteConfig load() {
        ManifestsDir.apply(manifestsDir);
        ConfigLoader loader = new ConfigLoader(confDir != null ? confDir : ConfigLoader.defaultConfDir());
        return loader.load(suite, overrides, new HashSet<>(MethodRegistry.names()),
                new HashSet<>(org.hetabench.evaluation.metrics.MetricRegistry.names()));
    }
}
