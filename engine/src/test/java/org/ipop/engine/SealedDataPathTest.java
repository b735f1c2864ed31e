package org.ipop.engine;

import org.agrona.BufferUtil;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.control.RingDescriptor;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.RouteLookup;
import org.ipop.engine.testkit.JdkSessionKeys;
import org.ipop.engine.testkit.RingDatagramLink;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.SessionKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Engines in INVOKER mode whose sockets seal and open with {@link JdkSessionKeys} on every node's side: sealed DATA
 * and CONTROL frames delivered, nothing readable on the wire, forged, replayed, mis-keyed and unkeyed frames dropped
 * by reason, clear frames refused with keys and accepted without, relaying of sealed frames only for keyed
 * neighbours, handshakes in clear under a rate limit, and the key slot commands.
 */
class SealedDataPathTest
{
    static final byte[] NODE_A = node(1);
    static final byte[] NODE_B = node(50);
    static final byte[] NODE_C = node(100);
    static final byte[] NODE_R = node(150);
    static final int PEER_A = 1;
    static final int PEER_B = 2;
    static final int PEER_C = 3;
    static final int PEER_R = 4;
    static final int VIP_A = ipv4(10, 0, 0, 1);
    static final int VIP_B = ipv4(10, 0, 0, 2);
    static final int VIP_C = ipv4(10, 0, 0, 3);
    static final int IP_A = ipv4(192, 168, 1, 1);
    static final int IP_B = ipv4(192, 168, 1, 2);
    static final int IP_C = ipv4(192, 168, 1, 3);
    static final int IP_R = ipv4(192, 168, 1, 4);
    static final int IP_STRANGER = ipv4(203, 0, 113, 9);
    static final int PORT_A = 4001;
    static final int PORT_B = 4002;
    static final int PORT_C = 4003;
    static final int PORT_R = 4004;
    // slot numbers differ on each side, so a frame sealed with the wrong index cannot open by accident
    static final int SLOT_A_FOR_B = 1;
    static final int SLOT_B_FOR_A = 2;
    static final int SLOT_A_FOR_C = 3;
    static final int SLOT_C_FOR_A = 4;
    static final int SLOT_A_FOR_R = 5;
    static final int SLOT_R_FOR_A = 6;
    static final int SLOT_C_FOR_B = 7;
    static final int SLOT_B_FOR_C = 8;
    static final int SLOT_R_FOR_C = 9;
    static final int SLOT_C_FOR_R = 10;
    static final int SLOTS = 16;

    @TempDir
    File dir;

