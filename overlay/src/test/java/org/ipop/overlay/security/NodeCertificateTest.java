package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.ipop.overlay.address.NodeIdentity;
import org.junit.jupiter.api.Test;

class NodeCertificateTest
{
    static final long NOW = 1_800_000_000L;
    private static final int IP = 0x0A80_0005;

    private final CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW - 3600, NOW + 86_400, FixedRandoms.seeded(1));
    private final IssuedNode node = ca.issue("host-1", List.of("lab", "prod"), IP, NOW - 60, NOW + 3600);

    @Test
    void shouldRoundTripEveryField() throws CertificateException
    {
        final NodeCertificate cert = node.certificate();
        final NodeCertificate decoded = NodeCertificate.decode(cert.encode(), 0, cert.encode().length);

        assertEquals(cert, decoded);
        assertArrayEquals(cert.encode(), decoded.encode());
        assertEquals("host-1", decoded.name());
        assertEquals(List.of("lab", "prod"), decoded.namespaces());
        assertEquals(IP, decoded.virtualIp());
        assertEquals(NOW - 60, decoded.notBefore());
        assertEquals(NOW + 3600, decoded.notAfter());
        assertFalse(decoded.isCa());
        assertEquals(ca.certificate().fingerprint(), decoded.issuer());
        assertEquals("", ca.certificate().issuer());
        assertTrue(ca.certificate().isCa());
        assertEquals(64, decoded.signature().length);
        assertEquals(RawKeys.hex(NodeCertificate.sha256(cert.encode())), cert.fingerprint());
        assertEquals(cert, NodeCertificate.fromText(cert.toText()));
        assertTrue(cert.toText().startsWith("-----BEGIN IPOP CERTIFICATE-----\n"));
    }

    @Test
    void shouldDeriveTheOverlayAddressFromTheIdentityKeyAsNodeIdentityDoes() throws GeneralSecurityException
    {
        final NodeCertificate cert = node.certificate();

        assertEquals(NodeIdentity.addressOf(RawKeys.ed25519Public(cert.identityKey())), cert.address());
        assertEquals(NodeIdentity.addressOf(node.credentials().identity().keyPair().getPublic()), cert.address());
        assertEquals(node.credentials().identity().address(), cert.address());
    }

    @Test
    void shouldReachEveryStatus() throws CertificateException
    {
        final TrustStore trust = TrustStore.of(List.of(ca.certificate()), List.of());
        final CertificateAuthority other = CertificateAuthority.create("Other CA", NOW - 3600, NOW + 86_400);
        final byte[] forged = node.certificate().encode();
        forged[forged.length - 1] ^= 1;
        final Set<CertificateStatus> seen = EnumSet.noneOf(CertificateStatus.class);

        seen.add(expect(CertificateStatus.VALID, trust.check(node.certificate(), "lab", NOW)));
        seen.add(expect(CertificateStatus.VALID, trust.check(node.certificate(), null, NOW)));
        seen.add(expect(CertificateStatus.UNKNOWN_CA,
            trust.check(other.issue("x", List.of("lab"), 0, NOW, NOW + 10).certificate(), "lab", NOW)));
        seen.add(expect(CertificateStatus.BAD_SIGNATURE,
            trust.check(NodeCertificate.decode(forged, 0, forged.length), "lab", NOW)));
        seen.add(expect(CertificateStatus.EXPIRED, trust.check(node.certificate(), "lab", NOW + 3601)));
        seen.add(expect(CertificateStatus.NOT_YET_VALID, trust.check(node.certificate(), "lab", NOW - 61)));
        seen.add(expect(CertificateStatus.WRONG_NAMESPACE, trust.check(node.certificate(), "dev", NOW)));
        seen.add(expect(CertificateStatus.NOT_A_NODE, trust.check(ca.certificate(), "lab", NOW)));
        trust.revoke(node.certificate().fingerprint().toUpperCase(java.util.Locale.ROOT));
        seen.add(expect(CertificateStatus.REVOKED, trust.check(node.certificate(), "lab", NOW)));

        assertEquals(EnumSet.allOf(CertificateStatus.class), seen);
        assertTrue(trust.isRevoked(node.certificate().fingerprint()));
        assertEquals(Set.of(node.certificate().fingerprint()), trust.revoked());
    }

    @Test
    void shouldRefuseNodesOfARevokedOrExpiredCa()
    {
        final IssuedNode longLived = ca.issue("long", List.of("lab"), 0, NOW, NOW + 10 * 86_400);
        final TrustStore trust = TrustStore.of(List.of(ca.certificate()), List.of(ca.certificate().fingerprint()));

        assertEquals(CertificateStatus.REVOKED, trust.check(longLived.certificate(), "lab", NOW));
        assertEquals(CertificateStatus.EXPIRED, TrustStore.of(List.of(ca.certificate()), List.of())
            .check(longLived.certificate(), "lab", NOW + 2 * 86_400));
    }

    @Test
    void shouldDeriveTheNetworkKeyFromTheSortedCaFingerprints()
    {
        final CertificateAuthority other = CertificateAuthority.create("Other CA", NOW - 3600, NOW + 86_400);
        final byte[] ab = TrustStore.of(List.of(ca.certificate(), other.certificate()), List.of()).networkKey();
        final byte[] ba = TrustStore.of(List.of(other.certificate(), ca.certificate()), List.of()).networkKey();

        assertArrayEquals(ab, ba);
        assertFalse(java.util.Arrays.equals(ab, TrustStore.of(List.of(ca.certificate()), List.of()).networkKey()));
    }

    @Test
    void shouldRefuseANodeCertificateAsCaOfATrustStore()
    {
        assertThrows(IllegalArgumentException.class, () -> TrustStore.of(List.of(node.certificate()), List.of()));
        assertThrows(IllegalArgumentException.class, () -> TrustStore.of(List.of(), List.of()));
    }

    @Test
    void shouldOnlyEverThrowCertificateExceptionForTruncatedOrFlippedBytes()
    {
        final byte[] good = node.certificate().encode();
        for (int length = 0; length < good.length; length++)
        {
            final int n = length;
            assertThrows(CertificateException.class, () -> NodeCertificate.decode(good, 0, n), "prefix " + n);
        }
        final byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(CertificateException.class, () -> NodeCertificate.decode(longer, 0, longer.length));
        for (int i = 0; i < good.length; i++)
        {
            for (final int bit : new int[] {0x01, 0x80})
            {
                final byte[] flipped = good.clone();
                flipped[i] ^= (byte)bit;
                decodeOrCertificateException(flipped, 0, flipped.length);
            }
        }
        final Random random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            final byte[] noise = new byte[random.nextInt(NodeCertificate.MAX_LENGTH + 20)];
            random.nextBytes(noise);
            if (noise.length > 0)
            {
                noise[0] = 1;
            }
            decodeOrCertificateException(noise, 0, noise.length);
        }
        assertThrows(CertificateException.class, () -> NodeCertificate.decode(good, 5, good.length));
        assertThrows(CertificateException.class, () -> NodeCertificate.decode(good, -1, 10));
    }

    @Test
    void shouldRefuseBadTextArmourWithOneLine()
    {
        for (final String text : new String[] {"", "hello", "-----BEGIN IPOP CERTIFICATE-----\n!!!\n-----END IPOP CERTIFICATE-----",
            "-----BEGIN IPOP CERTIFICATE-----\nAAAA\n-----END IPOP CERTIFICATE-----", "x".repeat(100_000)})
        {
            final CertificateException ex = assertThrows(CertificateException.class, () -> NodeCertificate.fromText(text));
            assertEquals(1, ex.getMessage().lines().count(), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseBadNamesAndNamespacesWhenIssuing()
    {
        assertThrows(IllegalArgumentException.class, () -> ca.issue("", List.of("lab"), 0, NOW, NOW + 1));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("a/b", List.of("lab"), 0, NOW, NOW + 1));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("h", List.of(), 0, NOW, NOW + 1));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("h", List.of("a b"), 0, NOW, NOW + 1));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("h", List.of("lab", "lab"), 0, NOW, NOW + 1));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("h", List.of("lab"), 0, NOW + 1, NOW));
        assertThrows(IllegalArgumentException.class, () -> ca.issue("h".repeat(64), List.of("lab"), 0, NOW, NOW + 1));
    }

    @Test
    void shouldDeriveKnownKeyPairsFromRawPrivateKeys()
    {
        // RFC 8032 section 7.1 test 1 and RFC 7748 section 6.1 (Alice)
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", RawKeys.hex(RawKeys.rawPublic(
            RawKeys.ed25519FromSeed(RawKeys.hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).getPublic())));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", RawKeys.hex(RawKeys.rawPublic(
            RawKeys.x25519FromPrivate(RawKeys.hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")).getPublic())));
    }

    private static CertificateStatus expect(final CertificateStatus expected, final CertificateStatus actual)
    {
        assertEquals(expected, actual);
        return actual;
    }

    private static void decodeOrCertificateException(final byte[] bytes, final int offset, final int length)
    {
        try
        {
            NodeCertificate.decode(bytes, offset, length);
        }
        catch (final CertificateException ex)
        {
            assertEquals(1, ex.getMessage().lines().count());
        }
    }
}
