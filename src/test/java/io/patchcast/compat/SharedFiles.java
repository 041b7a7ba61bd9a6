package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The researched compatibility data lives beside the repository, in ../shared/compat. */
final class SharedFiles {

    private SharedFiles() {
    }

    static Path compat(String name) {
        Path path = Path.of("..", "shared", "compat", name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            fail("missing " + path + ": the tests read the shared compatibility data from ../shared/compat"
                    + " relative to the project directory (run them from the repository root)");
        }
        return path;
    }
}
