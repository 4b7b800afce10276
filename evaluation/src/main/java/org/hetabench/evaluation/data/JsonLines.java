package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON Lines files: one JSON value per non-blank line, with line numbers for messages. */
final class JsonLines {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    /** One parsed line. {@code node} is null and {@code error} set when the line is not valid JSON. */
    record Line(int number, JsonNode node, String error) {}

    static List<Line> read(Path file) {
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            int n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    out.add(new Line(n, JSON.readTree(s), null));
                } catch (IOException e) {
                    out.add(new Line(n, null, e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return out;
    }

    static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot parse JSON file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A required text field, or null if absent/blank/not text. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }
}
