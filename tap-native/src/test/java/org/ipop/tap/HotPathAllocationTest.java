package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The batch calls of both bridges allocate nothing on the Java heap once warm. */
class HotPathAllocationTest
{
    private static final int ROUNDS = 20_000;

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** @return bytes one {@link #allocatedBytes()} call itself allocates (the JMX path is not free). */
    private static long measurementCost()
    {
        final long first = allocatedBytes();
        return allocatedBytes() - first;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotAllocateWhenWritingAndReadingFrameBatches(final String bridge)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        final int[] fds = TestBridges.seqPacketPair();
        try (FrameDevice writer = TestBridges.frameDevice(bridge, fds[0], 1518);
            FrameDevice reader = TestBridges.frameDevice(bridge, fds[1], 1518))
        {
            final FrameBatch out = new FrameBatch(16 * 1024).clear();
            for (int i = 0; i < 8; i++)
            {
                out.add(new byte[100 + i]);
            }
            final FrameBatch in = new FrameBatch(64 * 1024);

            final long frames = roundTrips(writer, reader, out, in);
            final long cost = measurementCost();
            final long before = allocatedBytes();
            final long measuredFrames = roundTrips(writer, reader, out, in);
            final long allocated = allocatedBytes() - before - cost;

            assertEquals(frames, measuredFrames);
            assertEquals(0L, allocated, "bytes allocated over " + ROUNDS + " write+read batch rounds");
        }
    }

    private static long roundTrips(final FrameDevice writer, final FrameDevice reader, final FrameBatch out, final FrameBatch in)
    {
        long frames = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            writer.writeBatch(out.address, out.length, out.count);
            frames += reader.readBatch(in.address, in.capacity(), 64);
        }
        return frames;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotAllocateWhenSendingAndReceivingDatagramBatches(final String bridge)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        final UdpConfig config = new UdpConfig().bindAddress(ipv4(127, 0, 0, 1));
        try (DatagramEndpoint sender = Bridges.byName(bridge).openUdp(config);
            DatagramEndpoint receiver = Bridges.byName(bridge).openUdp(config))
        {
            final DatagramBatch out = new DatagramBatch(16 * 1024).clear();
            for (int i = 0; i < 8; i++)
            {
                out.add(ipv4(127, 0, 0, 1), receiver.localPort(), new byte[100 + i]);
            }
            final DatagramBatch in = new DatagramBatch(64 * 1024);

            exchange(sender, receiver, out, in);
            final long cost = measurementCost();
            final long before = allocatedBytes();
            exchange(sender, receiver, out, in);
            final long allocated = allocatedBytes() - before - cost;

            assertEquals(0L, allocated, "bytes allocated over " + ROUNDS + " send+receive batch rounds");
        }
    }

    private static void exchange(
        final DatagramEndpoint sender, final DatagramEndpoint receiver, final DatagramBatch out, final DatagramBatch in)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            sender.sendBatch(out.address, out.length, out.count);
            receiver.receiveBatch(in.address, in.capacity(), 64);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotAllocateWhenWaitingForInput(final String bridge)
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        final int[] fds = TestBridges.seqPacketPair();
        final UdpConfig config = new UdpConfig().bindAddress(ipv4(127, 0, 0, 1));
        try (FrameDevice writer = TestBridges.frameDevice(bridge, fds[0], 1518);
            FrameDevice reader = TestBridges.frameDevice(bridge, fds[1], 1518);
            DatagramEndpoint endpoint = Bridges.byName(bridge).openUdp(config))
        {
            final FrameBatch out = new FrameBatch(4096).clear().add(new byte[64]);
            writer.writeBatch(out.address, out.length, out.count);

            final long ready = waits(reader, endpoint);
            // a wait is a short system call, so a round is over before the JIT has settled and one round can
            // see a few hundred bytes of compilation or measurement side effects: an allocation per call
            // would show in every round, so the least allocating of several rounds must be 0
            long leastAllocated = Long.MAX_VALUE;
            for (int round = 0; round < 5 && leastAllocated > 0; round++)
            {
                final long cost = measurementCost();
                final long before = allocatedBytes();
                final long measuredReady = waits(reader, endpoint);
                leastAllocated = Math.min(leastAllocated, allocatedBytes() - before - cost);
                assertEquals(ready, measuredReady);
            }

            assertEquals(2L * ROUNDS, ready, "the frame is ready on both waits that include the TAP end, the socket never");
            assertEquals(0L, leastAllocated, "bytes allocated over " + ROUNDS + " rounds of three waits");
        }
    }

    private static long waits(final FrameDevice reader, final DatagramEndpoint endpoint)
    {
        final PollableDescriptor both = (PollableDescriptor)reader;
        final int otherFd = ((PollableDescriptor)endpoint).fd();
        long ready = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            ready += reader.awaitReadable(0);
            ready += endpoint.awaitReadable(0);
            ready += both.awaitReadable(otherFd, 0);
        }
        return ready;
    }
}
