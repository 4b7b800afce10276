package org.hetabench.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final Set<String> METHODS = Set.of("heta", "integrated-gradients", "occlusion");

    @TempDir
    Path conf;

    @BeforeEach
    void write() throws IOException {
        Files.createDirectories(conf.resolve("suites"));
        Files.createDirectories(conf.resolve("models"));
        Files.writeString(conf.resolve("base.yaml"), "seeds: [7]\nparams:\n  heta.beta: 0.5\n");
        Files.writeString(conf.resolve("models/tiny.yaml"), "name: tiny\npath: /m/tiny\nmaxBatch: 4\n");
        Files.writeString(conf.resolve("suites/s.yaml"), String.join("\n",
                "suite: s", "models: [tiny]", "datasets:", "  - {name: curated, sample: 5}",
                "methods: [heta, occlusion]", "metrics: [dsa]",
                "params:", "  heta.hvp.samples: [2, 4]", "  heta.mask: [zero, mean]", ""));
    }

    @Test
    void layersAndExpandsTheGrid() {
        SuiteConfig c = new ConfigLoader(conf).load("s", List.of(), METHODS);
        assertEquals(List.of(7L), c.seeds());
        assertEquals("0.5", c.params().get("heta.beta"));
        assertEquals(4, c.grid().size());
        assertEquals(4, c.cellsFor("heta").size());
        assertEquals(List.of(Map.of()), c.cellsFor("occlusion"));
        assertEquals("/m/tiny", c.models().get(0).path());
        assertEquals(4, c.models().get(0).maxBatch());
    }

    @Test
    void setOverridesWinAndChangeTheHash() {
        ConfigLoader l = new ConfigLoader(conf);
        SuiteConfig a = l.load("s", List.of(), METHODS);
        SuiteConfig b = l.load("s", List.of("params.heta.hvp.samples=8", "seeds=[1, 2]", "spark.master=local[1]"), METHODS);
        assertEquals(2, b.cellsFor("heta").size());
        assertEquals(List.of(1L, 2L), b.seeds());
        assertEquals("local[1]", b.spark().get("master"));
        assertNotEquals(a.hash(), b.hash());
        assertEquals(a.hash(), l.load("s", List.of(), METHODS).hash());
    }

    @Test
    void unknownKeysAndNamesGetADidYouMean() throws IOException {
        Files.writeString(conf.resolve("suites/bad.yaml"), "suite: bad\nmodels: [tiny]\nmethods: [heta]\nmetrix: [dsa]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(conf).load("bad", List.of(), METHODS));
        assertTrue(e.getMessage().contains("'metrix'") && e.getMessage().contains("did you mean 'metrics'")
                && e.getMessage().contains("suites/bad.yaml"), e.getMessage());

        Files.writeString(conf.resolve("suites/bad2.yaml"), "suite: bad2\nmodels: [tiny]\nmethods: [heta, ocllusion]\n");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(conf).load("bad2", List.of(), METHODS));
        assertTrue(e.getMessage().contains("methods[1]") && e.getMessage().contains("did you mean 'occlusion'"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader(conf).load("s", List.of("sedes=[1]"), METHODS));
        assertTrue(e.getMessage().contains("did you mean 'seeds'"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> new ConfigLoader(conf).load("quikstart", List.of(), METHODS));
        assertTrue(e.getMessage().contains("Unknown suite 'quikstart'"), e.getMessage());

        Files.writeString(conf.resolve("suites/bad3.yaml"), "suite: bad3\nmodels: [tinny]\nmethods: [heta]\n");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader(conf).load("bad3", List.of(), METHODS));
        assertTrue(e.getMessage().contains("did you mean 'tiny'"), e.getMessage());
    }

    @Test
    void theRepositorysSuitesAllParse() {
        ConfigLoader l = new ConfigLoader(Path.of(System.getProperty("heta.repo.dir", ".."), "conf"));
        List<String> names = l.suiteNames();
        assertTrue(names.contains("quickstart") && names.contains("nightly") && names.contains("table1"), names.toString());
        for (String s : names) {
            SuiteConfig c = l.load(s, List.of(), new java.util.HashSet<>(org.hetabench.core.attribution.MethodRegistry.names()),
                    new java.util.HashSet<>(org.hetabench.evaluation.metrics.MetricRegistry.names()));
            assertEquals(s, c.name(), "suite key of " + s);
        }
    }
}
