package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XenVersionTest {

    @Test
    void comparesComponentsAsIntegersNotAsText() {
        assertTrue(XenVersion.compare("4.11", "4.2") > 0, "4.11 is newer than 4.2");
        assertTrue("4.11".compareTo("4.2") < 0, "guard: as text the order is the wrong way round");
        assertTrue(XenVersion.compare("4.2", "4.11.amazon") < 0);
        assertTrue(XenVersion.compare("10.0", "9.99") > 0);
        assertTrue(XenVersion.compare("4.2.1", "4.2") > 0);
    }

    @Test
    void keepsTheExtraApartFromTheOrdering() {
        XenVersion amazon = XenVersion.parse("4.2.amazon");
        assertEquals(4, amazon.major());
        assertEquals(2, amazon.minor());
        assertEquals(".amazon", amazon.extra());
        assertEquals("4.2", amazon.numeric());
        assertArrayEquals(new int[] {4, 2}, amazon.components());
        assertEquals(0, amazon.compareTo(XenVersion.parse("4.2")), "the vendor suffix is not a newer release");
        assertEquals(0, XenVersion.compare("4.2.amazon", "4.2.0"));
        assertNotEquals(amazon, XenVersion.parse("4.2"), "equality still tells the builds apart");
        assertEquals(XenVersion.parse("4.2"), XenVersion.parse("4.2.0"));
        assertEquals(XenVersion.parse("4.2").hashCode(), XenVersion.parse("4.2.0").hashCode());
        assertEquals("4.11.amazon", XenVersion.parse("4.11.amazon").toString());
        assertEquals("4.2", XenVersion.parse("4.2.5.amazon").majorMinor());
        assertEquals("4.0", XenVersion.parse("4").majorMinor());
    }

    @Test
    void buildsFromTheSysfsFiles() {
        XenVersion version = XenVersion.of("4", "11", ".amazon");
        assertEquals("4.11", version.numeric());
        assertEquals(".amazon", version.extra());
        assertEquals("", XenVersion.of("4", "2", null).extra());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|version is empty",
            "amazon|must start with a digit",
            ".4.2|must start with a digit",
            "4..2|empty component",
            "4.2.|ends with '.'",
            "4.2amazon|unexpected 'a'",
            "4.2.amazon!|invalid character '!'",
            "4.2-|extra '-' is empty",
            "4.1234567890|more than 9 digits",
            "-4.2|must start with a digit",
    })
    void rejectsInvalidInputSayingWhy(String input, String reason) {
        InvalidVersionException e = assertThrows(InvalidVersionException.class, () -> XenVersion.parse(input));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
        assertTrue(e.getMessage().startsWith("Xen version '" + input + "'"), e.getMessage());
        assertThrows(InvalidVersionException.class, () -> XenVersion.compare(input, "4.2"));
    }

    @Test
    void rejectsNullAndTheNewlineSysfsValuesEndWith() {
        assertThrows(InvalidVersionException.class, () -> XenVersion.parse(null));
        assertThrows(InvalidVersionException.class, () -> XenVersion.parse("4.2\n"));
    }
}
