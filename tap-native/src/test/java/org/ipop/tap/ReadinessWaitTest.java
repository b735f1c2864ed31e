package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting for input ({@code ipop_wait_readable}): a readable descriptor ends the wait at once, an idle one
 * times out with 0, a closed one gives {@code -EBADF}; two descriptors can be waited on together. Frame
 * devices are socket-pair ends (no root needed). Every test runs against both bridges.
 * <p>
 * The assertions hold under any scheduling: the contract lets a wait end before its timeout ({@code -EINTR}
 * for a signal, 0 for an early {@code parkNanos} wake of a device without a descriptor), so no test asserts a lower bound on a wait's time, tests that wait for
 * input still to come wait again after such a return ({@link #awaitInput}), and the only upper bounds are
 * {@link #LONG_WAIT_NS}, which a wait that returns for the right reason never comes near.
 */
@Timeout(30)
class ReadinessWaitTest
{
    private static final int MAX_FRAME = 1518;
    private static final int LOOPBACK = ipv4(127, 0, 0, 1);
    private static final long LONG_WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable closeable : closeables)
        {
            closeable.close();
        }
    }

    private FrameDevice[] pair(final String bridge)
    {
        final int[] fds = TestBridges.seqPacketPair();
        final FrameDevice a = TestBridges.frameDevice(bridge, fds[0], MAX_FRAME);
        final FrameDevice b = TestBridges.frameDevice(bridge, fds[1], MAX_FRAME);
        closeables.add(a);
        closeables.add(b);
        return new FrameDevice[] {a, b};
    }

    private DatagramEndpoint udp(final String bridge)
    {
        final DatagramEndpoint endpoint = Bridges.byName(bridge).openUdp(new UdpConfig().bindAddress(LOOPBACK).port(0));
        closeables.add(endpoint);
        return endpoint;
    }

    private static void writeFrame(final FrameDevice device)
    {
        final FrameBatch out = new FrameBatch(4096).clear().add(new byte[64]);
        assertEquals(1, device.writeBatch(out.address, out.length, out.count));
    }

    private static void sendDatagram(final DatagramEndpoint from, final DatagramEndpoint to)
    {
        final DatagramBatch out = new DatagramBatch(4096).clear().add(LOOPBACK, to.localPort(), new byte[32]);
        assertEquals(1, from.sendBatch(out.address, out.length, out.count));
    }

    /**
     * Waits for input that may not have arrived yet, as an idle reader does: a return of 0 before the
     * deadline (a signal ended the wait early, which the contract allows) waits again for the time left.
     *
     * @param wait one wait with the timeout given, e.g. {@code t -> device.awaitReadable(t)}.
     * @return the first non-zero result, or 0 when {@link #LONG_WAIT_NS} passed without input.
     */
    private static int awaitInput(final LongToIntFunction wait)
    {
        final long deadline = System.nanoTime() + LONG_WAIT_NS;
        int result;
        do
        {
            result = wait.applyAsInt(Math.max(0, deadline - System.nanoTime()));
        }
        while ((result == 0 || result == -Errno.EINTR) && deadline - System.nanoTime() > 0);
        return result;
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnAtOnceWhenAFrameIsWaiting(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        writeFrame(ends[0]);

        final long start = System.nanoTime();
        assertEquals(1, ends[1].awaitReadable(LONG_WAIT_NS));
        final long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < LONG_WAIT_NS, "waited its whole timeout (" + elapsed + " ns) although a frame was ready");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldNotConsumeTheInputItReportsReady(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        writeFrame(ends[0]);

        assertEquals(1, ends[1].awaitReadable(LONG_WAIT_NS));
        assertEquals(1, ends[1].awaitReadable(0));
        final FrameBatch in = new FrameBatch(16 * 1024);
        assertEquals(1, ends[1].readBatch(in.address, in.capacity(), 8));
        assertEquals(0, ends[1].awaitReadable(0), "readable after the only frame was read");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldTimeOutWithZeroWhenNothingArrives(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(20);

        final long start = System.nanoTime();
        assertEquals(0, ends[1].awaitReadable(timeoutNs));
        final long elapsed = System.nanoTime() - start;
        // no lower bound: a signal may end the wait early with 0 (see PollableDescriptor#awaitReadable)
        assertTrue(elapsed < LONG_WAIT_NS, "a " + timeoutNs + " ns timeout ended the wait only after " + elapsed + " ns");
        assertEquals(0, ends[1].awaitReadable(0), "a zero timeout only checks");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldWakeWhenAFrameArrivesDuringTheWait(final String bridge) throws Exception
    {
        final FrameDevice[] ends = pair(bridge);
        final CompletableFuture<Long> writtenAt = CompletableFuture.supplyAsync(() ->
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            final long at = System.nanoTime();
            writeFrame(ends[0]);
            return at;
        });

        final long start = System.nanoTime();
        final int result = awaitInput(timeoutNs -> ends[1].awaitReadable(timeoutNs));
        final long end = System.nanoTime();

        assertEquals(1, result, "no frame within " + LONG_WAIT_NS + " ns");
        assertTrue(end - start < LONG_WAIT_NS, "slept through the frame: " + (end - start) + " ns");
        assertTrue(end >= writtenAt.get(LONG_WAIT_NS, TimeUnit.NANOSECONDS), "reported a frame before it was written");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnAtOnceWhenADatagramIsWaiting(final String bridge)
    {
        final DatagramEndpoint sender = udp(bridge);
        final DatagramEndpoint receiver = udp(bridge);
        sendDatagram(sender, receiver);

        assertEquals(1, awaitInput(timeoutNs -> receiver.awaitReadable(timeoutNs)));
        assertEquals(0, sender.awaitReadable(0), "the sender received nothing");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldWakeOnEitherOfTwoDescriptors(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final DatagramEndpoint sender = udp(bridge);
        final DatagramEndpoint receiver = udp(bridge);
        final PollableDescriptor tap = assertInstanceOf(PollableDescriptor.class, ends[1]);
        final PollableDescriptor socket = assertInstanceOf(PollableDescriptor.class, receiver);

        assertEquals(0, tap.awaitReadable(socket.fd(), TimeUnit.MILLISECONDS.toNanos(5)));
        sendDatagram(sender, receiver);
        assertEquals(1, awaitInput(timeoutNs -> tap.awaitReadable(socket.fd(), timeoutNs)),
            "a datagram on the second descriptor");
        writeFrame(ends[0]);
        assertEquals(2, tap.awaitReadable(socket.fd(), LONG_WAIT_NS), "both ready");
        assertEquals(1, socket.awaitReadable(-1, LONG_WAIT_NS), "a negative second descriptor is ignored");
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnEbadfOnceClosed(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final DatagramEndpoint endpoint = udp(bridge);
        ends[1].close();
        endpoint.close();

        assertEquals(-Errno.EBADF, ends[1].awaitReadable(LONG_WAIT_NS));
        assertEquals(-Errno.EBADF, endpoint.awaitReadable(LONG_WAIT_NS));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnEbadfForASecondDescriptorThatIsNotOpen(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        final PollableDescriptor tap = (PollableDescriptor)ends[1];
        // far above any descriptor the process has open (and above RLIMIT_NOFILE), so never reused under us
        final int closedFd = Integer.MAX_VALUE - 1;

        assertEquals(-Errno.EBADF, tap.awaitReadable(closedFd, LONG_WAIT_NS));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectANegativeTimeout(final String bridge)
    {
        final FrameDevice[] ends = pair(bridge);
        assertEquals(-Errno.EINVAL, ends[1].awaitReadable(-1), "the one-descriptor wait is bounded");
    }

    @Test
    void shouldParkForTheTimeoutOnADeviceThatCannotTellReadiness() throws InterruptedException
    {
        final FrameDevice fake = new FrameDevice()
        {
            public int readBatch(final long address, final int capacity, final int maxFrames)
            {
                return 0;
            }

            public int writeBatch(final long address, final int length, final int frameCount)
            {
                return 0;
            }

            public String name()
            {
                return "fake";
            }

            public void close()
            {
            }
        };
        assertEquals(0, fake.awaitReadable(TimeUnit.MILLISECONDS.toNanos(5)));
        assertEquals(0, fake.awaitReadable(0));
        assertEquals(-Errno.EINVAL, fake.awaitReadable(-1));

        // Parks rather than spins or returns at once: a thread in long waits is seen in a timed wait. The
        // elapsed time proves nothing (parkNanos may return early, e.g. on a permit left by an earlier unpark);
        // an early return only makes the loop wait again.
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread waiter = new Thread(() ->
        {
            while (!stop.get())
            {
                fake.awaitReadable(LONG_WAIT_NS);
            }
        }, "fake-device-waiter");
        waiter.setDaemon(true);
        waiter.start();
        try
        {
            final long deadline = System.nanoTime() + LONG_WAIT_NS;
            Thread.State state = waiter.getState();
            while (state != Thread.State.TIMED_WAITING && deadline - System.nanoTime() > 0)
            {
                Thread.yield();
                state = waiter.getState();
            }
            assertEquals(Thread.State.TIMED_WAITING, state, "never parked");
        }
        finally
        {
            stop.set(true);
            LockSupport.unpark(waiter);
            waiter.join(TimeUnit.NANOSECONDS.toMillis(LONG_WAIT_NS));
        }
    }
}
