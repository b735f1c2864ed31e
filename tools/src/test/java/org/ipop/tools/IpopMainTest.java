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
        final int code = IpopMain.execute("node", "--check", "--tap", "ipop9", "--address-mode", "auto",
            "--security", "plaintext");

        assertEquals(0, code);
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tap: ipop9"), text);
        assertTrue(text.contains("address-mode: auto"), text);
    }

    @Test
    void shouldTakeDnsForwardersAndLeaseTimeFromFlags()
    {
        final int code = IpopMain.execute("node", "--check", "--dns-forward", "192.0.2.53,192.0.2.54:5353",
            "--lease-seconds", "600", "--ca", "/etc/ipop/ca.crt", "--cert", "/etc/ipop/a.crt", "--key", "/etc/ipop/a.key");

        assertEquals(0, code);
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("dns-forward: [192.0.2.53:53, 192.0.2.54:5353]"), text);
        assertTrue(text.contains("lease-seconds: 600"), text);
        assertTrue(text.contains("security: certificates"), text);
        assertTrue(text.contains("cert: /etc/ipop/a.crt"), text);
    }

    @Test
    void shouldPrintOneClearLineForABadDnsForwarder()
    {
        final int code = IpopMain.execute("node", "--check", "--dns-forward", "192.0.2.53:99999");

        assertEquals(2, code);
        final String text = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(text.contains("'dns-forward'") && text.contains("192.0.2.53:99999"), text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void shouldSayInOneLineThatTheConfigFileIsMissing()
    {
        final int code = IpopMain.execute("node", "--config", "/nonexistent/ipop-node.yaml");

        assertOneLineError(code, "/nonexistent/ipop-node.yaml");
    }

    @Test
    void shouldRejectAnUnknownAddressModeBeforeOpeningAnything()
    {
        final int code = IpopMain.execute("node", "--address-mode", "magic", "--run-dir", "/nonexistent-run");

        assertOneLineError(code, "magic");
    }

    @Test
    void shouldSayNoNodeIsRunningWhenThereIsNoRunDirectory()
    {
        final int code = IpopMain.execute("status", "--run-dir", "/nonexistent-run", "--tap", "ipop7");

        assertOneLineError(code, "no node is running: no run directory /nonexistent-run");
    }

    @Test
    void shouldSayNoNodeIsRunningForDhtCommandsToo()
    {
        final int code = IpopMain.execute("dht", "get", "some-key", "--run-dir", "/nonexistent-run");

        assertOneLineError(code, "no node is running: no run directory /nonexistent-run");
    }

    @Test
    void shouldRejectADemoOfOneNode()
    {
        final int code = IpopMain.execute("demo", "--nodes", "1");

        assertOneLineError(code, "--nodes");
    }

    @Test
    void shouldSayThereIsNoJournal()
    {
        final int code = IpopMain.execute("journal", "replay", "/nonexistent-journal");

        assertOneLineError(code, "no journal directory");
    }

    private void assertOneLineError(final int code, final String mustContain)
    {
        final String text = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(2, code, text);
        assertTrue(text.contains(mustContain), text);
        assertEquals(1, text.lines().count(), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }
}
