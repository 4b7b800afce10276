package org.hetabench.evaluation.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file read whole (RFC 4180: quoted fields, doubled quotes, newlines inside quotes), with a
 * header row. Blank lines are not records. {@code skipInitialSpace} drops spaces right after a delimiter, as Python's csv module
 * does with {@code skipinitialspace=True} (ReAGent's {@code benchmark.csv} needs it).
 *
 * @param file the source file (for messages)
 * @param header column names
 * @param rows data rows, each with as many cells as the header (ragged rows are kept as read; check {@link #width})
 */
public record CsvTable(Path file, List<String> header, List<List<String>> rows) {

    /** Reads a CSV file with a header row. */
    public static CsvTable read(Path file, boolean skipInitialSpace) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CSV file " + file, e);
        }
        List<List<String>> all = parse(s, skipInitialSpace);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("CSV file " + file + " is empty; expected a header row");
        }
        return new CsvTable(file, all.get(0), all.subList(1, all.size()));
    }

    static List<List<String>> parse(String s, boolean skipInitialSpace) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean atCellStart = true;
        int i = 0;
        if (s.startsWith("\uFEFF")) {
            i = 1;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && atCellStart) {
                quoted = true;
                atCellStart = false;
            } else if (c == ' ' && atCellStart && skipInitialSpace && !row.isEmpty()) {
                // skip
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                atCellStart = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                // A blank line (e.g. a stray '\r' before "\r\n") is not a record, as in Python's csv module.
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
                atCellStart = true;
            } else {
                cell.append(c);
                atCellStart = false;
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    public int width() {
        return header.size();
    }

    /** Column index by name; error naming the file and the known columns. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("CSV file " + file + " has no column '" + name + "'"
                    + org.hetabench.core.util.Suggestions.didYouMean(name, header) + ". Columns: " + header);
        }
        return i;
    }

    /** A row as a column-name map (requires {@code row.size() == width()}). */
    public Map<String, String> record(int rowIndex) {
        List<String> r = rows.get(rowIndex);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size() && i < r.size(); i++) {
            m.put(header.get(i), r.get(i));
        }
        return m;
    }
}
