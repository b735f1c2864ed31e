package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.ipop.tap.OverlayFrames.HEADER_LENGTH;
import static org.ipop.tap.OverlayFrames.TYPE_DATA;
import static org.ipop.tap.OverlayFrames.frame;
import static org.ipop.tap.OverlayFrames.key;
import static org.ipop.tap.OverlayFrames.node;
import static org.ipop.tap.OverlayFrames.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Endpoints with a session-key table attached, on loopback (no root): a send seals and sends in one call, a
 * receive receives and opens in one call, and what crosses the wire is ciphertext.
 */
class SealedUdpLoopbackTest
{
    private static final int LOOPBACK = ipv4(127, 0, 0, 1);
    private static final byte[] NODE_A = node(0x10);
    private static final byte[] NODE_B = node(0x40);
    private static final int SLOT_A = 2;
    private static final int SLOT_B = 5;
    private static final int TYPE_HANDSHAKE = 3;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception
    {
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T track(final T resource)
    {
        resources.add(resource);
        return resource;
    }

    private DatagramEndpoint open(final String bridge)
    {
        return track(Bridges.byName(bridge).openUdp(new UdpConfig().bindAddress(LOOPBACK).port(0)));
    }

    /** Receives by batch until {@code expected} records arrived or 5 s passed. */
    private static List<OverlayFrames.Record> receive(
        final DatagramEndpoint endpoint, final OverlayFrames.Batch batch, final int expected)
    {
        final List<OverlayFrames.Record> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.size() < expected && System.nanoTime() < deadline)
        {
            final int count = endpoint.receiveBatch(batch.clear().address, batch.capacityOf(), 64);
            assertTrue(count >= 0, "receiveBatch returned " + count);
            if (count == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            received.addAll(batch.records(count));
        }
        assertEquals(expected, received.size(), "datagrams received");
        return received;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldSealOnSendOpenOnReceiveAndPutOnlyCiphertextOnTheWire(final String bridge) throws IOException
    {
        final SessionKeys keysA = track(Bridges.byName(bridge).openSessionKeys(8));
        final SessionKeys keysB = track(Bridges.byName(bridge).openSessionKeys(8));
        keysA.localNode(NODE_A);
        keysB.localNode(NODE_B);
        keysA.install(SLOT_A, SessionKeys.CIPHER_AES_256_GCM, NODE_B, SLOT_B, key(1), key(2));
        keysB.install(SLOT_B, SessionKeys.CIPHER_AES_256_GCM, NODE_A, SLOT_A, key(2), key(1));
        final DatagramEndpoint a = open(bridge);
        final DatagramEndpoint b = open(bridge);
        final DatagramEndpoint plain = open(bridge);
        a.attachKeys(keysA);
        b.attachKeys(keysB);
        final byte[] secret = payload(1200, 77);
        final byte[] handshake = frame(TYPE_HANDSHAKE, NODE_A, NODE_B, payload(40, 3));
        final OverlayFrames.Batch out = new OverlayFrames.Batch(16 * 1024).clear()
            .seal(SLOT_A, LOOPBACK, b.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, secret))
            .seal(SLOT_A + 1, LOOPBACK, b.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, secret))
            .add(0, 0, LOOPBACK, b.localPort(), handshake)
            .seal(SLOT_A, LOOPBACK, plain.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, secret));

        assertEquals(4, a.sendBatch(out.address, out.length, out.count), "records consumed, the rejected one too");

        final OverlayFrames.Record rejected = out.record(1);
        assertEquals(SessionKeys.FLAG_REJECTED, rejected.flags());
        assertEquals(SessionKeys.REJECT_NO_SESSION, rejected.reserved());
        final OverlayFrames.Batch in = new OverlayFrames.Batch(64 * 1024);
        final List<OverlayFrames.Record> atB = receive(b, in, 2);
        assertEquals(SessionKeys.FLAG_OPENED, atB.get(0).flags());
        assertEquals(SLOT_B, atB.get(0).reserved());
        assertArrayEquals(secret, Arrays.copyOfRange(atB.get(0).payload(), HEADER_LENGTH, atB.get(0).length()));
        assertEquals(a.localPort(), atB.get(0).port());
        assertEquals(0, atB.get(1).flags(), "a clear handshake frame passes unopened");
        assertArrayEquals(handshake, atB.get(1).payload());

