package org.hetabench.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hetabench.evaluation.data.DatasetManifest;
import org.hetabench.evaluation.data.ManifestRegistry;
import org.hetabench.evaluation.data.ResolvedFile;
import org.hetabench.evaluation.data.ResolvedManifest;
import org.hetabench.evaluation.data.Resolver;
import org.hetabench.jobs.config.ConfigException;
import org.hetabench.jobs.config.ModelPreset;

/**
 * Turns a model preset's {@code path} into a local checkpoint location on the driver. {@code manifest:NAME}
 * resolves every file of {@code data-manifests/NAME.yaml} through the {@link Resolver} (mirrors, cache,
 * then the official source; always sha256-checked); anything else is a path.
 */
public final class ModelLocator {
    /** The resolved location and the verified hashes of its files. */
    public record Located(Path path, String sha256) {}

    private ModelLocator() {}

    public static Located locate(ModelPreset preset) {
        String p = preset.path();
        if (!p.startsWith("manifest:")) {
            Path path = Path.of(p);
            if (!path.isAbsolute() && !Files.exists(path) && System.getProperty("heta.repo.dir") != null) {
                path = Path.of(System.getProperty("heta.repo.dir")).resolve(p);
            }
            return new Located(path.toAbsolutePath().normalize(), "unverified (plain path)");
        }
        String name = p.substring("manifest:".length());
        ManifestRegistry reg = ManifestRegistry.loadDefault();
        DatasetManifest m = reg.get(name);
        if (!"model".equals(m.kind())) {
            throw new ConfigException("Model preset '" + preset.name() + "' points at manifest '" + name + "', which is a "
                    + m.kind() + " manifest, not a model");
        }
        ResolvedManifest r = new Resolver(Resolver.Config.fromEnvironment()).resolve(m);
        List<ResolvedFile> files = r.files();
        StringBuilder sha = new StringBuilder();
        Path config = null;
        Path checkpoint = null;
        for (ResolvedFile f : files) {
            sha.append(sha.length() == 0 ? "" : ",").append(f.file().fileName()).append('=').append(f.file().sha256());
            String fn = f.path().getFileName().toString();
            if (fn.equals("config.json")) {
                config = f.path();
            } else if (fn.endsWith(".bin") && !fn.matches("tok.*\\.bin|tokenizer\\.bin")) {
                checkpoint = f.path();
            }
        }
        if (config != null) {
            return new Located(config.getParent(), sha.toString());
        }
        if (checkpoint == null) {
            throw new ConfigException("Manifest '" + name + "' lists neither a config.json nor a llama2.c checkpoint");
        }
        return new Located(checkpoint.getParent(), sha.toString());
    }
}
