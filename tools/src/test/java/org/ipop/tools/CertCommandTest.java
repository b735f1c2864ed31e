package org.ipop.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.CertificateStatus;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.NodeCredentials;
import org.ipop.overlay.security.Revocation;
import org.ipop.overlay.security.TrustStore;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertCommandTest
{
    @TempDir
    Path dir;

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
    void shouldCreateACaSignANodeAndLoadTheNodesCredentials() throws IOException, CertificateException
    {
        createCa();
        assertEquals(0, IpopMain.execute("cert", "sign", "--ca-crt", path("ca.crt"), "--ca-key", path("ca.key"),
            "--name", "host1", "--namespace", "lab", "--namespace", "prod", "--ip", "10.128.0.5", "--duration", "720h",
            "--out-crt", path("host1.crt"), "--out-key", path("host1.key")), err.toString(StandardCharsets.UTF_8));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("host1.key"))));
        final NodeCredentials credentials = NodeCredentials.load(dir.resolve("host1.crt"), dir.resolve("host1.key"));
        final NodeCertificate cert = credentials.certificate();
        assertEquals("host1", cert.name());
        assertEquals(List.of("lab", "prod"), cert.namespaces());
        assertEquals(Ipv4Address.parse("10.128.0.5"), cert.virtualIp());
        assertEquals(720 * 3600L, cert.notAfter() - cert.notBefore());
        final NodeCertificate ca = NodeCertificate.fromText(Files.readString(dir.resolve("ca.crt")));
        assertEquals(CertificateStatus.VALID, TrustStore.of(List.of(ca), List.of()).check(cert, "lab", cert.notBefore()));
    }

    @Test
    void shouldShowFieldsAndVerifyAgainstTheCa()
    {
        createCa();
        sign("host1", "lab");
        out.reset();

        assertEquals(0, IpopMain.execute("cert", "show", path("host1.crt"), "--ca", path("ca.crt")));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("name: host1\n"), text);
        assertTrue(text.contains("namespaces: lab\n"), text);
        assertTrue(text.contains("virtual-ip: none\n"), text);
        assertTrue(text.contains("status: VALID\n"), text);

        out.reset();
        assertEquals(0, IpopMain.execute("cert", "show", path("host1.crt"), "--json"));
        final String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"name\":\"host1\",\"type\":\"node\","), json);
        assertTrue(json.contains("\"namespaces\":[\"lab\"]"), json);

        assertEquals(0, IpopMain.execute("cert", "ca", "--name", "Other", "--out-crt", path("other.crt"),
            "--out-key", path("other.key")));
        out.reset();
        assertEquals(1, IpopMain.execute("cert", "show", path("host1.crt"), "--ca", path("other.crt")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("status: UNKNOWN_CA"));
    }

    @Test
    void shouldSignARevocationThatOnlyItsCaVerifies() throws IOException, CertificateException
    {
        createCa();
        sign("host1", "lab");
        final NodeCertificate host = NodeCertificate.fromText(Files.readString(dir.resolve("host1.crt")));

        assertEquals(0, IpopMain.execute("cert", "revoke", "--ca-crt", path("ca.crt"), "--ca-key", path("ca.key"),
            "--crt", path("host1.crt"), "--out", path("host1.revoked")), err.toString(StandardCharsets.UTF_8));

        final Revocation revocation = Revocation.fromText(Files.readString(dir.resolve("host1.revoked")));
        assertEquals(host.fingerprint(), revocation.fingerprint());
        final NodeCertificate ca = NodeCertificate.fromText(Files.readString(dir.resolve("ca.crt")));
        assertTrue(revocation.verify(List.of(ca)));
        assertEquals(0, IpopMain.execute("cert", "ca", "--name", "Other", "--out-crt", path("other.crt"),
            "--out-key", path("other.key")));
        assertFalse(revocation.verify(List.of(NodeCertificate.fromText(Files.readString(dir.resolve("other.crt"))))));
        final byte[] forged = revocation.encode();
        forged[20] ^= 1;
        assertFalse(Revocation.decode(forged).verify(List.of(ca)), "a changed fingerprint breaks the CA signature");

        assertEquals(2, IpopMain.execute("cert", "revoke", "--ca-crt", path("ca.crt"), "--ca-key", path("ca.key"),
            "--fingerprint", "abc", "--out", path("bad.revoked")));
        assertEquals(2, IpopMain.execute("cert", "revoke", "--ca-crt", path("ca.crt"), "--ca-key", path("ca.key"),
            "--crt", path("host1.crt"), "--out", path("host1.revoked")), "never overwrites");
    }

    @Test
    void shouldPrintTheFingerprint() throws IOException, CertificateException
    {
        createCa();
        out.reset();

        assertEquals(0, IpopMain.execute("cert", "fingerprint", path("ca.crt")));

        assertEquals(NodeCertificate.fromText(Files.readString(dir.resolve("ca.crt"))).fingerprint() + "\n",
            out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseToOverwriteAnything() throws IOException
    {
        createCa();
        final String before = Files.readString(dir.resolve("ca.key"));

        assertOneLineError(IpopMain.execute("cert", "ca", "--name", "Again", "--out-crt", path("new.crt"),
            "--out-key", path("ca.key")), "already exists");
        assertEquals(before, Files.readString(dir.resolve("ca.key")));
        assertFalse(Files.exists(dir.resolve("new.crt")));
    }

    @Test
    void shouldGiveOneLineErrorsForBadInput() throws IOException
    {
        createCa();
        assertOneLineError(sign("h", "lab", "--ip", "10.0.0.300"), "bad --ip '10.0.0.300'");
        assertOneLineError(sign("h", "lab", "--duration", "3 days"), "bad duration '3 days'");
        assertOneLineError(sign("h", "lab", "--duration", "100000h"), "outlive its CA");
        assertOneLineError(sign("h", "no spaces allowed"), "bad namespace 'no spaces allowed'");
        assertOneLineError(sign("bad/name", "lab"), "bad name 'bad/name'");
        assertOneLineError(IpopMain.execute("cert", "show", path("missing.crt")), "no such file");
        Files.writeString(dir.resolve("junk.crt"), "hello");
        assertOneLineError(IpopMain.execute("cert", "fingerprint", path("junk.crt")), "not an IPOP certificate");
        Files.setPosixFilePermissions(dir.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertOneLineError(sign("h", "lab"), "group and others must have no access");
        assertOneLineError(IpopMain.execute("cert", "sign", "--ca-crt", path("ca.key"), "--ca-key", path("ca.key"),
            "--name", "h", "--namespace", "lab", "--out-crt", path("x.crt"), "--out-key", path("x.key")), "ca.key");
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(8760 * 3600L, CertCommand.parseDuration("8760h"));
        assertEquals(5400L, CertCommand.parseDuration("1h30m"));
        assertEquals(2 * 86_400L + 5, CertCommand.parseDuration("2d5s"));
    }

    private void createCa()
    {
        assertEquals(0, IpopMain.execute("cert", "ca", "--name", "Test net", "--out-crt", path("ca.crt"),
            "--out-key", path("ca.key"), "--duration", "8760h"), err.toString(StandardCharsets.UTF_8));
    }

    private int sign(final String name, final String namespace, final String... extra)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("cert", "sign", "--ca-crt", path("ca.crt"),
            "--ca-key", path("ca.key"), "--name", name, "--namespace", namespace, "--out-crt", path(name + ".crt"),
            "--out-key", path(name + ".key")));
        args.addAll(List.of(extra));
        err.reset();
        return IpopMain.execute(args.toArray(new String[0]));
    }

    private String path(final String name)
    {
        return dir.resolve(name).toString();
    }

    private void assertOneLineError(final int code, final String expected)
    {
        final String text = err.toString(StandardCharsets.UTF_8).trim();
        err.reset();
        assertEquals(2, code, text);
        assertTrue(text.contains(expected), text);
        assertEquals(1, text.lines().count(), text);
        assertFalse(text.contains("Exception"), text);
    }
}
