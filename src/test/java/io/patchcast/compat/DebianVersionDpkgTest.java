package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.patchcast.testsupport.RequiresTool;

/**
 * Differential test against the real dpkg: the comparator must agree with {@code dpkg --compare-versions} on
 * any pair of valid versions, not only on the hand-picked vectors.
 */
@RequiresTool(value = "/usr/bin/dpkg", debianPackage = "dpkg")
class DebianVersionDpkgTest {

    private static final Path DPKG = Path.of("/usr/bin/dpkg");
    private static final int PAIRS = 3000;

    @Test
    void agreesWithDpkgOnRandomValidPairs(@TempDir Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(DPKG)) {
            fail(DPKG + " is missing: this test compares with the real dpkg, which every Debian CI"
                    + " machine of this project has (apt-get install dpkg)");
        }
        Random random = new Random(20220520L);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String a = randomVersion(random);
            // half of the pairs share a prefix, where the interesting comparisons happen
            String b = random.nextBoolean() ? randomVersion(random) : mutate(a, random);
            assertTrue(DebianVersion.isValid(a), "generator made an invalid version " + a);
            assertTrue(DebianVersion.isValid(b), "generator made an invalid version " + b);
            pairs.add(new String[] {a, b});
        }
        Path input = dir.resolve("pairs.txt");
        StringBuilder lines = new StringBuilder();
        for (String[] pair : pairs) {
            lines.append(pair[0]).append(' ').append(pair[1]).append('\n');
        }
        Files.writeString(input, lines, StandardCharsets.US_ASCII);
        // one shell for all pairs: a process per pair from Java would take minutes
        String script = "while read a b; do"
                + " if " + DPKG + " --compare-versions \"$a\" lt \"$b\"; then echo '<';"
                + " elif " + DPKG + " --compare-versions \"$a\" eq \"$b\"; then echo '=';"
                + " else echo '>'; fi; done < \"$1\"";
        Process process = new ProcessBuilder("sh", "-c", script, "sh", input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> answers = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .lines().toList();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "dpkg batch did not finish");
        assertEquals(0, process.exitValue(), "dpkg batch failed");
        assertEquals(pairs.size(), answers.size(), "dpkg answered " + answers.size() + " of " + pairs.size());
        // a generator that only produced unequal pairs would not test much
        assertTrue(answers.contains("=") && answers.contains("<") && answers.contains(">"),
                "the pairs should cover all three outcomes");

        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            int ours = Integer.signum(DebianVersion.compare(pairs.get(i)[0], pairs.get(i)[1]));
            String symbol = ours < 0 ? "<" : ours == 0 ? "=" : ">";
            if (!symbol.equals(answers.get(i))) {
                disagreements.add(pairs.get(i)[0] + " dpkg:" + answers.get(i) + " ours:" + symbol + " "
                        + pairs.get(i)[1]);
            }
        }
        assertEquals(List.of(), disagreements);
    }

    private static final String UPSTREAM_CHARS = "0123456789012345678901234567890123456789abcxyzABZ..++~~~--";
    private static final String REVISION_CHARS = "0123456789012345678901234567890123456789abcxyzABZ..++~~~";

    static String randomVersion(Random random) {
        StringBuilder out = new StringBuilder();
        boolean epoch = random.nextInt(5) == 0;
        if (epoch) {
            out.append(random.nextInt(3) == 0 ? "0" : "").append(random.nextInt(12)).append(':');
        }
        out.append((char) ('0' + random.nextInt(10)));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            char c = UPSTREAM_CHARS.charAt(random.nextInt(UPSTREAM_CHARS.length()));
            if (c == '-' && random.nextBoolean()) {
                c = '.';
            }
            out.append(c);
            if (random.nextInt(25) == 0) {
                // digit runs longer than a long
                out.append("123456789012345678901234567890".substring(random.nextInt(20)));
            }
        }
        if (epoch && random.nextInt(4) == 0) {
            out.append(":1");
        }
        boolean hyphenInUpstream = out.indexOf("-") >= 0;
        if (hyphenInUpstream || random.nextInt(3) > 0) {
            // a hyphen in upstream is only valid with a revision after it
            out.append('-');
            int revisionLength = 1 + random.nextInt(8);
            for (int i = 0; i < revisionLength; i++) {
                out.append(REVISION_CHARS.charAt(random.nextInt(REVISION_CHARS.length())));
            }
        }
        return out.toString();
    }

    /** A near variant of {@code version}: one character changed, added or dropped, kept valid. */
    static String mutate(String version, Random random) {
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder out = new StringBuilder(version);
            int at = random.nextInt(out.length() + 1);
            char c = REVISION_CHARS.charAt(random.nextInt(REVISION_CHARS.length()));
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, c);
                    }
                }
                default -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
            }
            if (DebianVersion.isValid(out.toString())) {
                return out.toString();
            }
        }
        return version;
    }
}