    final Random random = new Random(7);
    final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        nodes.forEach(n -> n.engine.close());
    }

    /** One engine, its devices, its key table (null: plaintext) and a frozen clock. */
    final class Node
    {
        final byte[] address;
        final QueueFrameDevice tap = new QueueFrameDevice();
        final DatagramEndpoint endpoint;
        final QueueDatagramEndpoint udp;
        final JdkSessionKeys keys;
        final CachedNanoClock clock = new CachedNanoClock();
        final Engine engine;
        final EngineProxy proxy;
        final EngineCounters counters;
        final EngineDataPathTest.RecordingHandler events = new EngineDataPathTest.RecordingHandler();

        Node(final String name, final byte[] address, final DatagramEndpoint endpoint, final boolean keyed, final int handshakeBurst)
        {
            this.address = address;
            this.endpoint = endpoint;
            this.udp = endpoint instanceof QueueDatagramEndpoint ? (QueueDatagramEndpoint)endpoint : null;
            this.keys = keyed ? new JdkSessionKeys(SLOTS, clock) : null;
            clock.update(1_000_000_000L);
            engine = Engine.launch(new EngineContext()
                .frameDevice(tap)
                .datagramEndpoint(endpoint)
                .sessionKeys(keys)
                .threadingMode(ThreadingMode.INVOKER)
                .nanoClock(clock)
                .handshakeRate(1000)
                .handshakeBurst(handshakeBurst)
                .eventRingCapacity(1 << 16)
                .countersFile(new File(dir, name + ".dat")));
            nodes.add(this);
            proxy = engine.proxy();
            counters = engine.context().counters();
            assertTrue(proxy.setLocalNode(new UnsafeBuffer(address), 0));
        }

        Node(final String name, final byte[] address, final boolean keyed)
        {
            this(name, address, new QueueDatagramEndpoint(), keyed, 256);
        }

        /** Adds a peer with a direct edge and, when {@code slot >= 0}, a key slot; routes {@code vip} to it. */
        Node peer(final int peerId, final byte[] node, final int ip, final int port, final int vip, final int slot)
        {
            assertTrue(proxy.addPeer(peerId, new UnsafeBuffer(node), 0));
            assertTrue(proxy.setEdge(peerId, ip, port, 0));
            if (0 != vip)
            {
                assertTrue(proxy.setRoute(vip, peerId));
            }
            if (slot >= 0)
            {
                assertTrue(proxy.setPeerKey(peerId, slot));
            }
            invoke();
            return this;
        }

        void invoke()
        {
            engine.invoker().invoke();
        }

        /** Hands the datagram to the socket as if it came from {@code ip:port}, and runs a duty cycle. */
        void receive(final int ip, final int port, final byte[] datagram)
        {
            udp.receive(ip, port, datagram);
            invoke();
        }

        int pollEvents()
        {
            return engine.eventPoller().poll(events, 100);
        }

        /** @return the datagrams sent since the last call. */
        List<QueueDatagramEndpoint.Datagram> drainSent()
        {
            final List<QueueDatagramEndpoint.Datagram> sent = new ArrayList<>(udp.sent);
            udp.sent.clear();
            return sent;
        }
    }

    /** Installs a session between two tables: each side's send key is the other's receive key. */
    void session(
        final JdkSessionKeys left, final int leftSlot, final byte[] leftNode,
        final JdkSessionKeys right, final int rightSlot, final byte[] rightNode, final int cipher)
    {
        final byte[] leftToRight = new byte[SessionKeys.KEY_LENGTH];
        final byte[] rightToLeft = new byte[SessionKeys.KEY_LENGTH];
        random.nextBytes(leftToRight);
        random.nextBytes(rightToLeft);
        left.install(leftSlot, cipher, rightNode, rightSlot, leftToRight, rightToLeft);
        right.install(rightSlot, cipher, leftNode, leftSlot, rightToLeft, leftToRight);
    }

    /** A and B, keyed, with a session between them (A slot 1, B slot 2) and routes both ways. */
    Node[] keyedPair()
    {
        final Node a = new Node("a", NODE_A, true);
        final Node b = new Node("b", NODE_B, true);
        session(a.keys, SLOT_A_FOR_B, NODE_A, b.keys, SLOT_B_FOR_A, NODE_B, SessionKeys.CIPHER_AES_256_GCM);
        a.peer(PEER_B, NODE_B, IP_B, PORT_B, VIP_B, SLOT_A_FOR_B);
        b.peer(PEER_A, NODE_A, IP_A, PORT_A, VIP_A, SLOT_B_FOR_A);
        return new Node[] {a, b};
    }

    /** An Ethernet/IPv4 frame whose payload is a recognisable pattern. */
    static byte[] patterned(final int src, final int dst, final int length)
    {
        final byte[] frame = ipv4Frame(src, dst, 17, length);
        for (int i = 34; i < length; i++)
        {
            frame[i] = (byte)"SECRET-PAYLOAD-".charAt(i % 15);
        }
        return frame;
    }

    static boolean contains(final byte[] haystack, final byte[] needle, final int from, final int length)
    {
        outer:
        for (int i = 0; i + length <= haystack.length; i++)
        {
            for (int j = 0; j < length; j++)
            {
                if (haystack[i + j] != needle[from + j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static OverlayFrameFlyweight header(final byte[] datagram)
    {
        return new OverlayFrameFlyweight().wrap(new UnsafeBuffer(datagram), 0);
    }

    /** Seals one frame with a stand-alone table, as a node holding that session would: the bytes on the wire. */
    static byte[] sealWith(final SessionKeys keys, final int slot, final byte[] clearFrame)
    {
        final int length = clearFrame.length + SessionKeys.TAG_LENGTH;
        final UnsafeBuffer batch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            DatagramBatchDescriptor.recordLength(length), 64));
        batch.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, length);
        batch.putShort(DatagramBatchDescriptor.FLAGS_OFFSET, (short)SessionKeys.FLAG_SEAL);
        batch.putInt(DatagramBatchDescriptor.RESERVED_OFFSET, slot);
        batch.putBytes(DatagramBatchDescriptor.HEADER_LENGTH, clearFrame);
        assertEquals(0, keys.sealBatch(batch.addressOffset(), batch.capacity(), 1));
        final byte[] wire = new byte[length];
        batch.getBytes(DatagramBatchDescriptor.HEADER_LENGTH, wire);
        return wire;
    }

    // ---------------------------------------------------------------- delivery and confidentiality

    @Test
    void shouldDeliverSealedDataBothWaysThroughTheRingLinkWithAesAndChaCha()
    {
        for (final int cipher : new int[] {SessionKeys.CIPHER_AES_256_GCM, SessionKeys.CIPHER_CHACHA20_POLY1305})
        {
            final RingDatagramLink link = new RingDatagramLink(1 << 16, IP_A, PORT_A, IP_B, PORT_B);
            final Node a = new Node("a" + cipher, NODE_A, link.endpointA(), true, 256);
            final Node b = new Node("b" + cipher, NODE_B, link.endpointB(), true, 256);
            session(a.keys, SLOT_A_FOR_B, NODE_A, b.keys, SLOT_B_FOR_A, NODE_B, cipher);
            a.peer(PEER_B, NODE_B, IP_B, PORT_B, VIP_B, SLOT_A_FOR_B);
            b.peer(PEER_A, NODE_A, IP_A, PORT_A, VIP_A, SLOT_B_FOR_A);

            // three frames of different sizes in one batch each way: opened records keep their places in the batch
            final byte[][] pings = {patterned(VIP_A, VIP_B, 1400), patterned(VIP_A, VIP_B, 61), patterned(VIP_A, VIP_B, 300)};
            final byte[] pong = patterned(VIP_B, VIP_A, 64);
            a.tap.inbound.addAll(List.of(pings));
            a.invoke();
            b.invoke();
            b.tap.inbound.add(pong);
            b.invoke();
            a.invoke();

            assertEquals(3, b.tap.written.size());
            for (int i = 0; i < pings.length; i++)
            {
                assertArrayEquals(pings[i], b.tap.written.get(i));
            }
            assertEquals(1, b.counters.udpReceiveBatches.get(), "the three came in one batch");
            assertEquals(1, a.tap.written.size());
            assertArrayEquals(pong, a.tap.written.get(0));
            assertEquals(1, a.counters.framesOpened.get());
            assertEquals(3, b.counters.framesOpened.get());
            assertEquals(3, a.keys.sendCounter(SLOT_A_FOR_B));
            assertEquals(1, b.keys.sendCounter(SLOT_B_FOR_A));
        }
    }

    @Test
    void shouldPutOnlyCiphertextOnTheWireAndDeliverIt()
    {
        final Node[] pair = keyedPair();
        final Node a = pair[0];
        final Node b = pair[1];
        final byte[] frame = patterned(VIP_A, VIP_B, 600);
        a.tap.inbound.add(frame);
        a.invoke();

        final List<QueueDatagramEndpoint.Datagram> sent = a.drainSent();
        assertEquals(1, sent.size());
        final byte[] wire = sent.get(0).payload;
        assertEquals(IP_B, sent.get(0).address);
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + frame.length + SessionKeys.TAG_LENGTH, wire.length);
        final OverlayFrameFlyweight header = header(wire);
        assertEquals(OverlayFrameType.DATA, header.type());
        assertEquals(OverlayFrameFlyweight.FLAG_AEAD, header.flags());
        assertEquals(SLOT_B_FOR_A, header.sessionId(), "the receiver's index");
        assertEquals(1, header.nonce(), "the first counter");
        assertFalse(contains(wire, frame, 34, 16), "no 16 bytes of the payload appear on the wire");
        assertFalse(contains(wire, frame, 0, 14), "nor the Ethernet header");

        b.receive(IP_A, PORT_A, wire);
        assertEquals(1, b.tap.written.size());
        assertArrayEquals(frame, b.tap.written.get(0));
    }

    @Test
    void shouldSealBroadcastCopiesForEachMemberWithItsOwnKey()
    {
        final Node a = new Node("a", NODE_A, true);
        final JdkSessionKeys keysB = new JdkSessionKeys(SLOTS);
        final JdkSessionKeys keysC = new JdkSessionKeys(SLOTS);
        session(a.keys, SLOT_A_FOR_B, NODE_A, keysB, SLOT_B_FOR_A, NODE_B, SessionKeys.CIPHER_AES_256_GCM);
        session(a.keys, SLOT_A_FOR_C, NODE_A, keysC, SLOT_C_FOR_A, NODE_C, SessionKeys.CIPHER_CHACHA20_POLY1305);
        a.peer(PEER_B, NODE_B, IP_B, PORT_B, VIP_B, SLOT_A_FOR_B);
        a.peer(PEER_C, NODE_C, IP_C, PORT_C, VIP_C, SLOT_A_FOR_C);
        assertTrue(a.proxy.addMember(PEER_B));
        assertTrue(a.proxy.addMember(PEER_C));
        a.tap.inbound.add(patterned(VIP_A, ipv4(224, 0, 0, 251), 200));
        a.invoke();

        final List<QueueDatagramEndpoint.Datagram> sent = a.drainSent();
        assertEquals(2, sent.size());
        assertEquals(2, a.counters.broadcastCopies.get());
        for (final QueueDatagramEndpoint.Datagram d : sent)
        {
            final OverlayFrameFlyweight header = header(d.payload);
            assertEquals(OverlayFrameFlyweight.FLAG_AEAD, header.flags());
            assertEquals(d.address == IP_B ? SLOT_B_FOR_A : SLOT_C_FOR_A, header.sessionId());
        }
    }

    // ---------------------------------------------------------------- drops by reason

    @Test
    void shouldDropForgedReplayedWrongPeerNoSessionAndMalformedFramesByReason()
    {
        final Node[] pair = keyedPair();
        final Node a = pair[0];
        final Node b = pair[1];
        final byte[] frame = patterned(VIP_A, VIP_B, 200);
        a.tap.inbound.add(frame);
        a.invoke();
        final byte[] wire = a.drainSent().get(0).payload;

        final byte[] forged = wire.clone();
        forged[OverlayFrameFlyweight.HEADER_LENGTH + 40] ^= 1;
        b.receive(IP_A, PORT_A, forged);
        assertEquals(1, b.counters.dropBadTag.get());

        final byte[] forgedType = wire.clone();
        forgedType[0] = (byte)(OverlayFrameFlyweight.CURRENT_VERSION << 4 | OverlayFrameType.CONTROL);
        b.receive(IP_A, PORT_A, forgedType);
        assertEquals(2, b.counters.dropBadTag.get(), "the header is authenticated too");

        final byte[] otherTtl = wire.clone();
        otherTtl[OverlayFrameFlyweight.TTL_OFFSET] = 3;   // relays change TTL and hop count: not authenticated
        otherTtl[OverlayFrameFlyweight.HOP_COUNT_OFFSET] = 2;
        b.receive(IP_A, PORT_A, otherTtl);
        assertEquals(1, b.tap.written.size(), "the genuine frame still opens after the forgeries");
        assertArrayEquals(frame, b.tap.written.get(0));
        b.receive(IP_A, PORT_A, wire);
        assertEquals(1, b.counters.dropReplay.get());

        // C holds a session with B but claims to be A
        final JdkSessionKeys keysC = new JdkSessionKeys(SLOTS);
        session(keysC, SLOT_C_FOR_B, NODE_C, b.keys, SLOT_B_FOR_C, NODE_B, SessionKeys.CIPHER_AES_256_GCM);
        b.receive(IP_C, PORT_C, sealWith(keysC, SLOT_C_FOR_B, dataFrame(NODE_A, NODE_B, 8, frame)));
        assertEquals(1, b.counters.dropWrongPeer.get());

        // a session B never installed (or removed): the index names an empty slot
        final JdkSessionKeys stale = new JdkSessionKeys(SLOTS);
        stale.install(0, SessionKeys.CIPHER_AES_256_GCM, NODE_B, 12, new byte[32], new byte[32]);
        b.receive(IP_A, PORT_A, sealWith(stale, 0, dataFrame(NODE_A, NODE_B, 8, frame)));
        assertEquals(1, b.counters.dropNoSession.get());

        final byte[] tooShort = Arrays.copyOf(wire, OverlayFrameFlyweight.HEADER_LENGTH + 8);
        b.receive(IP_A, PORT_A, tooShort);
        assertEquals(1, b.counters.dropMalformedSealed.get());

        assertEquals(1, b.tap.written.size(), "nothing but the genuine frame was delivered");
        assertEquals(0, b.pollEvents());
        assertEquals(0, b.counters.errors.get());
    }

    @Test
    void shouldCountAndNotSendRecordsTheKeyTableRejects()
    {
        final Node[] pair = keyedPair();
        final Node a = pair[0];
        a.keys.remove(SLOT_A_FOR_B);   // the control plane dropped the session but the engine still names the slot
        a.tap.inbound.add(patterned(VIP_A, VIP_B, 100));
        a.invoke();

        assertTrue(a.drainSent().isEmpty());
        assertEquals(1, a.counters.sealRejected.get());
        assertEquals(0, a.counters.udpDatagramsOut.get());
    }

    // ---------------------------------------------------------------- clear frames

    @Test
    void shouldDropClearDataAndControlFramesAsUnauthenticatedWithKeysAndDeliverThemWithout()
    {
        final byte[] clearData = dataFrame(NODE_A, NODE_B, 8, patterned(VIP_A, VIP_B, 120));
        final byte[] clearControl = overlayFrame(OverlayFrameType.CONTROL, 1, 0, 0, NODE_A, new byte[20], new byte[40]);

        final Node keyed = new Node("keyed", NODE_B, true).peer(PEER_A, NODE_A, IP_A, PORT_A, VIP_A, -1);
        keyed.receive(IP_A, PORT_A, clearData);
        keyed.receive(IP_A, PORT_A, clearControl);
        assertEquals(2, keyed.counters.dropUnauthenticated.get());
        assertTrue(keyed.tap.written.isEmpty());
        assertEquals(0, keyed.pollEvents());

        final Node plain = new Node("plain", NODE_B, false).peer(PEER_A, NODE_A, IP_A, PORT_A, VIP_A, -1);
        plain.receive(IP_A, PORT_A, clearData);
        plain.receive(IP_A, PORT_A, clearControl);
        assertEquals(0, plain.counters.dropUnauthenticated.get());
        assertEquals(1, plain.tap.written.size());
        assertEquals(1, plain.pollEvents());
        assertArrayEquals(clearControl, plain.events.controlFrames.get(0));
    }

    @Test
    void shouldSendAndReceiveControlFramesInClearInPlaintextMode()
    {
        final Node plain = new Node("plain", NODE_A, false);
        assertTrue(plain.proxy.sendControlFrame(IP_B, PORT_B, new UnsafeBuffer(new byte[] {1, 2, 3}), 0, 3));
        plain.invoke();
        final List<QueueDatagramEndpoint.Datagram> sent = plain.drainSent();
        assertEquals(1, sent.size());
        assertEquals(0, header(sent.get(0).payload).flags());
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + 3, sent.get(0).payload.length);
    }

    // ---------------------------------------------------------------- control frames

    @Test
    void shouldSealControlFramesWithTheRecordsSlotAndHandThemUpWithTheLocalSlot()
    {
        final Node[] pair = keyedPair();
        final Node a = pair[0];
        final Node b = pair[1];
        final byte[] message = "hello, neighbour".getBytes(StandardCharsets.US_ASCII);
        assertTrue(a.proxy.sendControlFrame(IP_B, PORT_B, SLOT_A_FOR_B, new UnsafeBuffer(message), 0, message.length));
        assertTrue(a.proxy.sendControlFrame(IP_B, PORT_B, new UnsafeBuffer(message), 0, message.length));
        a.invoke();

        final List<QueueDatagramEndpoint.Datagram> sent = a.drainSent();
        assertEquals(1, sent.size(), "the clear one (no slot) is not sent while keys are attached");
        assertEquals(1, a.counters.dropControlClear.get());
        final byte[] wire = sent.get(0).payload;
        assertFalse(contains(wire, message, 0, message.length));
        assertEquals(SLOT_B_FOR_A, header(wire).sessionId());
        assertEquals(1, header(wire).ttl());

        b.receive(IP_A, PORT_A, wire);
        assertEquals(1, b.pollEvents());
        final byte[] event = b.events.controlFrames.get(0);
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + message.length, event.length, "tag removed");
        assertEquals(SLOT_B_FOR_A, header(event).sessionId(), "the local slot: who sent it");
        assertEquals(OverlayFrameType.CONTROL, header(event).type());
        assertArrayEquals(message, Arrays.copyOfRange(event, OverlayFrameFlyweight.HEADER_LENGTH, event.length));
        assertEquals(IP_A, b.events.controlAddress);
        assertEquals(1, b.counters.controlFramesIn.get());
    }

    // ---------------------------------------------------------------- relaying

    @Test
    void shouldRelaySealedFramesUnchangedFromKeyedNeighboursOnlyAndLetTheDestinationOpenThem()
    {
        final Node a = new Node("a", NODE_A, true);
        final Node r = new Node("r", NODE_R, true);
        final Node c = new Node("c", NODE_C, true);
        session(a.keys, SLOT_A_FOR_R, NODE_A, r.keys, SLOT_R_FOR_A, NODE_R, SessionKeys.CIPHER_AES_256_GCM);
        session(a.keys, SLOT_A_FOR_C, NODE_A, c.keys, SLOT_C_FOR_A, NODE_C, SessionKeys.CIPHER_CHACHA20_POLY1305);
        session(r.keys, SLOT_R_FOR_C, NODE_R, c.keys, SLOT_C_FOR_R, NODE_C, SessionKeys.CIPHER_AES_256_GCM);
        // A reaches C through R: sealed with C's key, sent to R's edge
        a.peer(PEER_R, NODE_R, IP_R, PORT_R, 0, SLOT_A_FOR_R);
        a.peer(PEER_C, NODE_C, IP_C, PORT_C, VIP_C, SLOT_A_FOR_C);
        assertTrue(a.proxy.setNextHop(PEER_C, PEER_R));
        r.peer(PEER_A, NODE_A, IP_A, PORT_A, 0, SLOT_R_FOR_A);
        r.peer(PEER_C, NODE_C, IP_C, PORT_C, 0, SLOT_R_FOR_C);
        c.peer(PEER_A, NODE_A, IP_A, PORT_A, VIP_A, SLOT_C_FOR_A);

        final byte[] frame = patterned(VIP_A, VIP_C, 300);
        a.tap.inbound.add(frame);
        a.invoke();
        final List<QueueDatagramEndpoint.Datagram> fromA = a.drainSent();
        assertEquals(1, fromA.size());
        assertEquals(IP_R, fromA.get(0).address);
        final byte[] wire = fromA.get(0).payload;
        assertEquals(SLOT_C_FOR_A, header(wire).sessionId(), "sealed for the destination, not the relay");

        r.receive(IP_STRANGER, PORT_A, wire);
        r.invoke();
        assertTrue(r.drainSent().isEmpty());
        assertEquals(1, r.counters.dropRelayUnauthenticated.get());

        r.receive(IP_A, PORT_A, wire);
        r.invoke();
        final List<QueueDatagramEndpoint.Datagram> relayed = r.drainSent();
        assertEquals(1, relayed.size());
        assertEquals(IP_C, relayed.get(0).address);
        final byte[] out = relayed.get(0).payload;
        assertEquals(wire.length, out.length);
        assertEquals(header(wire).ttl() - 1, header(out).ttl());
        assertEquals(header(wire).hopCount() + 1, header(out).hopCount());
        final byte[] outWithoutTtl = out.clone();
        outWithoutTtl[OverlayFrameFlyweight.TTL_OFFSET] = wire[OverlayFrameFlyweight.TTL_OFFSET];
        outWithoutTtl[OverlayFrameFlyweight.HOP_COUNT_OFFSET] = wire[OverlayFrameFlyweight.HOP_COUNT_OFFSET];
        assertArrayEquals(wire, outWithoutTtl, "relayed unchanged but for TTL and hop count");
        assertEquals(0, r.counters.framesOpened.get(), "the relay cannot read it");

        c.receive(IP_R, PORT_R, out);
        assertEquals(1, c.tap.written.size());
        assertArrayEquals(frame, c.tap.written.get(0));

        // once the relay drops its session with A, A's edge is a stranger's again
        assertTrue(r.proxy.setPeerKey(PEER_A, RingDescriptor.NO_KEY_SLOT));
        r.invoke();
        r.receive(IP_A, PORT_A, wire);
        r.invoke();
        assertTrue(r.drainSent().isEmpty());
        assertEquals(2, r.counters.dropRelayUnauthenticated.get());
    }

    // ---------------------------------------------------------------- handshakes

    @Test
    void shouldPassHandshakesInClearAndRateLimitTheExcess()
    {
        final Node a = new Node("a", NODE_A, true);
        final Node b = new Node("b", NODE_B, new QueueDatagramEndpoint(), true, 4);
        final byte[] message = new byte[] {9, 8, 7, 6, 5};
        assertTrue(a.proxy.sendHandshake(IP_B, PORT_B, new UnsafeBuffer(message), 0, message.length));
        a.invoke();
        final List<QueueDatagramEndpoint.Datagram> sent = a.drainSent();
        assertEquals(1, sent.size());
        final byte[] wire = sent.get(0).payload;
        final OverlayFrameFlyweight header = header(wire);
        assertEquals(OverlayFrameType.HANDSHAKE, header.type());
        assertEquals(0, header.flags());
        assertEquals(1, header.ttl());
        assertArrayEquals(new byte[20], Arrays.copyOfRange(wire, header.dstNodeOffset(), header.dstNodeOffset() + 20));
        assertArrayEquals(NODE_A, Arrays.copyOfRange(wire, header.srcNodeOffset(), header.srcNodeOffset() + 20));
        assertArrayEquals(message, Arrays.copyOfRange(wire, OverlayFrameFlyweight.HEADER_LENGTH, wire.length));
        assertEquals(1, a.counters.handshakeFramesOut.get());

        for (int i = 0; i < 6; i++)
        {
            b.udp.receive(IP_STRANGER, 1000 + i, wire);
        }
        b.invoke();
        assertEquals(4, b.pollEvents(), "the burst");
        assertEquals(2, b.counters.dropHandshakeRateLimited.get());
        assertEquals(OverlayFrameType.HANDSHAKE, header(b.events.controlFrames.get(0)).type());
        assertArrayEquals(wire, b.events.controlFrames.get(0));

        b.clock.advance(1_000_000L);   // one token at 1000 per second
        for (int i = 0; i < 3; i++)
        {
            b.udp.receive(IP_STRANGER, 2000 + i, wire);
        }
        b.invoke();
        assertEquals(1, b.pollEvents());
        assertEquals(4, b.counters.dropHandshakeRateLimited.get());
        assertEquals(5, b.counters.handshakeFramesIn.get());
    }

    @Test
    void shouldHandHandshakesToTheControlPlaneInPlaintextModeToo()
    {
        final Node plain = new Node("plain", NODE_B, false);
        plain.receive(IP_A, PORT_A, overlayFrame(OverlayFrameType.HANDSHAKE, 1, 0, 0, NODE_A, new byte[20], new byte[32]));
        assertEquals(1, plain.pollEvents());
        assertEquals(1, plain.counters.handshakeFramesIn.get());
    }

    // ---------------------------------------------------------------- key slots

    @Test
    void shouldApplySetPeerKeyAndDropDataForPeersWithoutOne()
    {
        final Node a = new Node("a", NODE_A, true).peer(PEER_B, NODE_B, IP_B, PORT_B, VIP_B, -1);
        final RouteLookup lookup = new RouteLookup();
        final long applied = a.counters.commandsApplied.get();

        assertTrue(a.engine.context().forwardingTable().resolvePeerId(PEER_B, lookup));
        assertEquals(-1, lookup.keySlot);
        assertFalse(a.engine.context().forwardingTable().isAuthenticatedEdge(IP_B, PORT_B));
        a.tap.inbound.add(patterned(VIP_A, VIP_B, 100));
        a.invoke();
        assertTrue(a.drainSent().isEmpty());
        assertEquals(1, a.counters.dropNoSessionKey.get());

        assertTrue(a.proxy.setPeerKey(PEER_B, SLOT_A_FOR_B));
        assertTrue(a.proxy.setPeerKey(PEER_C, SLOT_A_FOR_C));   // not a peer: rejected
        a.invoke();
        assertEquals(applied + 1, a.counters.commandsApplied.get());
        assertEquals(1, a.counters.commandsRejected.get());
        assertTrue(a.engine.context().forwardingTable().resolvePeerId(PEER_B, lookup));
        assertEquals(SLOT_A_FOR_B, lookup.keySlot);
        assertTrue(a.engine.context().forwardingTable().isAuthenticatedEdge(IP_B, PORT_B));
        assertFalse(a.engine.context().forwardingTable().isAuthenticatedEdge(IP_B, PORT_B + 1));

        assertTrue(a.proxy.setPeerKey(PEER_B, RingDescriptor.NO_KEY_SLOT));
        a.invoke();
        assertTrue(a.engine.context().forwardingTable().resolvePeerId(PEER_B, lookup));
        assertEquals(-1, lookup.keySlot);
        assertFalse(a.engine.context().forwardingTable().isAuthenticatedEdge(IP_B, PORT_B));
        assertThrows(IllegalArgumentException.class, () -> a.proxy.setPeerKey(PEER_B, -2));
        assertThrows(IllegalArgumentException.class, () -> a.proxy.setPeerKey(0, 1));
    }

    @Test
    void shouldCloseTheKeyTableWithTheEngine()
    {
        final Node a = new Node("a", NODE_A, true);
        assertFalse(a.keys.isClosed());
        a.engine.close();
        assertTrue(a.keys.isClosed());
    }
}