        final byte[] onTheWire = receive(plain, in, 1).get(0).payload();
        assertEquals(HEADER_LENGTH + secret.length + SessionKeys.TAG_LENGTH, onTheWire.length);
        assertFalse(SessionKeysTest.containsPattern(onTheWire, secret), "plaintext on the wire");
        assertFalse(SessionKeysTest.containsPattern(onTheWire, Arrays.copyOfRange(secret, 600, 700)), "plaintext on the wire");

        // the captured datagram replayed from a stranger's socket opens once (its counter is new to B), then never
        try (DatagramChannel attacker = DatagramChannel.open())
        {
            attacker.bind(new InetSocketAddress("127.0.0.1", 0));
            final InetSocketAddress target = new InetSocketAddress("127.0.0.1", b.localPort());
            attacker.send(ByteBuffer.wrap(onTheWire), target);
            assertEquals(SessionKeys.FLAG_OPENED, receive(b, in, 1).get(0).flags());
            attacker.send(ByteBuffer.wrap(onTheWire), target);
            final OverlayFrames.Record replayed = receive(b, in, 1).get(0);
            assertEquals(SessionKeys.FLAG_REJECTED, replayed.flags());
            assertEquals(SessionKeys.REJECT_REPLAY, replayed.reserved());
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRefuseToSendASealRecordWithoutATableAndReturnEbadfOnceTheTableIsClosed(final String bridge)
    {
        final DatagramEndpoint a = open(bridge);
        final DatagramEndpoint b = open(bridge);
        final OverlayFrames.Batch out = new OverlayFrames.Batch(4096).clear()
            .seal(SLOT_A, LOOPBACK, b.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)));

        assertEquals(-Errno.EINVAL, a.sendBatch(out.address, out.length, out.count), "never sent in clear");

        final SessionKeys keys = Bridges.byName(bridge).openSessionKeys(8);
        a.attachKeys(keys);
        keys.close();
        assertEquals(-Errno.EBADF, a.sendBatch(out.address, out.length, out.count));
        assertEquals(-Errno.EBADF, a.receiveBatch(out.address, out.capacityOf(), 8));
        assertThrows(IllegalArgumentException.class, () -> a.attachKeys(new FakeKeys()));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldConsumeABatchWhoseRecordsAreAllRejectedWithoutSendingAnything(final String bridge)
    {
        final SessionKeys keys = track(Bridges.byName(bridge).openSessionKeys(8));
        final DatagramEndpoint a = open(bridge);
        final DatagramEndpoint b = open(bridge);
        a.attachKeys(keys);
        final OverlayFrames.Batch out = new OverlayFrames.Batch(4096).clear()
            .seal(1, LOOPBACK, b.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)))
            .seal(2, LOOPBACK, b.localPort(), frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 2)));

        assertEquals(2, a.sendBatch(out.address, out.length, out.count));

        assertEquals(SessionKeys.FLAG_REJECTED, out.record(0).flags());
        assertEquals(SessionKeys.FLAG_REJECTED, out.record(1).flags());
        final OverlayFrames.Batch in = new OverlayFrames.Batch(16 * 1024);
        assertEquals(0, b.receiveBatch(in.clear().address, in.capacityOf(), 64), "nothing was sent");
    }

    /** A table no bridge made. */
    private static final class FakeKeys implements SessionKeys
    {
        @Override
        public int capacity()
        {
            return 0;
        }

        @Override
        public void localNode(final byte[] node)
        {
        }

        @Override
        public void install(
            final int slot, final int cipher, final byte[] peerNode, final int peerIndex, final byte[] sendKey,
            final byte[] receiveKey)
        {
        }

        @Override
        public void remove(final int slot)
        {
        }

        @Override
        public boolean isActive(final int slot)
        {
            return false;
        }

        @Override
        public long sendCounter(final int slot)
        {
            return 0;
        }

        @Override
        public int sealBatch(final long address, final int length, final int count)
        {
            return 0;
        }

        @Override
        public int openBatch(final long address, final int capacity, final int count)
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }
}
