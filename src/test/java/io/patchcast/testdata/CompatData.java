package io.patchcast.testdata;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The researched compatibility data the tests check against: fixtures, dpkg-checked version pairs and the research
 * notes. They are the project's own test data under {@code src/test/resources/compat} (see the README there for where
 * they came from), read from the test class path so a test runs the same from any working directory.
 */
public final class CompatData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CompatData() {
    }

    /** A file of {@code src/test/resources/compat}. */
    public static Path file(String name) {
        URL url = CompatData.class.getResource("/compat/" + name);
        if (url == null) {
            fail("missing test data compat/" + name + " on the test class path (src/test/resources/compat)");
        }
        try {
            Path path = Path.of(url.toURI());
            if (!Files.isRegularFile(path)) {
                fail("test data compat/" + name + " is not a regular file: " + path);
            }
            return path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixtures: node facts with the verdict each must give. */
    public static JsonNode fixtures() {
        try {
            return JSON.readTree(file("fixtures.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
