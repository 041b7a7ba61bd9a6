package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.patchcast.testdata.CompatData;

class DebianVersionTest {

    @Test
    void agreesWithDpkgOnEveryCheckedVector() throws IOException {
        List<String> lines = Files.readAllLines(CompatData.file("dpkg-vectors.tsv"));
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t");
            int expected = switch (columns[1]) {
                case "<" -> -1;
                case "=" -> 0;
                case ">" -> 1;
                default -> throw new IllegalStateException("unknown operator in " + line);
            };
            checked++;
            if (Integer.signum(DebianVersion.compare(columns[0], columns[2])) != expected) {
                disagreements.add(line);
            }
            // the reverse pair must come out reversed, or the comparator is not an order
            if (Integer.signum(DebianVersion.compare(columns[2], columns[0])) != -expected) {
                disagreements.add("reversed: " + line);
            }
        }
        assertTrue(checked >= 27, "expected the full vector file, read " + checked + " pairs");
        assertEquals(List.of(), disagreements);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "1.0~rc1 1.0",
            "1.0~ 1.0",
            "1.0~~a 1.0~~b",
            "1.0 1.0a",
            "1.0a 1.0.",
            "1.0 1.0.",
            "1.0a 1.0+",
            "1.9 1.10",
            "5.10.113-1 5.10.114",
            "5.18.16-1~bpo11+1 5.18.16-1",
            "1.0-1~bpo10+1 1.0-1",
            "9:1.0 10:0.1",
            "1.0-1 1.0-1a",
            "1.0 1.0-0.1",
            "99999999999999999999998 99999999999999999999999",
            "1.99999999999999999999 1.100000000000000000000",
            "1-2-3 1-2-4",
    })
    void ordersAsDpkgDoes(String lower, String higher) {
        assertTrue(DebianVersion.compare(lower, higher) < 0, lower + " < " + higher);
        assertTrue(DebianVersion.compare(higher, lower) > 0, higher + " > " + lower);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "1.0 1.0-0",
            "0:1.0 1.0",
            "01.0 1.0",
            "1.00 1.0",
            "1. 1.0",
            "1a 1a0",
    })
    void treatsZeroRunsAndImplicitPartsAsDpkgDoes(String a, String b) {
        assertEquals(0, DebianVersion.compare(a, b));
        assertEquals(DebianVersion.parse(a), DebianVersion.parse(b));
        assertEquals(DebianVersion.parse(a).hashCode(), DebianVersion.parse(b).hashCode());
    }

    @Test
    void splitsEpochUpstreamAndRevisionAtTheRightColonAndHyphen() {
        DebianVersion version = DebianVersion.parse("2:1.0-rc1-3~bpo11+1");
        assertEquals(2, version.epoch());
        assertEquals("1.0-rc1", version.upstream());
        assertEquals("3~bpo11+1", version.revision());
        assertEquals("", DebianVersion.parse("5.10.113").revision());
        assertEquals(0, DebianVersion.parse("5.10.113").epoch());
        assertEquals("2:3", DebianVersion.parse("1:2:3").upstream(), "colons after the epoch belong to upstream");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|version is empty",
            "abc|must start with a digit",
            "a1.0|must start with a digit",
            ":1.0|epoch before ':' is empty",
            "x:1.0|epoch 'x' is not a number",
            "-1:1.0|epoch '-1' is not a number",
            "99999999999:1.0|is too big",
            "1:|nothing after the epoch colon",
            "1.0-|revision after the last '-' is empty",
            "-1|upstream version is empty",
            "1:-1|upstream version is empty",
            "1.0_1|invalid character '_' in upstream version",
            "1.0 1|invalid character '\\u0020'",
            "1.0-1_2|invalid character '_' in revision",
            "1:1.0-1:2|invalid character ':' in revision",
            "1.0-1:2|epoch '1.0-1' is not a number",
            "1.0é|invalid character 'é'",
            "1.0:2|epoch '1.0' is not a number",
    })
    void rejectsInvalidVersionsSayingWhy(String input, String reason) {
        InvalidVersionException e = assertThrows(InvalidVersionException.class, () -> DebianVersion.parse(input));
        assertTrue(e.getMessage().contains(reason), "message '" + e.getMessage() + "' should say " + reason);
        assertTrue(e.getMessage().contains("'" + input + "'"), "message names the input: " + e.getMessage());
        assertFalse(DebianVersion.isValid(input));
        assertThrows(InvalidVersionException.class, () -> DebianVersion.compare(input, "1.0"));
        assertThrows(InvalidVersionException.class, () -> DebianVersion.compare("1.0", input));
    }

    @Test
    void rejectsNullAndTrailingNewline() {
        assertThrows(InvalidVersionException.class, () -> DebianVersion.parse(null));
        InvalidVersionException e = assertThrows(InvalidVersionException.class,
                () -> DebianVersion.compare("5.10.113-1\n", "5.10.114"));
        assertTrue(e.getMessage().contains("\\u000a"), e.getMessage());
    }

    @Test
    void sortsAsAComparable() {
        List<DebianVersion> versions = new ArrayList<>();
        for (String text : List.of("5.10.120-1", "1:0.1", "5.10.113-1", "5.10.113-1~bpo10+1", "5.10.92-2",
                "5.10.92-1", "5.10.113-1+deb11u1")) {
            versions.add(DebianVersion.parse(text));
        }
        versions.sort(null);
        assertEquals(List.of("5.10.92-1", "5.10.92-2", "5.10.113-1~bpo10+1", "5.10.113-1", "5.10.113-1+deb11u1",
                "5.10.120-1", "1:0.1"), versions.stream().map(DebianVersion::toString).toList());
    }
}
