package org.hetabench.evaluation.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code data-manifests/*.yaml} file: a dataset's (or model's) official sources, license, format,
 * the fields the loaders use, and every file with its mirror-relative path and sha256.
 *
 * @param name manifest name (the file's base name), e.g. {@code longra}
 * @param kind {@code dataset} or {@code model}
 * @param title human-readable title with the citation
 * @param license license of the data as stated by its origin
 * @param sources official locations of the full data (may hold more than the mirrored files)
 * @param format short description of the file formats
 * @param fields the fields the loaders read
 * @param files the files, each resolved and verified by the {@link Resolver}
 * @param gaps what is known to be missing relative to the full data
 */
public record DatasetManifest(String name, String kind, String title, String license, List<Source> sources,
        String format, List<String> fields, List<ManifestFile> files, List<String> gaps) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * An official source location.
     *
     * @param url the address
     * @param note what is there (e.g. "full train/val/test JSON, not mirrored")
     */
    public record Source(String url, String note) {}

    /**
     * One file of a manifest.
     *
     * @param path path relative to a mirror directory, e.g. {@code longra/questions-words.txt}
     * @param sha256 lower-case hex sha256 of the exact bytes
     * @param bytes size in bytes
     * @param records number of records (lines, rows, array elements) as documented, or null
     * @param format format of this file
     * @param license license of this file if it differs from the manifest's
     * @param urls download locations of exactly these bytes (empty for derived files)
     * @param derived for files generated from others, how (then {@code urls} is empty)
     */
    public record ManifestFile(String path, String sha256, Long bytes, Integer records, String format, String license,
            List<String> urls, String derived) {
        public ManifestFile {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }

        /** The file name without directories. */
        public String fileName() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    public DatasetManifest {
        sources = sources == null ? List.of() : List.copyOf(sources);
        fields = fields == null ? List.of() : List.copyOf(fields);
        files = files == null ? List.of() : List.copyOf(files);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** The file whose path (or file name) is {@code pathOrName}; error with the known paths otherwise. */
    public ManifestFile file(String pathOrName) {
        for (ManifestFile f : files) {
            if (f.path().equals(pathOrName) || f.fileName().equals(pathOrName)) {
                return f;
            }
        }
        List<String> known = files.stream().map(ManifestFile::path).toList();
        throw new IllegalArgumentException("Manifest '" + name + "' has no file '" + pathOrName + "'"
                + org.hetabench.core.util.Suggestions.didYouMean(pathOrName, known) + ". Known: " + known);
    }

    /**
     * Reads and validates one manifest file.
     *
     * @throws IllegalArgumentException naming the file and the offending key
     */
    public static DatasetManifest read(Path file) {
        DatasetManifest m;
        try {
            m = YAML.readValue(Files.readAllBytes(file), DatasetManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read manifest " + file + ": " + e.getMessage(), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!base.equals(m.name())) {
            throw new IllegalArgumentException("Manifest " + file + ": name '" + m.name()
                    + "' must equal the file's base name '" + base + "'");
        }
        if (!"dataset".equals(m.kind()) && !"model".equals(m.kind())) {
            throw new IllegalArgumentException("Manifest " + file + ": kind '" + m.kind() + "' must be 'dataset' or 'model'");
        }
        Objects.requireNonNull(m.license(), () -> "Manifest " + file + ": key 'license' is required");
        if (m.files().isEmpty()) {
            throw new IllegalArgumentException("Manifest " + file + ": 'files' must list at least one file");
        }
        for (int i = 0; i < m.files().size(); i++) {
            ManifestFile f = m.files().get(i);
            if (f.path() == null || f.path().startsWith("/") || f.path().contains("..")) {
                throw new IllegalArgumentException("Manifest " + file + ": files[" + i + "].path '" + f.path()
                        + "' must be a relative path inside a mirror");
            }
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
                throw new IllegalArgumentException("Manifest " + file + ": files[" + i + "].sha256 of " + f.path()
                        + " must be 64 lower-case hex digits, got '" + f.sha256() + "'");
            }
            if (f.urls().isEmpty() && f.derived() == null) {
                throw new IllegalArgumentException("Manifest " + file + ": files[" + i + "] (" + f.path()
                        + ") needs 'urls' or, for a derived file, 'derived'");
            }
        }
        return m;
    }
}
