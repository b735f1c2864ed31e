package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.ipop.tap.OverlayFrames.TYPE_DATA;
import static org.ipop.tap.OverlayFrames.frame;
import static org.ipop.tap.OverlayFrames.key;
import static org.ipop.tap.OverlayFrames.node;
import static org.ipop.tap.OverlayFrames.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sealing and opening, alone and inside an attached endpoint's send and receive, allocate nothing once warm. */
class SessionKeysAllocationTest
{
    private static final int ROUNDS = 20_000;
    private static final int FRAMES = 8;
    private static final int LOOPBACK = ipv4(127, 0, 0, 1);
    private static final byte[] NODE_A = node(0x10);
    private static final byte[] NODE_B = node(0x40);

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long measurementCost()
    {
        final long first = allocatedBytes();
        return allocatedBytes() - first;
    }

    /** @return the bytes of a batch of {@link #FRAMES} records to seal with slot 1 for {@code port}. */
    private static byte[] template(final int port)
    {
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(16 * 1024).clear();
        for (int i = 0; i < FRAMES; i++)
        {
            batch.seal(1, LOOPBACK, port, frame(TYPE_DATA, NODE_A, NODE_B, payload(i % 2 == 0 ? 64 : 1400, i)));
        }
        final byte[] bytes = new byte[batch.length];
        batch.buffer.get(0, bytes);
        return bytes;
    }

    private static SessionKeys[] pair(final String bridge)
    {
        final SessionKeys a = Bridges.byName(bridge).openSessionKeys(4);
        final SessionKeys b = Bridges.byName(bridge).openSessionKeys(4);
        a.localNode(NODE_A);
        b.localNode(NODE_B);
        a.install(1, SessionKeys.CIPHER_AES_256_GCM, NODE_B, 1, key(1), key(2));
        b.install(1, SessionKeys.CIPHER_AES_256_GCM, NODE_A, 1, key(2), key(1));
        return new SessionKeys[] {a, b};
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotAllocateWhenSealingAndOpeningBatches(final String bridge)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        final SessionKeys[] keys = pair(bridge);
        try (SessionKeys a = keys[0]; SessionKeys b = keys[1])
        {
            final byte[] template = template(9);
            final OverlayFrames.Batch batch = new OverlayFrames.Batch(16 * 1024).clear();

            assertEquals((long)ROUNDS * FRAMES, sealAndOpen(a, b, template, batch));
            final long cost = measurementCost();
            final long before = allocatedBytes();
            final long opened = sealAndOpen(a, b, template, batch);
            final long allocated = allocatedBytes() - before - cost;

            assertEquals((long)ROUNDS * FRAMES, opened, "every frame sealed and opened");
            assertEquals(0L, allocated, "bytes allocated over " + ROUNDS + " seal+open batch rounds");
        }
    }

    private static long sealAndOpen(
        final SessionKeys a, final SessionKeys b, final byte[] template, final OverlayFrames.Batch batch)
    {
        long opened = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            batch.buffer.put(0, template);
            a.sealBatch(batch.address, template.length, FRAMES);
            opened += b.openBatch(batch.address, batch.capacityOf(), FRAMES);
        }
        return opened;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotAllocateWhenSendingSealedAndReceivingOpenedBatches(final String bridge)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        final SessionKeys[] keys = pair(bridge);
        final UdpConfig config = new UdpConfig().bindAddress(LOOPBACK);
        try (SessionKeys a = keys[0]; SessionKeys b = keys[1];
            DatagramEndpoint sender = Bridges.byName(bridge).openUdp(config);
            DatagramEndpoint receiver = Bridges.byName(bridge).openUdp(config))
        {
            sender.attachKeys(a);
            receiver.attachKeys(b);
            final byte[] template = template(receiver.localPort());
            final OverlayFrames.Batch out = new OverlayFrames.Batch(16 * 1024).clear();
            final OverlayFrames.Batch in = new OverlayFrames.Batch(64 * 1024).clear();

            exchange(sender, receiver, template, out, in);
            final long cost = measurementCost();
            final long before = allocatedBytes();
            final long received = exchange(sender, receiver, template, out, in);
            final long allocated = allocatedBytes() - before - cost;

            assertTrue(received > 0, "datagrams received");
            assertEquals(SessionKeys.FLAG_OPENED, in.record(0).flags(), "received frames were opened");
            assertEquals(0L, allocated, "bytes allocated over " + ROUNDS + " sealed send + open receive rounds");
        }
    }

    private static long exchange(
        final DatagramEndpoint sender, final DatagramEndpoint receiver, final byte[] template,
        final OverlayFrames.Batch out, final OverlayFrames.Batch in)
    {
        long received = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            out.buffer.put(0, template);
            sender.sendBatch(out.address, template.length, FRAMES);
            received += Math.max(0, receiver.receiveBatch(in.address, in.capacityOf(), 64));
        }
        return received;
    }
}
