package org.hetabench.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A {@link PrintStream} that forwards whole lines to a command's {@link PrintWriter} (progress lines). */
final class WriterStream extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private WriterStream(PrintWriter out) {
        this.out = out;
    }

    static PrintStream of(PrintWriter out) {
        return new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            out.println(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        } else {
            line.write(b);
        }
    }

    /** Partial lines stay buffered: PrintStream's autoflush would otherwise split one line into pieces. */
    @Override
    public void flush() {
        // only complete lines are forwarded
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            out.println(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        }
    }
}
