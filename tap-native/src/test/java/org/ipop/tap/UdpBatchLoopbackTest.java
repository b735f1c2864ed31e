package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** UDP batches with recvmmsg/sendmmsg on loopback; no root needed. Every test runs against both bridges. */
class UdpBatchLoopbackTest
{
    private static final int LOOPBACK = ipv4(127, 0, 0, 1);

    private final List<DatagramEndpoint> endpoints = new ArrayList<>();

    @AfterEach
    void closeEndpoints()
    {
        endpoints.forEach(DatagramEndpoint::close);
    }

    private DatagramEndpoint open(final String bridge, final UdpConfig config)
    {
        final DatagramEndpoint endpoint = Bridges.byName(bridge).openUdp(config);
        endpoints.add(endpoint);
        return endpoint;
    }

    private DatagramEndpoint openLoopback(final String bridge)
    {
        return open(bridge, new UdpConfig().bindAddress(LOOPBACK).port(0));
    }

    private static byte[] payload(final int length, final int seed)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(seed + i * 7);
        }
        return payload;
    }

    /** Receives by batch until {@code expected} datagrams arrived or 5 s passed. */
    private static List<DatagramBatch.Datagram> receive(
        final DatagramEndpoint endpoint, final DatagramBatch batch, final int capacity, final int expected)
    {
        final List<DatagramBatch.Datagram> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.size() < expected && System.nanoTime() < deadline)
        {
            final int count = endpoint.receiveBatch(batch.clear().address, capacity, 64);
            assertTrue(count >= 0, "receiveBatch returned " + count);
            if (count == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            received.addAll(batch.decode(count));
        }
        assertEquals(expected, received.size(), "datagrams received");
        return received;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRoundTripABatchWithPayloadsAndPeerAddressesIntact(final String bridge)
    {
        final DatagramEndpoint sender = openLoopback(bridge);
        final DatagramEndpoint receiver = openLoopback(bridge);
        final int[] lengths = {0, 1, 8, 9, 100, 1400, 2048};
        final DatagramBatch out = new DatagramBatch(64 * 1024).clear();
        for (int i = 0; i < lengths.length; i++)
        {
            out.add(LOOPBACK, receiver.localPort(), payload(lengths[i], i));
        }

        assertEquals(lengths.length, sender.sendBatch(out.address, out.length, out.count));

        final DatagramBatch in = new DatagramBatch(64 * 1024);
        final List<DatagramBatch.Datagram> received = receive(receiver, in, in.capacity(), lengths.length);
        for (int i = 0; i < lengths.length; i++)
        {
            final DatagramBatch.Datagram datagram = received.get(i);
            assertArrayEquals(payload(lengths[i], i), datagram.payload(), "payload " + i);
            assertEquals(LOOPBACK, datagram.address(), "peer address " + i);
            assertEquals(sender.localPort(), datagram.port(), "peer port " + i);
            assertEquals(0, datagram.flags(), "flags " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldSendOneBatchToSeveralPeersEachGettingItsOwn(final String bridge)
    {
        final DatagramEndpoint sender = openLoopback(bridge);
        final DatagramEndpoint first = openLoopback(bridge);
        final DatagramEndpoint second = openLoopback(bridge);
        final DatagramBatch out = new DatagramBatch(16 * 1024).clear()
            .add(LOOPBACK, first.localPort(), payload(10, 1))
            .add(LOOPBACK, second.localPort(), payload(20, 2))
            .add(LOOPBACK, first.localPort(), payload(30, 3));

        assertEquals(3, sender.sendBatch(out.address, out.length, out.count));

        final DatagramBatch in = new DatagramBatch(16 * 1024);
        final List<DatagramBatch.Datagram> atFirst = receive(first, in, in.capacity(), 2);
        assertArrayEquals(payload(10, 1), atFirst.get(0).payload());
        assertArrayEquals(payload(30, 3), atFirst.get(1).payload());
        final List<DatagramBatch.Datagram> atSecond = receive(second, in, in.capacity(), 1);
        assertArrayEquals(payload(20, 2), atSecond.get(0).payload());
        assertEquals(sender.localPort(), atSecond.get(0).port());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReceiveDatagramsFromAPlainJavaSocketWithItsAddress(final String bridge) throws IOException
    {
        final DatagramEndpoint receiver = openLoopback(bridge);
        try (DatagramChannel channel = DatagramChannel.open())
        {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.send(ByteBuffer.wrap(payload(33, 9)), new InetSocketAddress("127.0.0.1", receiver.localPort()));

            final DatagramBatch in = new DatagramBatch(16 * 1024);
            final DatagramBatch.Datagram datagram = receive(receiver, in, in.capacity(), 1).get(0);
            assertArrayEquals(payload(33, 9), datagram.payload());
            assertEquals(((InetSocketAddress)channel.getLocalAddress()).getPort(), datagram.port());
            assertEquals(LOOPBACK, datagram.address());
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnZeroWhenNoDatagramIsReady(final String bridge)
    {
        final DatagramEndpoint receiver = openLoopback(bridge);
        final DatagramBatch in = new DatagramBatch(16 * 1024);

        assertEquals(0, receiver.receiveBatch(in.address, in.capacity(), 64));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReceiveFewerDatagramsWhenCapacityHoldsFewerSlots(final String bridge)
    {
        final DatagramEndpoint sender = openLoopback(bridge);
        final DatagramEndpoint receiver = open(bridge, new UdpConfig().bindAddress(LOOPBACK).maxDatagramLength(200));
        final DatagramBatch out = new DatagramBatch(16 * 1024).clear();
        for (int i = 0; i < 5; i++)
        {
            out.add(LOOPBACK, receiver.localPort(), payload(50, i));
        }
        assertEquals(5, sender.sendBatch(out.address, out.length, out.count));

        // one slot: after one packed record the rest cannot hold another full-size slot
        final int oneSlot = DatagramBatchDescriptor.recordLength(200);
        final DatagramBatch in = new DatagramBatch(16 * 1024);
        final List<DatagramBatch.Datagram> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.size() < 5 && System.nanoTime() < deadline)
        {
            final int count = receiver.receiveBatch(in.clear().address, oneSlot, 64);
            assertTrue(count >= 0 && count <= 1, "one slot holds one datagram, got " + count);
            in.assertUntouchedFrom(oneSlot);
            received.addAll(in.decode(count));
        }
        assertEquals(5, received.size());
        for (int i = 0; i < 5; i++)
        {
            assertArrayEquals(payload(50, i), received.get(i).payload(), "datagram " + i + " in order");
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldCutAndFlagDatagramLongerThanMaxDatagramLength(final String bridge)
    {
        final DatagramEndpoint sender = openLoopback(bridge);
        final DatagramEndpoint receiver = open(bridge, new UdpConfig().bindAddress(LOOPBACK).maxDatagramLength(100));
        final DatagramBatch out = new DatagramBatch(16 * 1024).clear()
            .add(LOOPBACK, receiver.localPort(), payload(300, 5))
            .add(LOOPBACK, receiver.localPort(), payload(100, 6));
        assertEquals(2, sender.sendBatch(out.address, out.length, out.count));

        final DatagramBatch in = new DatagramBatch(16 * 1024);
        final List<DatagramBatch.Datagram> received = receive(receiver, in, in.capacity(), 2);
        assertEquals(DatagramBatchDescriptor.FLAG_TRUNCATED, received.get(0).flags());
        assertArrayEquals(java.util.Arrays.copyOf(payload(300, 5), 100), received.get(0).payload());
        assertEquals(0, received.get(1).flags());
        assertArrayEquals(payload(100, 6), received.get(1).payload());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectCapacityBelowOneSlotAndMalformedRecords(final String bridge)
    {
        final DatagramEndpoint endpoint = openLoopback(bridge);
        final DatagramBatch batch = new DatagramBatch(16 * 1024).clear();
        final int oneSlot = DatagramBatchDescriptor.recordLength(UdpConfig.DEFAULT_MAX_DATAGRAM_LENGTH);

        assertEquals(-Errno.EINVAL, endpoint.receiveBatch(batch.address, oneSlot - 1, 64));
        assertEquals(0, endpoint.receiveBatch(batch.address, oneSlot, 64));

        batch.add(LOOPBACK, endpoint.localPort(), payload(10, 0));
        batch.buffer.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, -1);
        assertEquals(-Errno.EINVAL, endpoint.sendBatch(batch.address, batch.length, 1), "negative length");
        batch.buffer.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, batch.length);
        assertEquals(-Errno.EINVAL, endpoint.sendBatch(batch.address, batch.length, 1), "past the end");
        batch.buffer.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, 10);
        batch.buffer.putShort(DatagramBatchDescriptor.FLAGS_OFFSET, (short)1);
        assertEquals(-Errno.EINVAL, endpoint.sendBatch(batch.address, batch.length, 1), "flags set");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportTheErrnoOfTheDatagramThatStoppedABatchAfterItsFirst(final String bridge)
    {
        final DatagramEndpoint sender = openLoopback(bridge);
        final DatagramEndpoint receiver = openLoopback(bridge);
        final DatagramBatch out = new DatagramBatch(128 * 1024).clear()
            .add(LOOPBACK, receiver.localPort(), payload(10, 1));
        final int second = out.length;
        out.add(LOOPBACK, receiver.localPort(), new byte[70_000])   // longer than UDP allows: EMSGSIZE
            .add(LOOPBACK, receiver.localPort(), payload(10, 3));

        assertEquals(1, sender.sendBatch(out.address, out.length, out.count));
        assertEquals(Errno.EMSGSIZE, out.buffer.getInt(second + DatagramBatchDescriptor.RESERVED_OFFSET),
            "errno of the datagram that stopped the batch");
        assertEquals(0, out.buffer.getInt(DatagramBatchDescriptor.RESERVED_OFFSET), "the sent record is untouched");
        final DatagramBatch in = new DatagramBatch(16 * 1024);
        assertArrayEquals(payload(10, 1), receive(receiver, in, in.capacity(), 1).get(0).payload());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportTheFirstDatagramsSendErrorAsNegativeErrnoAndKeepWorking(final String bridge)
    {
        final DatagramEndpoint endpoint = openLoopback(bridge);
        final DatagramBatch tooBig = new DatagramBatch(128 * 1024).clear()
            .add(LOOPBACK, endpoint.localPort(), new byte[70_000]);
        final DatagramBatch fine = new DatagramBatch(16 * 1024).clear()
            .add(LOOPBACK, endpoint.localPort(), payload(10, 0));

        assertEquals(-Errno.EMSGSIZE, endpoint.sendBatch(tooBig.address, tooBig.length, 1));
        assertEquals(1, endpoint.sendBatch(fine.address, fine.length, 1));
        final DatagramBatch in = new DatagramBatch(16 * 1024);
        assertArrayEquals(payload(10, 0), receive(endpoint, in, in.capacity(), 1).get(0).payload());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportLoopbackAddressAndTheKernelChosenPort(final String bridge)
    {
        final DatagramEndpoint endpoint = openLoopback(bridge);

        assertEquals(LOOPBACK, endpoint.localAddress());
        assertTrue(endpoint.localPort() > 0 && endpoint.localPort() <= 65535, "port " + endpoint.localPort());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldSayThePortIsInUseWhenBindingItTwice(final String bridge)
    {
        final DatagramEndpoint first = openLoopback(bridge);

        final NativeException failure = assertThrows(NativeException.class,
            () -> open(bridge, new UdpConfig().bindAddress(LOOPBACK).port(first.localPort())));
        assertEquals(Errno.EADDRINUSE, failure.errno());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + first.localPort()), failure.getMessage());
        assertTrue(failure.getMessage().contains("EADDRINUSE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("pick another port"), failure.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnEbadfAfterCloseAndCloseOnlyOnce(final String bridge)
    {
        final DatagramEndpoint endpoint = Bridges.byName(bridge).openUdp(new UdpConfig().bindAddress(LOOPBACK));
        final DatagramBatch batch = new DatagramBatch(16 * 1024).clear().add(LOOPBACK, 9, payload(10, 0));

        endpoint.close();
        endpoint.close();

        assertEquals(-Errno.EBADF, endpoint.receiveBatch(batch.address, batch.capacity(), 64));
        assertEquals(-Errno.EBADF, endpoint.sendBatch(batch.address, batch.length, 1));
    }
}
