package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCredentialsTest
{
    private static final long NOW = NodeCertificateTest.NOW;

    @TempDir
    Path dir;

    private final CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW - 3600, NOW + 86_400);
    private final IssuedNode node = ca.issue("host-1", List.of("lab"), 0, NOW, NOW + 3600);

    @Test
    void shouldWriteKeyFilesWithMode0600AndLoadThem() throws IOException
    {
        final Path crt = dir.resolve("host.crt");
        final Path key = dir.resolve("host.key");
        node.writeCertificateFile(crt);
        node.writeKeyFile(key);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        final NodeCredentials credentials = NodeCredentials.load(crt, key);
        assertEquals(node.certificate(), credentials.certificate());
        assertEquals(node.certificate().address(), credentials.identity().address());
        assertArrayEquals(node.credentials().agreementPrivateKey(), credentials.agreementPrivateKey());

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertEquals(node.certificate(), NodeCredentials.load(crt, key).certificate());
    }

    @Test
    void shouldRefuseAKeyFileThatGroupOrOthersMayRead() throws IOException
    {
        final Path crt = dir.resolve("host.crt");
        final Path key = dir.resolve("host.key");
        node.writeCertificateFile(crt);
        node.writeKeyFile(key);

        for (final String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw------x"})
        {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
            final IOException ex = assertThrows(IOException.class, () -> NodeCredentials.load(crt, key));
            assertTrue(ex.getMessage().contains(key.toString()), ex.getMessage());
            assertEquals(1, ex.getMessage().lines().count());
        }
    }

    @Test
    void shouldRefuseAKeyOfAnotherCertificate() throws IOException
    {
        final Path crt = dir.resolve("host.crt");
        final Path otherKey = dir.resolve("other.key");
        node.writeCertificateFile(crt);
        ca.issue("host-2", List.of("lab"), 0, NOW, NOW + 3600).writeKeyFile(otherKey);

        final IOException ex = assertThrows(IOException.class, () -> NodeCredentials.load(crt, otherKey));
        assertTrue(ex.getMessage().contains("does not match"), ex.getMessage());
    }

    @Test
    void shouldLoadATrustStoreFromCaFilesAndRefuseANodeCertificateAsCa() throws IOException
    {
        final Path caCrt = dir.resolve("ca.crt");
        final Path nodeCrt = dir.resolve("host.crt");
        ca.writeCertificateFile(caCrt);
        node.writeCertificateFile(nodeCrt);

        final TrustStore trust = TrustStore.load(List.of(caCrt), List.of(node.certificate().fingerprint()));
        assertEquals(CertificateStatus.REVOKED, trust.check(node.certificate(), "lab", NOW));
        final IOException ex = assertThrows(IOException.class, () -> TrustStore.load(List.of(nodeCrt), List.of()));
        assertTrue(ex.getMessage().contains(nodeCrt.toString()), ex.getMessage());
    }

    @Test
    void shouldNeverOverwriteAFile() throws IOException
    {
        final Path key = dir.resolve("host.key");
        Files.writeString(key, "precious");

        assertThrows(IOException.class, () -> node.writeKeyFile(key));
        assertThrows(IOException.class, () -> ca.writeKeyFile(key));
        assertEquals("precious", Files.readString(key));
    }

    @Test
    void shouldLoadACaAndIssueWithIt() throws IOException
    {
        final Path crt = dir.resolve("ca.crt");
        final Path key = dir.resolve("ca.key");
        ca.writeCertificateFile(crt);
        ca.writeKeyFile(key);

        final CertificateAuthority loaded = CertificateAuthority.load(crt, key);
        final IssuedNode issued = loaded.issue("h", List.of("lab"), 0, NOW, NOW + 10);
        assertEquals(CertificateStatus.VALID,
            TrustStore.of(List.of(ca.certificate()), List.of()).check(issued.certificate(), "lab", NOW));
        assertThrows(IOException.class, () -> CertificateAuthority.load(crt, dir.resolve("missing.key")));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThrows(IOException.class, () -> CertificateAuthority.load(crt, key));
    }
}
