package org.hetabench.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.hetabench.core.testing.SharedFiles;
import org.junit.jupiter.api.Test;

class ReactorSmokeTest {
    @Test
    void sharedDirectoryIsVisibleFromEvaluation() {
        assertTrue(Files.isDirectory(SharedFiles.root().resolve("data")), SharedFiles.root().toString());
    }
}
