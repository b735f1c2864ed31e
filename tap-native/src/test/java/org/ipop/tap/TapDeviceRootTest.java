package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real TAP devices in a network namespace each test creates and removes (also when it fails): frames
 * written by batch reach the kernel, frames the kernel sends are read by batch, partial batches and empty
 * reads behave. Needs root; every test runs against both bridges.
 */
class TapDeviceRootTest
{
    private static final String TAP = "ipoptap0";
    private static final int TAP_IP = ipv4(10, 77, 0, 1);
    private static final int PEER_IP = ipv4(10, 77, 0, 2);
    private static final int ABSENT_IP = ipv4(10, 77, 0, 9);
    private static final byte[] TAP_MAC = {0x02, 0, 0, 0, 0x77, 0x01};
    private static final byte[] PEER_MAC = {0x02, 0, 0, 0, 0x77, 0x02};
    private static final byte[] ABSENT_MAC = {0x02, 0, 0, 0, 0x77, 0x09};
    private static final int MTU = 1280;
    private static final int ECHO_ID = 0x4242;

    @BeforeAll
    static void requireRoot()
    {
        assumeTrue(Commands.isRoot(), "needs root: creates network namespaces and TAP devices");
    }

    private static TapConfig tapConfig()
    {
        return new TapConfig().name(TAP).mtu(MTU).mac(TAP_MAC).ipv4(TAP_IP, 24).up(true);
    }

    private static FrameDevice openTap(final NetworkNamespace ns, final String bridge, final TapConfig config)
    {
        return ns.call(() -> Bridges.byName(bridge).openTap(config));
    }

    private static byte[] echoRequest(final int sequence)
    {
        final byte[] data = ("ipop echo " + sequence).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return EthernetFrames.icmpEchoRequest(TAP_MAC, PEER_MAC, PEER_IP, TAP_IP, ECHO_ID, sequence, data);
    }

