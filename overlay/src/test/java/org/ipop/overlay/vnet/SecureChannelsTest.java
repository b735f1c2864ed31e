package org.ipop.overlay.vnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.control.EngineEventHandler;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.table.RouteLookup;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.engine.testkit.JdkSessionKeys;
import org.ipop.engine.testkit.RingDatagramLink;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.DataPlaneCommands;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.overlay.security.EdgeHandshakes;
import org.ipop.overlay.security.HandshakeCounter;
import org.ipop.overlay.security.IssuedNode;
import org.ipop.overlay.security.TrustStore;
import org.ipop.overlay.wire.EdgeMessageFlyweight;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.LinkRequestFlyweight;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.SessionKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes, each a real engine (INVOKER mode) whose UDP endpoint seals and opens with a {@link JdkSessionKeys} table,
 * joined by a {@link RingDatagramLink}, with their {@link SecureChannels} and {@link EdgeHandshakes} on certificates
 * of one CA. A pump runs the engines and routes their CONTROL_FRAME events as {@link EngineEventDispatcher} does;
 * one frozen clock (advanced by hand) drives engines, key tables, session timers and the handshakes' wall clock.
 * Each endpoint applies its key table itself so the test sees the datagrams as they cross the "wire", and can
 * rewrite their source port on arrival (a NAT rebinding, or a spoofed source).
 * Covered: queued frames behind a handshake and sealed on the wire, admission by reason, rekey and expiry, the
 * responder's unconfirmed session, the newest session on another transport taking over, the pending-queue bounds and
 * revocation (with a real {@link ControlPlane} whose journal shows the CLOSE it is told of).
 */
class SecureChannelsTest
{
    private static final long NOW_S = 1_800_000_000L;
    private static final String NAMESPACE = "lab";
    private static final int IP_A = 0xC0A8_0101;
    private static final int IP_B = 0xC0A8_0102;
    private static final int IP_C = 0xC0A8_0103;
    private static final int PORT_A = 4001;
    private static final int PORT_B = 4002;
    private static final int PORT_C = 4003;
    private static final long AT_A = TransportAddress.pack(IP_A, PORT_A);
    private static final long AT_B = TransportAddress.pack(IP_B, PORT_B);
    private static final int SLOTS = 16;
    private static final byte[] PATTERN = "SECRET-CONTROL-MESSAGE-".getBytes(StandardCharsets.US_ASCII);

    private static final CertificateAuthority CA = CertificateAuthority.create("Test CA", NOW_S - 3600, NOW_S + 86_400);
    private static final IssuedNode ISSUED_A = CA.issue("node-a", List.of(NAMESPACE), 0, NOW_S - 60, NOW_S + 3600);
    private static final IssuedNode ISSUED_B = CA.issue("node-b", List.of(NAMESPACE), 0, NOW_S - 60, NOW_S + 3600);
    private static final IssuedNode ISSUED_C = CA.issue("node-c", List.of(NAMESPACE), 0, NOW_S - 60, NOW_S + 3600);

    @TempDir
    File dir;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Node> nodes = new ArrayList<>();
    private final RingDatagramLink link = new RingDatagramLink(1 << 20, IP_A, PORT_A, IP_B, PORT_B);

    SecureChannelsTest()
    {
        clock.update(1_000_000_000L);
    }

    @AfterEach
    void closeAll()
    {
        nodes.forEach(n -> n.engine.close());
    }

    // ------------------------------------------------------------------------------------- 1. queue, handshake, seal

    @Test
    void shouldQueueAFrameBehindAHandshakeAndDeliverItSealed()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        final byte[] message = message(1);

        assertTrue(a.send(AT_B, message), "queued");
        assertTrue(a.channels.handshakes().isPending(AT_B), "a handshake started");
        assertEquals(0, a.channels.activeSessions());
        pump();

        assertEquals(1, a.channels.sessionsEstablished());
        assertEquals(1, b.channels.sessionsEstablished());
        assertEquals(1, a.channels.activeSessions());
        assertEquals(1, b.channels.activeSessions());
        assertEquals(b.address, a.channels.peerAt(AT_B));
        assertEquals(a.address, b.channels.peerAt(AT_A));
        assertFalse(a.channels.handshakes().isPending(AT_B));

        assertEquals(1, b.admitted.size(), "the queued frame arrived and was admitted");
        final Received received = b.admitted.get(0);
        assertEquals(IP_A, received.ip);
        assertEquals(PORT_A, received.port);
        assertArrayEquals(message, received.message());
        assertEquals(b.keySlotFor(a), received.slot(), "opened with the session that seals B's frames for A");

