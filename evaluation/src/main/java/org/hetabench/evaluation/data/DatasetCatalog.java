package org.hetabench.evaluation.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CLI's {@code datasets} command shows: every manifest's files with their resolved location and
 * verified checksum, and every {@link Dataset} with its instance and quarantine counts. Failures (a
 * missing or corrupt file) become rows with the error message rather than aborting the listing.
 */
public final class DatasetCatalog {

    /**
     * One file of a manifest.
     *
     * @param manifest manifest name
     * @param path mirror-relative path
     * @param expectedSha256 the manifest's sha256
     * @param location resolved local path, or null
     * @param origin MIRROR, CACHE or DOWNLOADED, or null
     * @param error the resolution error, or null
     */
    public record FileEntry(String manifest, String path, String expectedSha256, String location, String origin, String error) {
        public boolean verified() {
            return error == null;
        }
    }

    /**
     * One dataset.
     *
     * @param dataset catalog name
     * @param manifests manifests it reads
     * @param instances instance count (-1 if it could not be loaded)
     * @param quarantined quarantined rows
     * @param quarantineReasons count per reason
     * @param error the load error, or null
     */
    public record DatasetEntry(String dataset, List<String> manifests, int instances, int quarantined,
            Map<String, Integer> quarantineReasons, String error) {}

    /**
     * The whole listing.
     *
     * @param files every manifest file
     * @param datasets every dataset
     * @param activePassivePairs the number of active/passive pairs (or -1 if the file is missing)
     */
    public record Listing(List<FileEntry> files, List<DatasetEntry> datasets, int activePassivePairs) {}

    private final ManifestRegistry manifests;
    private final Resolver resolver;
    private final Map<String, ResolvedManifest> resolved = new HashMap<>();

    public DatasetCatalog(ManifestRegistry manifests, Resolver resolver) {
        this.manifests = manifests;
        this.resolver = resolver;
    }

    /**
     * The catalog the CLI uses: manifests from {@link ManifestRegistry#loadDefault()}, resolver from
     * {@link Resolver.Config#fromEnvironment()}.
     */
    public static DatasetCatalog fromEnvironment() {
        return new DatasetCatalog(ManifestRegistry.loadDefault(), new Resolver(Resolver.Config.fromEnvironment()));
    }

    public ManifestRegistry manifests() {
        return manifests;
    }

    /** Resolves (once) and returns a manifest's files. */
    public synchronized ResolvedManifest resolve(String manifest) {
        return resolved.computeIfAbsent(manifest, m -> resolver.resolve(manifests.get(m)));
    }

    /** Loads one dataset. */
    public LoadResult load(Dataset d) {
        return d.load(this::resolve);
    }

    /** Loads one dataset by catalog name. */
    public LoadResult load(String name) {
        return load(Dataset.byName(name));
    }

    /** Resolves every file and loads every dataset. */
    public Listing list() {
        List<FileEntry> files = new ArrayList<>();
        for (DatasetManifest m : manifests.all()) {
            for (DatasetManifest.ManifestFile f : m.files()) {
                try {
                    ResolvedFile r = resolver.resolve(m, f);
                    files.add(new FileEntry(m.name(), f.path(), f.sha256(), r.path().toString(), r.origin().name(), null));
                } catch (DataFileException e) {
                    files.add(new FileEntry(m.name(), f.path(), f.sha256(), null, null, e.getMessage()));
                }
            }
        }
        List<DatasetEntry> ds = new ArrayList<>();
        for (Dataset d : Dataset.values()) {
            try {
                LoadResult r = load(d);
                ds.add(new DatasetEntry(d.datasetName(), d.manifests(), r.size(), r.quarantine().size(),
                        new LinkedHashMap<>(r.quarantine().countsByReason()), null));
            } catch (RuntimeException e) {
                ds.add(new DatasetEntry(d.datasetName(), d.manifests(), -1, 0, Map.of(), e.getMessage()));
            }
        }
        int pairs;
        try {
            pairs = ActivePassivePairs.load(manifests.directory().resolve(ActivePassivePairs.FILE_NAME)).size();
        } catch (RuntimeException e) {
            pairs = -1;
        }
        return new Listing(files, ds, pairs);
    }

    /** Markdown rendering of a listing: a files table and a datasets table. */
    public static String toMarkdown(Listing l) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Data files\n\n| manifest | file | sha256 | status | location |\n|---|---|---|---|---|\n");
        for (FileEntry f : l.files()) {
            sb.append("| ").append(f.manifest()).append(" | ").append(f.path()).append(" | `")
                    .append(f.expectedSha256(), 0, 12).append("…` | ")
                    .append(f.verified() ? "verified (" + f.origin().toLowerCase() + ")" : "ERROR: " + f.error().replace('|', '/'))
                    .append(" | ").append(f.location() == null ? "–" : f.location()).append(" |\n");
        }
        sb.append("\n## Datasets\n\n| dataset | manifests | instances | quarantined | quarantine reasons |\n|---|---|---:|---:|---|\n");
        for (DatasetEntry d : l.datasets()) {
            sb.append("| ").append(d.dataset()).append(" | ").append(String.join(", ", d.manifests())).append(" | ")
                    .append(d.error() == null ? Integer.toString(d.instances()) : "ERROR").append(" | ")
                    .append(d.quarantined()).append(" | ");
            if (d.error() != null) {
                sb.append(d.error().replace('|', '/'));
            } else {
                List<String> parts = new ArrayList<>();
                d.quarantineReasons().forEach((k, v) -> parts.add(k + " " + v));
                sb.append(parts.isEmpty() ? "–" : String.join(", ", parts));
            }
            sb.append(" |\n");
        }
        sb.append("\nActive/passive sentence pairs: ").append(l.activePassivePairs() < 0 ? "file missing" : l.activePassivePairs()).append('\n');
        return sb.toString();
    }
}
