package org.hetabench.jobs;

import java.io.PrintWriter;
import org.hetabench.jobs.cli.AttributeCommand;
import org.hetabench.jobs.cli.BenchCommand;
import org.hetabench.jobs.cli.CompareCommand;
import org.hetabench.jobs.cli.DatasetsCommand;
import org.hetabench.jobs.cli.GenerateCommand;
import org.hetabench.jobs.cli.HetaSpeedCommand;
import org.hetabench.jobs.cli.GridCommand;
import org.hetabench.jobs.cli.ListCommand;
import org.hetabench.jobs.cli.MemcheckCommand;
import org.hetabench.jobs.cli.OverheadCommand;
import org.hetabench.jobs.cli.ReportCommand;
import org.hetabench.jobs.cli.TablesCommand;
import org.hetabench.jobs.cli.UserErrorHandler;
import org.hetabench.jobs.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code heta-bench} command line: one entry point, one subcommand per job. */
@Command(name = "heta-bench", mixinStandardHelpOptions = true, versionProvider = HetaBench.Version.class,
        description = "Benchmark harness for token-attribution methods (HETA and baselines) on decoder-only LMs.",
        subcommands = {BenchCommand.class, ValidateCommand.class, GridCommand.class, TablesCommand.class,
                CompareCommand.class, ReportCommand.class, ListCommand.class, DatasetsCommand.class,
                GenerateCommand.class, AttributeCommand.class, MemcheckCommand.class, OverheadCommand.class,
                HetaSpeedCommand.class,
                CommandLine.HelpCommand.class})
public final class HetaBench implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the CLI and returns its exit code (0 ok, 1 failure, 2 user error, 3 regression found by compare). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        RuntimeDefaults.apply();
        CommandLine cl = new CommandLine(new HetaBench());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }

    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HetaBench.class.getPackage().getImplementationVersion();
            return new String[] {"heta-bench " + (v == null ? "dev" : v)};
        }
    }
}
