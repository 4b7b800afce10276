package org.hetabench.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main sources of all three modules, read as text: package dependencies (imports and qualified
 * names), their cycles, each package's declared "May import" line, class names and file sizes.
 */
class PackageStructureTest {
    static final Path ROOT = Path.of(System.getProperty("heta.repo.dir", ".."));
    static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    static final Pattern REFERENCE = Pattern.compile("\\b(org\\.hetabench(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");
    static final int MAX_LINES = 700;

    static final Map<String, Set<String>> DEPS = new TreeMap<>();
    static final Map<String, Path> DIRS = new TreeMap<>();
    static final Map<String, List<Path>> BY_NAME = new TreeMap<>();
    static final Map<Path, Integer> LINES = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        for (String module : List.of("core", "evaluation", "jobs")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher m = PACKAGE.matcher(text);
                    assertTrue(m.find(), "no package declaration in " + f);
                    String pkg = m.group(1);
                    DIRS.put(pkg, f.getParent());
                    Set<String> deps = DEPS.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher r = REFERENCE.matcher(COMMENT.matcher(text).replaceAll(""));
                    while (r.find()) {
                        if (!r.group(1).equals(pkg)) {
                            deps.add(r.group(1));
                        }
                    }
                    String name = f.getFileName().toString();
                    if (!name.equals("package-info.java")) {
                        BY_NAME.computeIfAbsent(name, k -> new ArrayList<>()).add(ROOT.relativize(f));
                        LINES.put(ROOT.relativize(f), (int) text.lines().count());
                    }
                }
            }
        }
        assertTrue(DEPS.size() >= 20, "found only " + DEPS.keySet());
    }

    @Test
    void noTwoMainClassesShareASimpleName() {
        Map<String, List<Path>> dup = new TreeMap<>();
        BY_NAME.forEach((n, files) -> {
            if (files.size() > 1) {
                dup.put(n, files);
            }
        });
        assertEquals(Map.of(), dup);
    }

    @Test
    void noMainFileIsOverTheLimit() {
        Map<Path, Integer> big = new TreeMap<>();
        LINES.forEach((f, n) -> {
            if (n > MAX_LINES) {
                big.put(f, n);
            }
        });
        assertEquals(Map.of(), big, "files over " + MAX_LINES + " lines");
    }

    @Test
    void noImportCycleBetweenPackages() {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : DEPS.keySet()) {
            findCycle(start, new ArrayList<>(), new HashSet<>(), done, cycles);
        }
        assertEquals(List.of(), cycles);
    }

    private static void findCycle(String pkg, List<String> path, Set<String> onPath, Set<String> done,
                                  List<List<String>> cycles) {
        if (onPath.contains(pkg)) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
            c.add(pkg);
            cycles.add(c);
            return;
        }
        if (!done.add(pkg)) {
            return;
        }
        path.add(pkg);
        onPath.add(pkg);
        for (String d : DEPS.getOrDefault(pkg, Set.of())) {
            findCycle(d, path, onPath, done, cycles);
        }
        path.remove(path.size() - 1);
        onPath.remove(pkg);
    }

    /** Each package-info says what lives there and ends with "May import: ...", which the code must keep to. */
    @Test
    void everyPackageDeclaresWhatItMayImportAndKeepsToIt() throws IOException {
        Pattern mayImport = Pattern.compile("May import: ([^\\n]*?)\\.\\s*\\n");
        Map<String, String> problems = new TreeMap<>();
        Map<String, Set<String>> declared = new HashMap<>();
        for (Map.Entry<String, Path> e : DIRS.entrySet()) {
            Path info = e.getValue().resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                problems.put(e.getKey(), "no package-info.java");
                continue;
            }
            Matcher m = mayImport.matcher(Files.readString(info));
            if (!m.find()) {
                problems.put(e.getKey(), "package-info.java has no 'May import:' line");
                continue;
            }
            Set<String> allowed = new TreeSet<>();
            if (!m.group(1).equals("nothing of ours")) {
                for (String part : m.group(1).split(",")) {
                    allowed.add("org.hetabench." + part.replace("{@code", "").replace("}", "").trim());
                }
            }
            declared.put(e.getKey(), allowed);
            Set<String> extra = new TreeSet<>(DEPS.get(e.getKey()));
            extra.removeAll(allowed);
            if (!extra.isEmpty()) {
                problems.put(e.getKey(), "imports " + extra + " beyond its declared " + allowed);
            }
        }
        assertEquals(Map.of(), problems);
    }
}
