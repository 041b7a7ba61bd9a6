package io.patchcast.exposure;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up path for a custom rules file: a bad rule must stop the app with its id and reason. */
class RuleSetProducerTest {

    @Test
    void brokenRuleFileFailsWithTheRuleId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        String valid = new String(RuleSetProducerTest.class.getResourceAsStream("/compat/rules.yaml").readAllBytes());
        // break the first version bound of the shipped rules: the message must name the rule that holds it
        String broken = valid.replaceFirst("introduced: \"?5\\.10\\.88\"?", "introduced: \"not a version!\"");
        assertTrue(!broken.equals(valid), "the shipped rules should contain the 5.10.88 bound");
        Files.writeString(file, broken);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RuleSetProducer.load(file.toString()));
        assertTrue(e.getMessage().contains("rules.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("xen-hvm-msix-masking"), "names the rule: " + e.getMessage());
    }

    @Test
    void missingFileSaysWhichFile(@TempDir Path dir) {
        Exception e = assertThrows(RuntimeException.class,
                () -> RuleSetProducer.load(dir.resolve("nope.yaml").toString()));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }
}
