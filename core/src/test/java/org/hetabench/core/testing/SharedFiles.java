package org.hetabench.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates {@code ../shared} (models, golden numbers, data mirrors) for tests. Surefire passes
 * {@code heta.shared.dir}; nothing from it is ever copied into the repository.
 */
public final class SharedFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedFiles() {}

    public static Path root() {
        String p = System.getProperty("heta.shared.dir");
        Path root = p != null ? Path.of(p) : Path.of("..", "shared");
        if (!Files.isDirectory(root)) {
            root = Path.of("..", "..", "shared");
        }
        return root.toAbsolutePath().normalize();
    }

    /** A file under shared/, failing the test (not skipping) if it is absent: CI always has shared/. */
    public static Path file(String relative) {
        Path f = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(root()), "shared/ directory not found at " + root());
        if (!Files.exists(f)) {
            throw new AssertionError("expected " + f + " in shared/");
        }
        return f;
    }

    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode arr) {
        int[] o = new int[arr.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = arr.get(i).asInt();
        }
        return o;
    }

    public static double[] doubles(JsonNode arr) {
        double[] o = new double[arr.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = arr.get(i).asDouble();
        }
        return o;
    }

    /** max |a-b| / max(1, max|b|)-style scaled error used across tests: max_i |a_i - b_i| / max_i |b_i|. */
    public static double relErr(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return den == 0 ? num : num / den;
    }

    public static double maxAbs(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** The stories260K checkpoint directory. */
    public static Path stories260K() {
        return file("models/stories260K");
    }
}
