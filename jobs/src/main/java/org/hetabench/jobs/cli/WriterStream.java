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
            flush();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            out.println(line.toString(StandardCharsets.UTF_8));
            out.flush();
            line.reset();
        }
    }
}