        // on the wire: handshakes in clear, then the control frame sealed; the message never in clear
        final List<byte[]> wire = new ArrayList<>(a.endpoint.sent);
        wire.addAll(b.endpoint.sent);
        assertTrue(wire.stream().anyMatch(d -> OverlayFrameType.HANDSHAKE == type(d)));
        final List<byte[]> control = wire.stream().filter(d -> OverlayFrameType.CONTROL == type(d)).toList();
        assertEquals(1, control.size());
        assertEquals(OverlayFrameFlyweight.FLAG_AEAD, flags(control.get(0)));
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + message.length + OverlayFrameFlyweight.AEAD_TAG_LENGTH,
            control.get(0).length);
        for (final byte[] datagram : wire)
        {
            assertFalse(contains(datagram, PATTERN), "the message is not readable on the wire");
        }
        assertEquals(b.endpoint.received.size(), a.endpoint.sent.size(), "what A sent is what B received");

        // and back, now without a handshake
        assertTrue(b.send(AT_A, message(2)));
        pump();
        assertEquals(1, a.admitted.size());
        assertArrayEquals(message(2), a.admitted.get(0).message());
        assertEquals(1, a.channels.sessionsEstablished());
        assertEquals(0, a.channels.refused(SecureChannels.Refusal.UNSENT));
    }

    // ------------------------------------------------------------------------------------------------ 2. admission

    @Test
    void shouldRefuseFramesFromAnotherTransportOrNamingAnotherSenderOrInClear()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        final Address c = ISSUED_C.certificate().address();
        a.send(AT_B, message(1));
        pump();
        assertEquals(1, b.admitted.size());
        final byte[] genuine = b.admitted.get(0).frame;

        // the same opened frame (right session) but from another transport address: as if spoofed
        assertFalse(b.admit(IP_C, PORT_C, genuine));
        assertFalse(b.admit(IP_A, PORT_A + 1, genuine));
        assertEquals(2, b.channels.refused(SecureChannels.Refusal.WRONG_TRANSPORT));
        assertTrue(b.admit(IP_A, PORT_A, genuine), "from the right transport it passes");

        // and through the engine: a frame sealed by A's session whose source port is rewritten on the way
        b.endpoint.sourcePort = PORT_C;
        a.send(AT_B, message(2));
        pump();
        b.endpoint.sourcePort = 0;
        assertEquals(1, b.admitted.size());
        assertEquals(3, b.channels.refused(SecureChannels.Refusal.WRONG_TRANSPORT));

        // clear, and opened by a slot that holds no session
        final byte[] clear = genuine.clone();
        clear[OverlayFrameFlyweight.FLAGS_OFFSET] = 0;
        assertFalse(b.admit(IP_A, PORT_A, clear));
        assertEquals(1, b.channels.refused(SecureChannels.Refusal.NOT_SEALED));
        final byte[] unknownSlot = genuine.clone();
        new OverlayFrameFlyweight().wrap(new UnsafeBuffer(unknownSlot), 0).sessionId(SLOTS - 1);
        assertFalse(b.admit(IP_A, PORT_A, unknownSlot));
        assertEquals(1, b.channels.refused(SecureChannels.Refusal.NO_SESSION));

        // through the engine, sealed by A's session: a member claiming another member's address is refused
        b.admitted.clear();
        a.send(AT_B, edgeMessage(FrameHeader.TYPE_PING, c));
        a.send(AT_B, edgeMessage(FrameHeader.TYPE_CLOSE, c));
        a.send(AT_B, linkRequest(c));
        a.send(AT_B, edgeMessage(FrameHeader.TYPE_PING, a.address));
        a.send(AT_B, linkRequest(a.address));
        pump();
        assertEquals(3, b.channels.refused(SecureChannels.Refusal.WRONG_SENDER));
        assertEquals(2, b.admitted.size(), "only the frames naming A itself");
        assertEquals(FrameHeader.TYPE_PING, FrameHeader.type(new UnsafeBuffer(b.admitted.get(0).message()), 0,
            b.admitted.get(0).message().length));
        assertEquals(FrameHeader.TYPE_LINK_REQUEST, FrameHeader.type(new UnsafeBuffer(b.admitted.get(1).message()), 0,
            b.admitted.get(1).message().length));
        assertEquals(3, b.channels.refused(SecureChannels.Refusal.WRONG_TRANSPORT));
        assertEquals(1, b.channels.refused(SecureChannels.Refusal.NOT_SEALED));
    }

    // -------------------------------------------------------------------------------------------- 3. rekey, expiry

    @Test
    void shouldRekeyASessionThatSealedAndRetireTheOldOneAfterRejectAfter()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        a.send(AT_B, message(1));
        pump();
        final int oldA = a.keySlotFor(b);
        final int oldB = b.keySlotFor(a);
        assertTrue(oldA >= 0 && oldB >= 0);

        advance(SecureChannels.REKEY_AFTER_NS - SecureChannels.TIMER_INTERVAL_NS);
        assertEquals(0, a.channels.doWork(), "not yet");
        advance(SecureChannels.TIMER_INTERVAL_NS);
        assertEquals(1, a.channels.doWork(), "the initiator renews the session it sealed with");
        assertEquals(0, b.channels.doWork(), "the responder waits longer");
        pump();
        assertEquals(2, a.channels.sessionsEstablished());
        assertEquals(2, b.channels.sessionsEstablished());
        assertEquals(2, a.channels.activeSessions());
        final int newA = a.keySlotFor(b);
        assertNotEquals(oldA, newA, "the initiator seals with the new session at once");

        // traffic keeps flowing, over the new sessions both ways
        a.send(AT_B, message(2));
        pump();
        assertArrayEquals(message(2), b.lastMessage());
        final int newB = b.admitted.get(b.admitted.size() - 1).slot();
        assertNotEquals(oldB, newB);
        assertEquals(newB, b.keySlotFor(a));
        b.send(AT_A, message(3));
        pump();
        assertArrayEquals(message(3), a.lastMessage());
        assertEquals(newA, a.admitted.get(a.admitted.size() - 1).slot());
        assertTrue(a.keys.isActive(oldA), "the old session is kept until it expires");
        assertTrue(b.keys.isActive(oldB));

        // the old sessions expire REJECT_AFTER after they were made; the new ones are younger
        advance(SecureChannels.REJECT_AFTER_NS - SecureChannels.REKEY_AFTER_NS);
        a.channels.doWork();
        b.channels.doWork();
        pump();
        assertFalse(a.keys.isActive(oldA));
        assertFalse(b.keys.isActive(oldB));
        assertTrue(a.keys.isActive(newA));
        assertTrue(b.keys.isActive(newB));
        assertEquals(1, a.channels.sessionsRetired());
        assertEquals(1, b.channels.sessionsRetired());
        assertEquals(1, a.channels.activeSessions());
        assertEquals(newA, a.keySlotFor(b), "the engine seals for B with the newest session");
        assertEquals(newB, b.keySlotFor(a));
        assertEquals(2, a.channels.sessionsEstablished(), "no handshake: the new sessions have not sealed long enough");

        a.send(AT_B, message(4));
        b.send(AT_A, message(5));
        pump();
        assertArrayEquals(message(4), b.lastMessage());
        assertArrayEquals(message(5), a.lastMessage());
        assertEquals(newB, b.admitted.get(b.admitted.size() - 1).slot());

        // past REJECT_AFTER with no timer run in between: expired, not renewed, and the engine keeps no key for the peer
        advance(SecureChannels.REJECT_AFTER_NS);
        assertEquals(1, a.channels.doWork());
        assertEquals(1, b.channels.doWork());
        assertEquals(0, a.channels.activeSessions());
        assertEquals(0, b.channels.activeSessions());
        assertFalse(a.channels.handshakes().isPending(AT_B));
        a.invoke();
        b.invoke();
        assertEquals(-1, a.keySlotFor(b));
        assertEquals(-1, b.keySlotFor(a));
    }

    @Test
    void shouldLetTheResponderRenewLaterThanTheInitiatorWhenTheInitiatorDidNot()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        a.send(AT_B, message(1));
        pump();
        b.send(AT_A, message(2));
        pump();

        advance(SecureChannels.REKEY_AFTER_NS);
        assertEquals(0, b.channels.doWork(), "the initiator's turn first");
        advance(SecureChannels.RESPONDER_REKEY_DELAY_NS);
        assertEquals(1, b.channels.doWork(), "A did not renew: B does");
        assertTrue(b.channels.handshakes().isPending(AT_A));
        pump();
        assertEquals(2, b.channels.sessionsEstablished());
        assertEquals(2, a.channels.sessionsEstablished());
        b.send(AT_A, message(3));
        pump();
        assertArrayEquals(message(3), a.lastMessage());
        assertEquals(a.keySlotFor(b), a.admitted.get(a.admitted.size() - 1).slot(), "over the new session, confirmed");
    }

    @Test
    void shouldNotRenewASessionThatSealedNothing()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        a.send(AT_B, message(1));
        pump();

        advance(SecureChannels.REKEY_AFTER_NS + SecureChannels.RESPONDER_REKEY_DELAY_NS);
        assertEquals(0, b.channels.doWork(), "B sealed nothing with it");
        assertFalse(b.channels.handshakes().isPending(AT_A));
        b.send(AT_A, message(2));
        pump();   // the engine seals it: the table's send counter is what the timer reads
        advance(SecureChannels.TIMER_INTERVAL_NS);
        assertEquals(1, b.channels.doWork(), "now it did");
        assertTrue(b.channels.handshakes().isPending(AT_A));
    }

    // --------------------------------------------------------------------------- 4. responder's unconfirmed session

    @Test
    void shouldKeepAResponderSessionUnconfirmedUntilAFrameSealedWithItArrives()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        a.send(AT_B, message(1));
        pump();
        final int oldA = a.keySlotFor(b);
        final int oldB = b.keySlotFor(a);

        advance(SecureChannels.REKEY_AFTER_NS);
        assertEquals(1, a.channels.doWork());
        a.step();   // the INIT leaves A
        b.step();   // B answers it: a second session with A's transport, in reserve
        assertEquals(2, b.channels.sessionsEstablished());
        assertEquals(2, b.channels.activeSessions());
        assertEquals(oldB, b.keySlotFor(a), "the engine still seals for A with the old session");
        b.send(AT_A, message(2));
        b.step();   // sealed with the old session, behind the RESPONSE
        a.step();   // A completes its handshake, then opens B's frame
        a.step();
        assertEquals(2, a.channels.sessionsEstablished());
        assertArrayEquals(message(2), a.lastMessage());
        assertEquals(oldA, a.admitted.get(a.admitted.size() - 1).slot(), "B sent with the old session");
        final int newA = a.keySlotFor(b);
        assertNotEquals(oldA, newA);

        b.send(AT_A, message(3));
        pump();
        assertEquals(oldA, a.admitted.get(a.admitted.size() - 1).slot(), "still the old one: nothing arrived on the new");
        assertEquals(oldB, b.keySlotFor(a));

        a.send(AT_B, message(4));   // sealed with A's new session: proves A holds its key
        pump();
        final int newB = b.admitted.get(b.admitted.size() - 1).slot();
        assertNotEquals(oldB, newB);
        assertArrayEquals(message(4), b.lastMessage());
        assertEquals(newB, b.keySlotFor(a), "confirmed: now it seals B's frames for A");
        b.send(AT_A, message(5));
        pump();
        assertArrayEquals(message(5), a.lastMessage());
        assertEquals(newA, a.admitted.get(a.admitted.size() - 1).slot());
    }

    @Test
    void shouldNotPromoteAnUnconfirmedSessionWhenTheConfirmedOneExpires()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        a.send(AT_B, message(1));
        pump();
        final int oldB = b.keySlotFor(a);
        advance(SecureChannels.REKEY_AFTER_NS);
        a.channels.doWork();
        pump();
        assertEquals(2, b.channels.activeSessions());
        // B's old session expires while its new one is still unconfirmed: the engine holds no key for A rather than
        // one nobody proved
        advance(SecureChannels.REJECT_AFTER_NS - SecureChannels.REKEY_AFTER_NS);
        b.channels.doWork();
        b.invoke();
        assertFalse(b.keys.isActive(oldB));
        assertEquals(-1, b.keySlotFor(a));
        assertNull(b.channels.peerAt(AT_A));
    }

    @Test
    void shouldSealForAPeerWithItsNewestSessionOnAnotherTransportWhenItsCurrentOneExpires()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), null);
        final long rebound = TransportAddress.pack(IP_A, PORT_A + 1);
        a.send(AT_B, message(1));
        pump();
        final int first = b.keySlotFor(a);

        // A renews: B holds a second session with A's transport, in reserve
        advance(SecureChannels.REKEY_AFTER_NS);
        assertEquals(1, a.channels.doWork());
        pump();
        final int renewedAtA = a.keySlotFor(b);
        assertEquals(first, b.keySlotFor(a));

        // a NAT rebinds A's port: B reaches A at the new transport with a session of its own, current at once
        advance(TimeUnit.SECONDS.toNanos(10));
        b.endpoint.sourcePort = PORT_A + 1;
        assertTrue(b.send(rebound, message(2)));
        pump();
        assertArrayEquals(message(2), a.lastMessage());
        assertEquals(a.address, b.channels.peerAt(rebound));
        final int overRebound = b.keySlotFor(a);
        assertNotEquals(first, overRebound);

        // a frame A sealed with its renewed session comes late through the old mapping: B's reserve is confirmed
        b.endpoint.sourcePort = 0;
        final byte[] late = message(3);
        assertTrue(a.engine.proxy().sendControlFrame(IP_B, PORT_B, renewedAtA, new UnsafeBuffer(late), 0, late.length));
        pump();
        assertArrayEquals(late, b.lastMessage());
        final int renewedAtB = b.admitted.get(b.admitted.size() - 1).slot();
        assertEquals(renewedAtB, b.keySlotFor(a), "the newest confirmed session seals for A");
        assertEquals(3, b.channels.activeSessions());

        // the renewed session expires first (the first one with it): the engine falls back to the rebound one
        advance(SecureChannels.REJECT_AFTER_NS - TimeUnit.SECONDS.toNanos(10));
        b.channels.doWork();
        b.invoke();
        assertFalse(b.keys.isActive(first));
        assertFalse(b.keys.isActive(renewedAtB));
        assertTrue(b.keys.isActive(overRebound));
        assertNull(b.channels.peerAt(AT_A));
        assertEquals(overRebound, b.keySlotFor(a));

        // and when that one expires too, no key is left for A
        advance(TimeUnit.SECONDS.toNanos(10));
        b.channels.doWork();
        b.invoke();
        assertFalse(b.keys.isActive(overRebound));
        assertEquals(-1, b.keySlotFor(a));
    }

    // ---------------------------------------------------------------------------------------------- 5. queue bounds

    @Test
    void shouldRefuseFramesBeyondThePendingBoundAndDropTheQueueWhenTheHandshakeFails()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        new Node("b", ISSUED_B, link.endpointB(), null);   // never runs: it never answers
        for (int i = 0; i < SecureChannels.MAX_PENDING_FRAMES; i++)
        {
            assertTrue(a.send(AT_B, message(i)));
        }
        assertEquals(0, a.channels.refused(SecureChannels.Refusal.UNSENT));
        assertFalse(a.send(AT_B, message(99)), "one too many");
        assertEquals(1, a.channels.refused(SecureChannels.Refusal.UNSENT));
        a.step();
        assertEquals(1, a.channels.handshakes().counter(HandshakeCounter.INIT_SENT));

        advance(EdgeHandshakes.RETRANSMIT_NS);
        a.channels.doWork();
        assertEquals(2, a.channels.handshakes().counter(HandshakeCounter.INIT_SENT), "retransmitted");
        assertEquals(1, a.channels.refused(SecureChannels.Refusal.UNSENT), "still waiting");

        advance(EdgeHandshakes.GIVE_UP_NS);
        a.channels.doWork();
        assertEquals(1, a.channels.handshakes().counter(HandshakeCounter.TIMED_OUT));
        assertFalse(a.channels.handshakes().isPending(AT_B));
        assertEquals(1 + SecureChannels.MAX_PENDING_FRAMES, a.channels.refused(SecureChannels.Refusal.UNSENT),
            "the queue went with the handshake");
        assertEquals(0, a.channels.activeSessions());

        // the next frame starts over with a fresh queue
        assertTrue(a.send(AT_B, message(100)));
        assertTrue(a.channels.handshakes().isPending(AT_B));
        assertEquals(1 + SecureChannels.MAX_PENDING_FRAMES, a.channels.refused(SecureChannels.Refusal.UNSENT));
    }

    @Test
    void shouldDropAFrameWhoseHandshakeFindsNoFreeSlot()
    {
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        // the key table has SLOTS slots: an initiation past that fails at once and takes its frame with it
        for (int i = 0; i < SLOTS; i++)
        {
            assertTrue(a.send(TransportAddress.pack(IP_C, 5000 + i), message(i)));
        }
        assertFalse(a.send(TransportAddress.pack(IP_C, 6000), message(99)), "no slot for another handshake");
        assertEquals(1, a.channels.refused(SecureChannels.Refusal.UNSENT));
        assertFalse(a.channels.handshakes().isPending(TransportAddress.pack(IP_C, 6000)));
        assertTrue(a.send(TransportAddress.pack(IP_C, 5000), message(100)), "an address already waiting may queue more");
        assertEquals(1, a.channels.refused(SecureChannels.Refusal.UNSENT));
    }

    @Test
    void shouldBoundTheTransportsWaitingForHandshakes()
    {
        final int slots = 2 * SecureChannels.MAX_PENDING_TRANSPORTS;
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null, slots);
        for (int i = 0; i < SecureChannels.MAX_PENDING_TRANSPORTS; i++)
        {
            assertTrue(a.send(TransportAddress.pack(IP_C, 5000 + i), message(i)));
        }
        final long another = TransportAddress.pack(IP_C, 5000 + SecureChannels.MAX_PENDING_TRANSPORTS);
        assertFalse(a.send(another, message(99)), "one address too many");
        assertEquals(1, a.channels.refused(SecureChannels.Refusal.UNSENT));
        assertFalse(a.channels.handshakes().isPending(another), "and no handshake for it");
        assertTrue(a.send(TransportAddress.pack(IP_C, 5000), message(100)), "an address already waiting may queue more");
    }

    // ------------------------------------------------------------------------------------------------ 6. revocation

    @Test
    void shouldRemoveTheSessionsOfARevokedCertificateAtOnceAndRefuseItsInits()
    {
        final List<byte[]> journaled = new ArrayList<>();
        final long[] journaledFrom = new long[1];
        final InputJournal journal = new InputJournal()
        {
            @Override
            public void frame(final long timeNs, final int srcIp, final int srcPort, final DirectBuffer buffer,
                final int offset, final int length)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                journaled.add(copy);
                journaledFrom[0] = TransportAddress.pack(srcIp, srcPort);
            }
        };
        final Node a = new Node("a", ISSUED_A, link.endpointA(), null);
        final Node b = new Node("b", ISSUED_B, link.endpointB(), journal);
        a.send(AT_B, message(1));
        pump();
        final int slotB = b.keySlotFor(a);
        assertTrue(b.keys.isActive(slotB));

        assertEquals(0, b.channels.revoke(ISSUED_C.certificate().fingerprint()), "no session with C");
        assertEquals(1, b.channels.activeSessions());
        assertEquals(1, b.channels.revoke(ISSUED_A.certificate().fingerprint()));
        assertFalse(b.keys.isActive(slotB), "removed at once");
        assertEquals(0, b.channels.activeSessions());
        assertEquals(1, b.channels.sessionsRetired());
        assertNull(b.channels.peerAt(AT_A));
        b.invoke();
        assertEquals(-1, b.keySlotFor(a), "the engine seals nothing more for A");

        // the control plane heard A close, from A's transport
        assertEquals(1, journaled.size());
        final UnsafeBuffer close = new UnsafeBuffer(journaled.get(0));
        assertEquals(FrameHeader.TYPE_CLOSE, FrameHeader.type(close, 0, close.capacity()));
        assertEquals(a.address, Address.read(close, EdgeMessageFlyweight.SENDER_OFFSET));
        assertEquals(AT_A, journaledFrom[0]);

        // A still holds its session: its frames no longer open at B
        a.send(AT_B, message(2));
        pump();
        assertEquals(1, b.admitted.size());

        // A's next handshake is refused: its certificate is revoked
        advance(SecureChannels.REKEY_AFTER_NS);
        assertEquals(1, a.channels.doWork());
        pump();
        assertEquals(1, b.channels.handshakes().counter(HandshakeCounter.CERT_REVOKED));
        assertEquals(1, b.channels.sessionsEstablished());
        assertEquals(0, b.channels.activeSessions());
        // nor does B reach A: B's own handshake ends with A's (revoked) certificate refused
        b.send(AT_A, message(3));
        pump();
        assertEquals(0, b.channels.activeSessions());
        assertEquals(2, b.channels.handshakes().counter(HandshakeCounter.CERT_REVOKED));
        assertFalse(b.channels.handshakes().isPending(AT_A));
        assertEquals(1, b.channels.refused(SecureChannels.Refusal.UNSENT), "its frame went with the handshake");
        assertEquals(1, b.admitted.size(), "and nothing more from A was admitted");
    }

    // -------------------------------------------------------------------------------------------------- harness

    /** Runs both engines and routes their events until nothing moves. */
    private void pump()
    {
        for (int quiet = 0, rounds = 0; quiet < 2; rounds++)
        {
            assertTrue(rounds < 100, "the nodes settle");
            int work = 0;
            for (final Node node : nodes)
            {
                work += node.step();
            }
            quiet = work == 0 ? quiet + 1 : 0;
        }
    }

    private void advance(final long nanos)
    {
        clock.advance(nanos);
    }

    private static byte[] message(final int n)
    {
        final byte[] message = new byte[FrameHeader.LENGTH + PATTERN.length + 4];
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        FrameHeader.write(buffer, 0, FrameHeader.TYPE_ROUTED);
        buffer.putBytes(FrameHeader.LENGTH, PATTERN);
        buffer.putInt(FrameHeader.LENGTH + PATTERN.length, n);
        return message;
    }

    private static byte[] edgeMessage(final int type, final Address sender)
    {
        final byte[] message = new byte[EdgeMessageFlyweight.ENTRIES_OFFSET];
        EdgeMessageFlyweight.writeHeader(new UnsafeBuffer(message), 0, type, 7, sender, 0);
        return message;
    }

    private static byte[] linkRequest(final Address from)
    {
        final byte[] message = new byte[LinkRequestFlyweight.ENTRIES_OFFSET];
        LinkRequestFlyweight.writeHeader(new UnsafeBuffer(message), 0, 1, 7, 1, from, null, 0, 0);
        return message;
    }

    private static int type(final byte[] datagram)
    {
        return new OverlayFrameFlyweight().wrap(new UnsafeBuffer(datagram), 0).type();
    }

    private static int flags(final byte[] datagram)
    {
        return new OverlayFrameFlyweight().wrap(new UnsafeBuffer(datagram), 0).flags();
    }

    private static boolean contains(final byte[] haystack, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length))
            {
                return true;
            }
        }
        return false;
    }

    /** A control frame a node admitted: the whole overlay frame as the engine delivered it. */
    private record Received(int ip, int port, byte[] frame)
    {
        byte[] message()
        {
            return Arrays.copyOfRange(frame, OverlayFrameFlyweight.HEADER_LENGTH, frame.length);
        }

        /** @return the local slot the engine opened it with. */
        int slot()
        {
            return new OverlayFrameFlyweight().wrap(new UnsafeBuffer(frame), 0).sessionId();
        }
    }

    /** One node: engine, key table, channels, handshakes and the control frames it admitted. */
    private final class Node implements EngineEventHandler
    {
        final Address address;
        final TappedEndpoint endpoint;
        final JdkSessionKeys keys;
        final Engine engine;
        final PeerIds peers;
        final SecureChannels channels;
        final List<Received> admitted = new ArrayList<>();
        final RouteLookup lookup = new RouteLookup();
        final Set<Integer> edges = new HashSet<>();
        final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[0]);

        Node(final String name, final IssuedNode issued, final DatagramEndpoint udp, final InputJournal journal)
        {
            this(name, issued, udp, journal, SLOTS);
        }

        Node(final String name, final IssuedNode issued, final DatagramEndpoint udp, final InputJournal journal,
            final int slots)
        {
            keys = new JdkSessionKeys(slots, clock);
            address = issued.certificate().address();
            endpoint = new TappedEndpoint(udp);
            engine = Engine.launch(new EngineContext()
                .frameDevice(new GeneratingFrameDevice().readLimit(0))
                .datagramEndpoint(endpoint)
                .sessionKeys(keys)
                .threadingMode(ThreadingMode.INVOKER)
                .nanoClock(clock)
                .countersFile(new File(dir, name + ".dat")));
            nodes.add(this);
            assertTrue(engine.proxy().setLocalNode(new UnsafeBuffer(address.toBytes()), 0));
            peers = new PeerIds(engine.proxy());
            final TrustStore trust = TrustStore.of(List.of(CA.certificate()), List.of());
            channels = new SecureChannels(engine.proxy(), keys, peers, trust, address, SessionKeys.CIPHER_AES_256_GCM, clock);
            final EdgeHandshakes handshakes = new EdgeHandshakes(issued.credentials(), trust, NAMESPACE, new SecureRandom(),
                () -> NOW_S * 1000L + clock.nanoTime() / 1_000_000L, channels, channels, 1000);
            ControlPlane plane = null;
            if (journal != null)
            {
                final NodeConfig config = new NodeConfig().address(address)
                    .localTransport(TransportAddress.pack(udp.localAddress(), udp.localPort())).seed(1);
                plane = new ControlPlane(config, channels, new IgnoredDataPlane(), journal);
            }
            channels.attach(handshakes, plane);
            invoke();
        }

        boolean send(final long transport, final byte[] message)
        {
            sendBuffer.wrap(message);
            return channels.sendControl(TransportAddress.ip(transport), TransportAddress.port(transport), sendBuffer, 0,
                message.length);
        }

        boolean admit(final int ip, final int port, final byte[] frame)
        {
            return channels.admit(ip, port, new UnsafeBuffer(frame), 0, frame.length);
        }

        byte[] lastMessage()
        {
            return admitted.get(admitted.size() - 1).message();
        }

        int invoke()
        {
            return engine.invoker().invoke();
        }

        /** One duty cycle of the engine, then its events routed as {@link EngineEventDispatcher} does. */
        int step()
        {
            return invoke() + engine.eventPoller().poll(this, 100);
        }

        /** @return the key slot the engine seals DATA for {@code other} with (-1: none). */
        int keySlotFor(final Node other)
        {
            final int peerId = peers.existingId(other.address);
            assertTrue(peerId > 0, "a peer id");
            if (edges.add(peerId))
            {
                // what the control plane's edgeUp does once linked: the engine resolves only peers with an edge
                assertTrue(engine.proxy().setEdge(peerId, other.endpoint.localAddress(), other.endpoint.localPort(), 0));
                invoke();
            }
            assertTrue(engine.context().forwardingTable().resolvePeerId(peerId, lookup));
            return lookup.keySlot;
        }

        @Override
        public void onControlFrame(
            final int ipv4, final int port, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            if (OverlayFrameType.HANDSHAKE == new OverlayFrameFlyweight().wrap(buffer, offset).type())
            {
                channels.onHandshakeFrame(ipv4, port, buffer, offset, length);
            }
            else if (channels.admit(ipv4, port, buffer, offset, length))
            {
                final byte[] frame = new byte[length];
                buffer.getBytes(offset, frame);
                admitted.add(new Received(ipv4, port, frame));
            }
        }

        @Override
        public void onTapFrame(final int reason, final long readTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onPeerFrame(final int reason, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }

    /**
     * A ring endpoint whose key table is applied here, so the datagrams are recorded as they cross the "wire": after
     * sealing on the way out, before opening on the way in. The wrapped endpoint carries them unchanged.
     */
    private static final class TappedEndpoint implements DatagramEndpoint
    {
        final DatagramEndpoint wire;
        final List<byte[]> sent = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        SessionKeys keys;
        /** When not 0, the source port of every datagram received: a NAT in front of the sender rebound it. */
        int sourcePort;

        TappedEndpoint(final DatagramEndpoint wire)
        {
            this.wire = wire;
        }

        @Override
        public void attachKeys(final SessionKeys keys)
        {
            this.keys = keys;
        }

        @Override
        public int sendBatch(final long address, final int length, final int count)
        {
            if (keys != null)
            {
                keys.sealBatch(address, length, count);
            }
            record(address, length, count, sent, true);
            return wire.sendBatch(address, length, count);
        }

        @Override
        public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
        {
            final int count = wire.receiveBatch(address, capacity, maxDatagrams);
            if (count > 0)
            {
                rebind(address, capacity, count);
                record(address, capacity, count, received, false);
                if (keys != null)
                {
                    keys.openBatch(address, capacity, count);
                }
            }
            return count;
        }

        private void record(final long address, final int length, final int count, final List<byte[]> into,
            final boolean skipRejected)
        {
            view.wrap(address, length);
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                final int datagramLength = view.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
                final boolean rejected =
                    0 != (view.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & SessionKeys.FLAG_REJECTED);
                if (!(skipRejected && rejected))
                {
                    final byte[] datagram = new byte[datagramLength];
                    view.getBytes(offset + DatagramBatchDescriptor.HEADER_LENGTH, datagram);
                    into.add(datagram);
                }
                offset += DatagramBatchDescriptor.recordLength(datagramLength);
            }
        }

        private void rebind(final long address, final int length, final int count)
        {
            view.wrap(address, length);
            for (int i = 0, offset = 0; i < count && sourcePort != 0; i++)
            {
                view.putShort(offset + DatagramBatchDescriptor.PORT_OFFSET, (short)sourcePort);
                offset += DatagramBatchDescriptor.recordLength(view.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET));
            }
        }

        @Override
        public int localAddress()
        {
            return wire.localAddress();
        }

        @Override
        public int localPort()
        {
            return wire.localPort();
        }

        @Override
        public void close()
        {
            wire.close();
        }
    }

    /** The revocation test's control plane changes no edges of its own. */
    private static final class IgnoredDataPlane implements DataPlaneCommands
    {
        @Override
        public void edgeUp(final Address peer, final int ip, final int port, final int types)
        {
        }

        @Override
        public void edgeDown(final Address peer)
        {
        }

        @Override
        public void nextHop(final Address destination, final Address via)
        {
        }
    }
}