    /**
     * Reads by batch until {@code count} frames matching {@code match} arrived (others are skipped), or fails
     * after 5 s listing the ethertypes seen.
     *
     * @param maxPerCall fails if any call returns more frames than this.
     */
    private static List<byte[]> read(
        final FrameDevice device, final int capacity, final int maxFrames, final int maxPerCall, final int count,
        final Predicate<byte[]> match)
    {
        final FrameBatch batch = new FrameBatch(Math.max(capacity, 64 * 1024));
        final List<byte[]> matched = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (matched.size() < count && System.nanoTime() < deadline)
        {
            final int frames = device.readBatch(batch.clear().address, capacity, maxFrames);
            assertTrue(frames >= 0 && frames <= maxPerCall, "readBatch returned " + frames);
            if (frames == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            for (final byte[] frame : batch.decode(frames))
            {
                seen.add(Integer.toHexString(EthernetFrames.ethertype(frame)));
                if (match.test(frame))
                {
                    matched.add(frame);
                }
            }
        }
        assertEquals(count, matched.size(), "matching frames; ethertypes read: " + seen);
        return matched;
    }

    private static List<byte[]> read(final FrameDevice device, final int count, final Predicate<byte[]> match)
    {
        return read(device, 64 * 1024, 64, 64, count, match);
    }

    private static byte[] macOf(final FrameDevice device)
    {
        return device instanceof JniFrameDevice ? ((JniFrameDevice)device).mac() : ((JnaFrameDevice)device).mac();
    }

    private static FrameBatch batchOf(final byte[]... frames)
    {
        final FrameBatch batch = new FrameBatch(64 * 1024).clear();
        for (final byte[] frame : frames)
        {
            batch.add(frame);
        }
        return batch;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldApplyMtuMacAddressAndLinkUpToTheKernelDevice(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, tapConfig()))
        {
            final String link = ns.ip("-o", "link", "show", "dev", TAP);
            final String address = ns.ip("-o", "-4", "addr", "show", "dev", TAP);

            assertEquals(TAP, tap.name());
            assertTrue(link.contains(" mtu 1280 "), link);
            assertTrue(link.contains("link/ether 02:00:00:00:77:01 "), link);
            assertTrue(link.matches("(?s).*<[A-Z_,]*\\bUP\\b[A-Z_,]*>.*"), link);
            assertTrue(address.contains("inet 10.77.0.1/24 "), address);
            assertArrayEquals(TAP_MAC, macOf(tap));
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldLeaveTheDeviceDownWithoutAddressAndReportTheKernelsMacWhenNoneIsSet(final String bridge)
    {
        final TapConfig config = new TapConfig().name(TAP).mtu(MTU).up(false);
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, config))
        {
            final String link = ns.ip("-o", "link", "show", "dev", TAP);
            final String address = ns.ip("-o", "-4", "addr", "show", "dev", TAP);

            assertFalse(link.matches("(?s).*<[A-Z_,]*\\bUP\\b[A-Z_,]*>.*"), link);
            assertEquals("", address.trim());
            assertTrue(link.contains("link/ether " + TapSetup.macToString(macOf(tap)) + " "), link);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldDeliverEchoRequestsWrittenByBatchAndReadTheRepliesByBatch(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, tapConfig()))
        {
            ns.ip("neigh", "add", "10.77.0.2", "lladdr", "02:00:00:00:77:02", "dev", TAP, "nud", "permanent");
            final FrameBatch requests = batchOf(echoRequest(1), echoRequest(2), echoRequest(3));

            assertEquals(3, tap.writeBatch(requests.address, requests.length, requests.count));

            final List<byte[]> replies = read(tap, 3, frame -> EthernetFrames.isEchoReply(frame, ECHO_ID));
            final Set<Integer> sequences = new TreeSet<>();
            for (final byte[] reply : replies)
            {
                assertArrayEquals(PEER_MAC, EthernetFrames.dstMac(reply));
                assertArrayEquals(TAP_MAC, EthernetFrames.srcMac(reply));
                assertEquals(TAP_IP, EthernetFrames.ipv4Src(reply));
                assertEquals(PEER_IP, EthernetFrames.ipv4Dst(reply));
                final int sequence = EthernetFrames.echoSequence(reply);
                sequences.add(sequence);
                assertEquals("ipop echo " + sequence, new String(EthernetFrames.echoData(reply),
                    java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertEquals(Set.of(1, 2, 3), sequences);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReadTheKernelsArpRequestAndDeliverTheQueuedPacketOnceAnswered(final String bridge) throws Exception
    {
        try (NetworkNamespace ns = NetworkNamespace.create();
            FrameDevice tap = openTap(ns, bridge, tapConfig());
            DatagramChannel sender = ns.call(DatagramChannel::open))
        {
            final byte[] payload = "to an absent neighbour".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ns.call(() -> sender.send(ByteBuffer.wrap(payload), new InetSocketAddress("10.77.0.9", 4242)));

            final byte[] request = read(tap, 1, frame -> EthernetFrames.isArpRequestFor(frame, ABSENT_IP)).get(0);
            assertArrayEquals(EthernetFrames.BROADCAST, EthernetFrames.dstMac(request));
            assertArrayEquals(TAP_MAC, EthernetFrames.arpSenderMac(request));
            assertEquals(TAP_IP, EthernetFrames.arpSenderIp(request));

            final FrameBatch reply = batchOf(EthernetFrames.arpReply(ABSENT_MAC, ABSENT_IP, TAP_MAC, TAP_IP));
            assertEquals(1, tap.writeBatch(reply.address, reply.length, reply.count));

            final byte[] datagram = read(tap, 1, frame -> EthernetFrames.isUdpTo(frame, ABSENT_IP, 4242)).get(0);
            assertArrayEquals(ABSENT_MAC, EthernetFrames.dstMac(datagram));
            assertArrayEquals(payload, EthernetFrames.udpPayload(datagram));
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnZeroWhenTheTapHasNoFrames(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, tapConfig()))
        {
            final FrameBatch batch = new FrameBatch(64 * 1024);

            for (int i = 0; i < 10; i++)
            {
                assertEquals(0, tap.readBatch(batch.address, batch.capacity(), 64));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnFewerFramesWhenCapacityOrMaxFramesIsSmall(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, tapConfig()))
        {
            ns.ip("neigh", "add", "10.77.0.2", "lladdr", "02:00:00:00:77:02", "dev", TAP, "nud", "permanent");
            final int oneRecord = FrameBatchDescriptor.HEADER_LENGTH + tapConfig().maxFrameLength();

            final FrameBatch four = batchOf(echoRequest(1), echoRequest(2), echoRequest(3), echoRequest(4));
            assertEquals(4, tap.writeBatch(four.address, four.length, four.count));
            read(tap, oneRecord, 64, 1, 4, frame -> EthernetFrames.isEchoReply(frame, ECHO_ID));

            assertEquals(4, tap.writeBatch(four.address, four.length, four.count));
            read(tap, 64 * 1024, 2, 2, 4, frame -> EthernetFrames.isEchoReply(frame, ECHO_ID));

            assertEquals(-Errno.EINVAL, tap.readBatch(four.address, oneRecord - 1, 64));
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRemoveTheDeviceWhenClosedOnce(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create())
        {
            final FrameDevice tap = openTap(ns, bridge, tapConfig());
            assertTrue(ns.ipSucceeds("link", "show", "dev", TAP));

            tap.close();
            tap.close();

            assertFalse(ns.ipSucceeds("link", "show", "dev", TAP), "device gone with its only descriptor");
            final FrameBatch batch = new FrameBatch(64 * 1024);
            assertEquals(-Errno.EBADF, tap.readBatch(batch.address, batch.capacity(), 64));
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRefuseASecondSingleQueueOpenAsBusyAndLeakNothing(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create(); FrameDevice tap = openTap(ns, bridge, tapConfig()))
        {
            final NativeException failure =
                assertThrows(NativeException.class, () -> openTap(ns, bridge, tapConfig()));

            assertEquals(Errno.EBUSY, failure.errno());
            assertTrue(failure.getMessage().contains("open TAP " + TAP), failure.getMessage());
            assertTrue(failure.getMessage().contains("EBUSY"), failure.getMessage());
            assertTrue(ns.ipSucceeds("link", "show", "dev", tap.name()), "the first open still owns the device");
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldAttachTwoQueuesWithMultiQueueAndMoveFramesThroughEither(final String bridge)
    {
        try (NetworkNamespace ns = NetworkNamespace.create();
            FrameDevice first = openTap(ns, bridge, tapConfig().multiQueue(true));
            FrameDevice second = openTap(ns, bridge, tapConfig().multiQueue(true)))
        {
            ns.ip("neigh", "add", "10.77.0.2", "lladdr", "02:00:00:00:77:02", "dev", TAP, "nud", "permanent");
            assertNotEquals(((NativeHandle)first).fd(), ((NativeHandle)second).fd());

            final FrameBatch request = batchOf(echoRequest(7));
            assertEquals(1, second.writeBatch(request.address, request.length, request.count));

            final FrameBatch batch = new FrameBatch(64 * 1024);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean replied = false;
            while (!replied && System.nanoTime() < deadline)
            {
                for (final FrameDevice queue : new FrameDevice[] {first, second})
                {
                    final int frames = queue.readBatch(batch.clear().address, batch.capacity(), 64);
                    assertTrue(frames >= 0, "readBatch returned " + frames);
                    replied |= batch.decode(frames).stream().anyMatch(frame -> EthernetFrames.isEchoReply(frame, ECHO_ID));
                }
            }
            assertTrue(replied, "echo reply read from one of the queues");
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldPrefixEachFrameWithAVirtioNetHeaderWhenVnetHeaderIsOn(final String bridge) throws Exception
    {
        final int vnetHeader = 10;
        try (NetworkNamespace ns = NetworkNamespace.create();
            FrameDevice tap = openTap(ns, bridge, tapConfig().vnetHeader(true));
            DatagramChannel sender = ns.call(DatagramChannel::open))
        {
            ns.call(() -> sender.send(ByteBuffer.wrap(new byte[8]), new InetSocketAddress("10.77.0.9", 4242)));

            final byte[] request = read(tap, 1, frame -> EthernetFrames.isArpRequestFor(
                Arrays.copyOfRange(frame, vnetHeader, frame.length), ABSENT_IP)).get(0);
            assertArrayEquals(new byte[vnetHeader], Arrays.copyOf(request, vnetHeader), "virtio_net_hdr: no offload");

            final byte[] arpReply = EthernetFrames.arpReply(ABSENT_MAC, ABSENT_IP, TAP_MAC, TAP_IP);
            final byte[] withHeader = new byte[vnetHeader + arpReply.length];
            System.arraycopy(arpReply, 0, withHeader, vnetHeader, arpReply.length);
            final FrameBatch reply = batchOf(withHeader);
            assertEquals(1, tap.writeBatch(reply.address, reply.length, reply.count));

            read(tap, 1, frame -> EthernetFrames.isUdpTo(Arrays.copyOfRange(frame, vnetHeader, frame.length), ABSENT_IP, 4242));
        }
    }
}
