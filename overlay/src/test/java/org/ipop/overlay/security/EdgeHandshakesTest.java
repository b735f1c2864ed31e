package org.ipop.overlay.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.junit.jupiter.api.Test;

class EdgeHandshakesTest
{
    private static final long NOW = NodeCertificateTest.NOW;
    private static final long T0 = 5_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long A = TransportAddress.pack(0x0A000001, 4000);
    private static final long B = TransportAddress.pack(0x0A000002, 4000);
    private static final long C = TransportAddress.pack(0x0A000003, 4000);

    private final CertificateAuthority ca = CertificateAuthority.create("Net CA", NOW - 3600, NOW + 86_400, FixedRandoms.seeded(3));
    private final TrustStore trustA = TrustStore.of(List.of(ca.certificate()), List.of());
    private final TrustStore trustB = TrustStore.of(List.of(ca.certificate()), List.of());
    private final IssuedNode alice = ca.issue("alice", List.of("lab"), 0, NOW - 60, NOW + 3600);
    private final IssuedNode bob = ca.issue("bob", List.of("lab"), 0, NOW - 60, NOW + 3600);
    private final HandshakeHarness net = new HandshakeHarness();

    @Test
    void shouldEstablishASessionWithMatchingKeysOnBothSides()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);

        a.handshakes.initiate(B, 7, T0);
        assertEquals(2, net.pump(T0));

        assertEquals(1, a.sessions.size());
        assertEquals(1, b.sessions.size());
        final HandshakeHarness.Session sa = a.sessions.get(0);
        final HandshakeHarness.Session sb = b.sessions.get(0);
        assertTrue(sa.initiator());
        assertFalse(sb.initiator());
        assertEquals(7, sa.localIndex());
        assertEquals(7, sb.peerIndex());
        assertEquals(sb.localIndex(), sa.peerIndex());
        assertEquals(B, sa.transport());
        assertEquals(A, sb.transport());
        assertEquals(bob.certificate(), sa.peer());
        assertEquals(alice.certificate(), sb.peer());
        assertArrayEquals(sa.sendKey(), sb.receiveKey());
        assertArrayEquals(sa.receiveKey(), sb.sendKey());
        assertEquals(32, sa.sendKey().length);
        assertFalse(Arrays.equals(sa.sendKey(), sa.receiveKey()));
        assertFalse(a.handshakes.isPending(B));
        assertEquals(1, a.count(HandshakeCounter.ESTABLISHED));
        assertEquals(1, b.count(HandshakeCounter.RESPONSE_SENT));
        assertEquals(3, b.count(HandshakeCounter.DH_COMPUTED));
        assertEquals(3, a.count(HandshakeCounter.DH_COMPUTED));

        // nothing more happens: no retransmission once established
        a.handshakes.onTick(T0 + 5 * SECOND);
        assertEquals(0, net.pump(T0 + 5 * SECOND));
    }

    @Test
    void shouldRefuseAnInitiatorWhoseCertificateTheResponderDoesNotAccept()
    {
        final CertificateAuthority rogue = CertificateAuthority.create("Rogue", NOW - 3600, NOW + 86_400);
        assertRefusedByResponder(rogue.issue("mallory", List.of("lab"), 0, NOW - 60, NOW + 3600).credentials(),
            HandshakeCounter.CERT_UNKNOWN_CA);
        assertRefusedByResponder(ca.issue("old", List.of("lab"), 0, NOW - 7200, NOW - 3600).credentials(),
            HandshakeCounter.CERT_EXPIRED);
        assertRefusedByResponder(ca.issue("future", List.of("lab"), 0, NOW + 600, NOW + 3600).credentials(),
            HandshakeCounter.CERT_NOT_YET_VALID);
        assertRefusedByResponder(ca.issue("elsewhere", List.of("prod"), 0, NOW - 60, NOW + 3600).credentials(),
            HandshakeCounter.CERT_WRONG_NAMESPACE);
        trustB.revoke(alice.certificate().fingerprint());
        assertRefusedByResponder(alice.credentials(), HandshakeCounter.CERT_REVOKED);
    }

    @Test
    void shouldFailTheInitiationAtOnceWhenTheResponderProvesACertificateTheInitiatorRefuses()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        net.add(B, ca.issue("bob", List.of("prod"), 0, NOW - 60, NOW + 3600).credentials(), trustB, null, 100);

        a.handshakes.initiate(B, 7, T0);
        net.pump(T0);

        assertEquals(List.of("7: peer refused: certificate WRONG_NAMESPACE"), a.failures);
        assertEquals(1, a.count(HandshakeCounter.CERT_WRONG_NAMESPACE));
        assertEquals(1, a.count(HandshakeCounter.BAD_CERTIFICATE));
        assertTrue(a.sessions.isEmpty());
        assertFalse(a.handshakes.isPending(B));
    }

    @Test
    void shouldRefuseACertificateWhoseAgreementKeyIsNotTheNoiseStaticKey() throws NoiseException
    {
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);
        // mallory replays alice's (public) certificate but holds only her own static key
        final byte[] payload = new byte[8 + alice.certificate().encode().length];
        HandshakeMessages.putLong(payload, 0, net.nowMs);
        System.arraycopy(alice.certificate().encode(), 0, payload, 8, payload.length - 8);
        final byte[] malloryStatic = RawKeys.rawPrivate(RawKeys.x25519(HandshakeHarness.random()).getPrivate());
        final byte[] noise = NoiseIx.initiator(malloryStatic, EdgeHandshakes.PROLOGUE, HandshakeHarness.random())
            .writeMessage(payload);
        final byte[] init = initOf(noise, trustB, 9);

        b.handshakes.onMessage(C, new UnsafeBuffer(init), 0, init.length, T0);

        assertEquals(1, b.count(HandshakeCounter.STATIC_KEY_MISMATCH));
        assertTrue(b.sessions.isEmpty());
        assertTrue(net.inFlight.isEmpty());
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED));
    }

    @Test
    void shouldRefuseAReplayedInit()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        final HandshakeHarness.Datagram init = net.inFlight.peek();
        net.pump(T0);
        assertEquals(1, b.sessions.size());

        net.deliver(init, T0 + SECOND);

        assertEquals(1, b.count(HandshakeCounter.REPLAYED_TIMESTAMP));
        assertEquals(1, b.sessions.size());
        assertEquals(1, b.count(HandshakeCounter.RESPONSE_SENT));

        // a genuine rekey later is a new session
        net.nowMs += 1000;
        a.handshakes.initiate(B, 8, T0 + 2 * SECOND);
        net.pump(T0 + 2 * SECOND);
        assertEquals(2, b.sessions.size());
        assertEquals(2, a.sessions.size());
    }

    @Test
    void shouldSpendNoDhOnAnInitWithABadMac1()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        final byte[] init = net.inFlight.remove().bytes();
        init[init.length - 20] ^= 1;

        b.handshakes.onMessage(A, new UnsafeBuffer(init), 0, init.length, T0);

        assertEquals(1, b.count(HandshakeCounter.BAD_MAC1));
        assertEquals(0, b.count(HandshakeCounter.INIT_RECEIVED));
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED));
        assertTrue(net.inFlight.isEmpty());
    }

    @Test
    void shouldTellAStrangerWithAnotherNetworkFromAMemberByMac1Alone()
    {
        final CertificateAuthority rogue = CertificateAuthority.create("Rogue", NOW - 3600, NOW + 86_400);
        final HandshakeHarness.Peer m = net.add(C, rogue.issue("mallory", List.of("lab"), 0, NOW - 60, NOW + 3600)
            .credentials(), TrustStore.of(List.of(rogue.certificate()), List.of()), "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);

        m.handshakes.initiate(B, 1, T0);
        net.pump(T0);

        assertEquals(1, b.count(HandshakeCounter.BAD_MAC1));
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED));
        assertEquals(0, b.count(HandshakeCounter.BAD_CERTIFICATE));
    }

    @Test
    void shouldAnswerWithACookieUnderLoadAndAcceptTheRetryCarryingMac2()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 0);

        a.handshakes.initiate(B, 7, T0);
        net.pump(T0);

        assertEquals(1, b.count(HandshakeCounter.COOKIE_SENT));
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED));
        assertEquals(0, b.count(HandshakeCounter.INIT_RECEIVED));
        assertEquals(1, a.count(HandshakeCounter.COOKIE_RECEIVED));
        assertTrue(a.sessions.isEmpty());

        a.handshakes.onTick(T0 + SECOND);
        net.pump(T0 + SECOND);

        assertEquals(1, b.count(HandshakeCounter.COOKIE_SENT));
        assertEquals(1, b.count(HandshakeCounter.INIT_RECEIVED));
        assertEquals(1, a.sessions.size());
        assertEquals(1, b.sessions.size());
    }

    @Test
    void shouldCountAWrongMac2UnderLoadAndSendAFreshCookie()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 0);
        a.handshakes.initiate(B, 7, T0);
        final byte[] init = net.inFlight.remove().bytes();
        init[init.length - 1] = 42;

        b.handshakes.onMessage(A, new UnsafeBuffer(init), 0, init.length, T0);
        // the cookie is bound to the address: one learnt at A is worthless from C
        a.handshakes.onMessage(B, new UnsafeBuffer(net.inFlight.remove().bytes()), 0, HandshakeMessages.COOKIE_REPLY_LENGTH, T0);
        a.handshakes.onTick(T0 + SECOND);
        final byte[] retry = net.inFlight.remove().bytes();
        b.handshakes.onMessage(C, new UnsafeBuffer(retry), 0, retry.length, T0 + SECOND);

        assertEquals(2, b.count(HandshakeCounter.BAD_MAC2));
        assertEquals(2, b.count(HandshakeCounter.COOKIE_SENT));
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED));
    }

    @Test
    void shouldRetransmitWithAFreshEphemeralAndGiveUpAfterTwentySeconds()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        a.handshakes.onTick(T0 + SECOND / 2);
        assertEquals(1, a.count(HandshakeCounter.INIT_SENT));
        a.handshakes.onTick(T0 + SECOND);
        assertEquals(2, a.count(HandshakeCounter.INIT_SENT));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a.sent.get(0), 8, 40), Arrays.copyOfRange(a.sent.get(1), 8, 40)));

        a.handshakes.onTick(T0 + 20 * SECOND);

        assertEquals(List.of("7: handshake timed out after 20 s"), a.failures);
        assertEquals(1, a.count(HandshakeCounter.TIMED_OUT));
        assertFalse(a.handshakes.isPending(B));
    }

    @Test
    void shouldRefuseItsOwnAddress()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer twin = net.add(B, alice.credentials(), trustB, "lab", 100);

        a.handshakes.initiate(B, 7, T0);
        net.pump(T0);

        assertEquals(1, twin.count(HandshakeCounter.OWN_ADDRESS));
        assertTrue(twin.sessions.isEmpty());
        assertTrue(a.sessions.isEmpty());
    }

    @Test
    void shouldKeepThePendingStateWhenAForgedResponseArrivesFirst()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        net.add(B, bob.credentials(), trustB, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        net.deliver(net.inFlight.remove(), T0);
        final byte[] response = net.inFlight.remove().bytes();
        final byte[] forged = response.clone();
        forged[60] ^= 1;
        final HandshakeMessages macs = new HandshakeMessages(trustA.networkKey());
        macs.writeMac1(forged, forged.length);

        a.handshakes.onMessage(B, new UnsafeBuffer(forged), 0, forged.length, T0);
        assertEquals(1, a.count(HandshakeCounter.DECRYPT_FAILED));
        a.handshakes.onMessage(B, new UnsafeBuffer(response), 0, response.length, T0);

        assertEquals(1, a.sessions.size());
        assertTrue(a.failures.isEmpty());
    }

    @Test
    void shouldIgnoreAResponseFromAnotherAddressOrForAnUnknownIndex()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        net.add(B, bob.credentials(), trustB, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        net.deliver(net.inFlight.remove(), T0);
        final byte[] response = net.inFlight.remove().bytes();

        a.handshakes.onMessage(C, new UnsafeBuffer(response), 0, response.length, T0);

        assertEquals(1, a.count(HandshakeCounter.UNKNOWN_INDEX));
        assertTrue(a.sessions.isEmpty());
        assertTrue(a.handshakes.isPending(B));
    }

    @Test
    void shouldDropAnInitWhenNoIndexIsFree()
    {
        final HandshakeHarness.Peer a = net.add(A, alice.credentials(), trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);
        b.indexesExhausted = true;

        a.handshakes.initiate(B, 7, T0);
        net.pump(T0);

        assertEquals(1, b.count(HandshakeCounter.NO_INDEX));
        assertTrue(b.sessions.isEmpty());
        assertTrue(a.sessions.isEmpty());
    }

    @Test
    void shouldCountMalformedMessages()
    {
        final HandshakeHarness.Peer b = net.add(B, bob.credentials(), trustB, "lab", 100);
        final byte[][] junk = {new byte[0], new byte[3], {9, 0, 0, 0, 1, 2, 3}, {1, 1, 0, 0}, new byte[100],
            {2, 0, 0, 0, 0, 0, 0, 0}, {3, 0, 0, 0}, new byte[5000]};
        junk[4][0] = 1;

        for (final byte[] message : junk)
        {
            b.handshakes.onMessage(A, new UnsafeBuffer(message), 0, message.length, T0);
        }

        assertEquals(junk.length, b.count(HandshakeCounter.MALFORMED));
    }

    @Test
    void shouldRefuseAnInitFromTooFarInTheFuture()
    {
        final HandshakeHarness.Peer a = net.add(A, ca.issue("a", List.of("lab"), 0, NOW - 3600, NOW + 3600).credentials(),
            trustA, "lab", 100);
        final HandshakeHarness.Peer b = net.add(B, ca.issue("b", List.of("lab"), 0, NOW - 3600, NOW + 3600).credentials(),
            trustB, "lab", 100);
        a.handshakes.initiate(B, 7, T0);
        final byte[] init = net.inFlight.remove().bytes();
        net.nowMs -= EdgeHandshakes.MAX_FUTURE_MS + 1;

        b.handshakes.onMessage(A, new UnsafeBuffer(init), 0, init.length, T0);

        assertEquals(1, b.count(HandshakeCounter.FUTURE_TIMESTAMP));
        assertTrue(b.sessions.isEmpty());
    }

    private void assertRefusedByResponder(final NodeCredentials initiator, final HandshakeCounter reason)
    {
        final HandshakeHarness harness = new HandshakeHarness();
        final HandshakeHarness.Peer a = harness.add(A, initiator, trustA, null, 100);
        final HandshakeHarness.Peer b = harness.add(B, bob.credentials(), trustB, "lab", 100);

        a.handshakes.initiate(B, 7, T0);
        harness.pump(T0);

        assertEquals(1, b.count(reason), reason.name());
        assertEquals(1, b.count(HandshakeCounter.BAD_CERTIFICATE), reason.name());
        assertEquals(0, b.count(HandshakeCounter.RESPONSE_SENT), reason.name());
        assertEquals(0, b.count(HandshakeCounter.DH_COMPUTED), reason.name());
        assertTrue(b.sessions.isEmpty());
        assertTrue(a.sessions.isEmpty());
    }

    private static byte[] initOf(final byte[] noiseMessage, final TrustStore trust, final int senderIndex)
    {
        final int length = HandshakeMessages.INIT_NOISE_OFFSET + noiseMessage.length + HandshakeMessages.MACS_LENGTH;
        final byte[] init = new byte[length];
        init[0] = HandshakeMessages.TYPE_INIT;
        HandshakeMessages.putInt(init, HandshakeMessages.SENDER_INDEX_OFFSET, senderIndex);
        System.arraycopy(noiseMessage, 0, init, HandshakeMessages.INIT_NOISE_OFFSET, noiseMessage.length);
        new HandshakeMessages(trust.networkKey()).writeMac1(init, length);
        return init;
    }
}
