package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;

/**
 * Jazzer fuzz targets for the bytes a stranger can send before any key exists: handshake messages
 * ({@link EdgeHandshakes#onMessage}) and certificates ({@link NodeCertificate#decode}). Neither may throw anything
 * (the decoder only its {@link CertificateException}). Regression mode by default; {@code JAZZER_FUZZ=1} searches.
 */
class HandshakeFuzzTest
{
    private static final long NOW = 1_800_000_000L;
    private static final long SELF = TransportAddress.pack(0x0A000002, 4000);
    private static final long PEER = TransportAddress.pack(0x0A000001, 4000);
    private static final CertificateAuthority CA = CertificateAuthority.create("Fuzz CA", NOW - 3600, NOW + 3600);
    private static final IssuedNode SELF_NODE = CA.issue("self", List.of("lab"), 0, NOW - 60, NOW + 3600);
    private static final IssuedNode PEER_NODE = CA.issue("peer", List.of("lab"), 0, NOW - 60, NOW + 3600);
    private static final TrustStore TRUST = TrustStore.of(List.of(CA.certificate()), List.of());
    private static final HandshakeMessages MACS = new HandshakeMessages(TRUST.networkKey());
    private static final byte[] GENUINE_INIT = genuineInit();

    @FuzzTest(maxDuration = "10s")
    void handshakesSurviveAnyMessage(final byte[] data)
    {
        final byte[][] lastSent = new byte[1][];
        final EdgeHandshakes handshakes = new EdgeHandshakes(SELF_NODE.credentials(), TRUST, "lab",
            new java.security.SecureRandom(), () -> NOW * 1000L, (to, message, length) -> lastSent[0] = message,
            new Listener(), data.length % 2);
        handshakes.initiate(PEER, 5, 0L); // so RESPONSE and COOKIE_REPLY meet a pending initiation

        handshakes.onMessage(PEER, new UnsafeBuffer(data), 0, data.length, 0L);
        // random bytes never pass mac1: give the same bytes a valid mac1 to reach Noise and the certificate decoder
        if (data.length >= HandshakeMessages.MACS_LENGTH + 4)
        {
            final byte[] macked = data.clone();
            macked[1] = 0;
            macked[2] = 0;
            macked[3] = 0;
            MACS.writeMac1(macked, macked.length);
            handshakes.onMessage(PEER, new UnsafeBuffer(macked), 0, macked.length, 0L);
        }
        // and a genuine INIT with the input XORed over its body (certificate and keys), re-MACed
        final byte[] mutated = GENUINE_INIT.clone();
        for (int i = 0; i < data.length && 8 + i < mutated.length - HandshakeMessages.MACS_LENGTH; i++)
        {
            mutated[8 + i] ^= data[i];
        }
        MACS.writeMac1(mutated, mutated.length);
        handshakes.onMessage(PEER, new UnsafeBuffer(mutated), 0, mutated.length, 0L);
        handshakes.onTick(2_000_000_000L);
        assertTrue(handshakes.counter(HandshakeCounter.INIT_SENT) >= 1);
    }

    @FuzzTest(maxDuration = "10s")
    void certificateDecoderThrowsOnlyCertificateException(final byte[] data)
    {
        decodeAndCheck(data, data.length);
        // random bytes rarely get past the version byte: also XOR the input over a genuine certificate, and let
        // its first byte choose a length around the genuine one
        final byte[] mutated = java.util.Arrays.copyOf(PEER_NODE.certificate().encode(), NodeCertificate.MAX_LENGTH + 8);
        for (int i = 1; i < data.length && i - 1 < mutated.length; i++)
        {
            mutated[i - 1] ^= data[i];
        }
        final int length = PEER_NODE.certificate().encode().length + (data.length == 0 ? 0 : data[0] % 8);
        decodeAndCheck(mutated, Math.max(0, length));
    }

    private static void decodeAndCheck(final byte[] bytes, final int length)
    {
        try
        {
            final NodeCertificate cert = NodeCertificate.decode(bytes, 0, length);
            TRUST.check(cert, "lab", NOW);
            NodeCertificate.fromText(cert.toText());
        }
        catch (final CertificateException ex)
        {
            assertTrue(ex.getMessage().lines().count() == 1);
        }
    }

    private static byte[] genuineInit()
    {
        final byte[][] sent = new byte[1][];
        new EdgeHandshakes(PEER_NODE.credentials(), TRUST, "lab", new java.security.SecureRandom(), () -> NOW * 1000L,
            (to, message, length) -> sent[0] = java.util.Arrays.copyOf(message, length), new Listener(), 100)
            .initiate(SELF, 1, 0L);
        return sent[0];
    }

    /** Allocates indexes; ignores outcomes. */
    private static final class Listener implements HandshakeListener
    {
        private int next = 1;

        @Override
        public int allocateIndex()
        {
            return next++;
        }

        @Override
        public void onEstablished(final long transport, final int localIndex, final int peerIndex,
            final NodeCertificate peer, final byte[] sendKey, final byte[] receiveKey, final boolean initiator)
        {
        }

        @Override
        public void onFailed(final long transport, final int localIndex, final String reason)
        {
        }
    }
}
