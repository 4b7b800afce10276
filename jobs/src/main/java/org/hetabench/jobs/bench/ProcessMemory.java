package org.hetabench.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident and peak memory of this process from {@code /proc/self/status} (Linux); -1 elsewhere. */
public final class ProcessMemory {
    private ProcessMemory() {}

    public static long rssBytes() {
        return field("VmRSS:");
    }

    public static long peakBytes() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
