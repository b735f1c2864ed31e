package org.ipop.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpopMainTest
{
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedErr;
    private PrintStream savedOut;

    @BeforeEach
    void capture()
    {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(savedErr);
        System.setOut(savedOut);
    }

    @Test
    void shouldPrintOneClearLineForABadFlag()
    {
        final int code = IpopMain.execute("node", "--check", "--listen", "nowhere");

        assertEquals(2, code);
        final String text = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(text.contains("'listen'") && text.contains("nowhere"), text);
        assertEquals(1, text.lines().count(), text);
        assertFalse(text.contains("Exception"), text);
    }

    @Test
    void shouldPrintTheEffectiveConfiguration()
    {
        final int code = IpopMain.execute("node", "--check", "--tap", "ipop9", "--address-mode", "auto");

        assertEquals(0, code);
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tap: ipop9"), text);
        assertTrue(text.contains("address-mode: auto"), text);
    }
}
