package org.hetabench.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hetabench.core.attribution.AttributionMethod;
import org.hetabench.core.attribution.MethodRegistry;
import org.hetabench.core.model.CausalLm;
import org.hetabench.core.model.ModelLoader;
import org.hetabench.core.model.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code list}: registered methods with capabilities, and (with {@code --model}) whether each is usable. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List attribution methods with their capabilities; with --model, say whether each can run and why not.")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "PATH", description = "Check usability on this model.")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CausalLm m = model == null ? null : ModelLoader.load(model, Precision.FLOAT32);
        try {
            out.println("Methods" + (m == null ? "" : " (usability on " + m.name() + ")") + ":");
            out.printf("  %-24s %-7s %-46s %s%n", "name", "scores", "capabilities", m == null ? "reference" : "usable");
            for (AttributionMethod a : MethodRegistry.all()) {
                String caps = new TreeSet<>(a.info().capabilities().stream().map(Enum::name).map(String::toLowerCase)
                        .collect(Collectors.toList())).toString();
                String last = m == null ? a.info().reference()
                        : a.unusableReason(m).map(r -> "no: " + r).orElse("yes");
                out.printf("  %-24s %-7s %-46s %s%n", a.info().name(), a.info().scoreType(), caps, last);
            }
        } finally {
            if (m != null) {
                m.close();
            }
        }
        out.flush();
        return 0;
    }
}
