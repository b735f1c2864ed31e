package org.ipop.overlay.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.EdgeHandshakes;
import org.ipop.overlay.security.HandshakeCounter;
import org.ipop.overlay.security.HandshakeListener;
import org.ipop.overlay.security.IssuedNode;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.TrustStore;

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

    @FuzzTest(maxDuration = "10s")
    void handshakesSurviveAnyMessage(final byte[] data)
    {
        final TrustStore trust = TrustStore.of(List.of(CA.certificate()), List.of());
        final byte[][] lastSent = new byte[1][];
        final EdgeHandshakes handshakes = new EdgeHandshakes(SELF_NODE.credentials(), trust, "lab",
            new java.security.SecureRandom(), () -> NOW * 1000L, (to, message, length) -> lastSent[0] = message,
            new Listener(), data.length % 2);
        handshakes.initiate(PEER, 5, 0L); // so RESPONSE and COOKIE_REPLY meet a pending initiation

        handshakes.onMessage(PEER, new UnsafeBuffer(data), 0, data.length, 0L);
        // the same bytes with a valid mac1 get past the cheap checks into Noise and the certificate decoder
        final byte[] macked = data.clone();
        if (macked.length >= 4)
        {
            macked[1] = 0;
            macked[2] = 0;
            macked[3] = 0;
        }
        handshakes.onMessage(PEER, new UnsafeBuffer(macked), 0, macked.length, 0L);
        handshakes.onTick(2_000_000_000L);
        assertTrue(handshakes.counter(HandshakeCounter.INIT_SENT) >= 1);
    }

    @FuzzTest(maxDuration = "10s")
    void certificateDecoderThrowsOnlyCertificateException(final byte[] data)
    {
        try
        {
            final NodeCertificate cert = NodeCertificate.decode(data, 0, data.length);
            TrustStore.of(List.of(CA.certificate()), List.of()).check(cert, "lab", NOW);
            cert.toText();
        }
        catch (final CertificateException ex)
        {
            assertTrue(ex.getMessage().lines().count() == 1);
        }
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
