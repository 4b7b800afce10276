package org.hetabench.jobs.cli;

import org.hetabench.core.io.ModelLoadException;
import picocli.CommandLine;

/**
 * Prints user errors (bad input, bad config, missing files) as one line without a stack trace, exit
 * code 2. Anything else is a bug: full stack trace, exit code 1. {@code --stacktrace} (env
 * {@code HETA_STACKTRACE=1}) shows the trace for user errors too.
 */
public final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Whether {@code e} is the user's to fix (as opposed to a defect). */
    public static boolean isUserError(Throwable e) {
        return e instanceof ModelLoadException || e instanceof IllegalArgumentException
                || e instanceof java.nio.file.NoSuchFileException || e instanceof UserException;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        if (isUserError(ex) && !"1".equals(System.getenv("HETA_STACKTRACE"))) {
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().flush();
            return 2;
        }
        ex.printStackTrace(cmd.getErr());
        return 1;
    }

    /** A user error raised by the CLI itself. */
    public static final class UserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserException(String message) {
            super(message);
        }
    }
}
