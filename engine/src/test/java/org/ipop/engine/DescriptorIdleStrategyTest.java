package org.ipop.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.idle.DescriptorIdleStrategy;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.DirectBuffers;
import org.ipop.tap.Errno;
import org.ipop.tap.PollableDescriptor;
import org.ipop.tap.UdpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The back-off of {@link DescriptorIdleStrategy} against a scripted descriptor, then against a real socket.
 * <p>
 * The assertions hold under any scheduling: parking and descriptor waits may end early ({@code parkNanos} wakes
 * spuriously or on a stale permit, a signal ends {@code ppoll} with 0), so no test asserts how long an idle call
 * took, only what it did (the counts), that a thread parks (seen in a timed wait), and that input ends a wait long
 * before its timeout.
 */
class DescriptorIdleStrategyTest
{
    private static final long MIN_WAIT_NS = 1_000;
    private static final long MAX_WAIT_NS = 8_000;

    @TempDir
    File dir;

    /** Records each wait and answers from a script (0 = timeout once the script is used up). */
    private static final class ScriptedDescriptor implements PollableDescriptor
    {
        final List<long[]> waits = new ArrayList<>();
        final int fd;
        int[] results = new int[0];

        ScriptedDescriptor(final int fd)
        {
            this.fd = fd;
        }

        @Override
        public int fd()
        {
            return fd;
        }

        @Override
        public int awaitReadable(final int otherFd, final int thirdFd, final long timeoutNs)
        {
            final int index = waits.size();
            waits.add(new long[] {otherFd, timeoutNs});
            return index < results.length ? results[index] : 0;
        }

        long timeout(final int wait)
        {
            return waits.get(wait)[1];
        }
    }

    private static DescriptorIdleStrategy strategy(final PollableDescriptor descriptor, final PollableDescriptor other)
    {
        return new DescriptorIdleStrategy(descriptor, other, 3, 2, MIN_WAIT_NS, MAX_WAIT_NS, 0, SystemNanoClock.INSTANCE);
    }

    private static void idle(final IdleStrategy strategy, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            strategy.idle(0);
        }
    }

    @Test
    void shouldSpinAndYieldBeforeTheFirstWait()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        final DescriptorIdleStrategy strategy = strategy(descriptor, null);

        idle(strategy, 3 + 2);
        assertEquals(0, descriptor.waits.size(), "waited while it should still spin or yield");
        idle(strategy, 1);
        assertEquals(1, descriptor.waits.size());
        assertEquals(MIN_WAIT_NS, descriptor.timeout(0));
        assertEquals(-1, descriptor.waits.get(0)[0], "no second descriptor");
    }

    @Test
    void shouldDoubleTheWaitAfterEachTimeoutUpToTheMaximum()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        final DescriptorIdleStrategy strategy = strategy(descriptor, null);

        idle(strategy, 3 + 2 + 6);

        final long[] expected = {1_000, 2_000, 4_000, 8_000, 8_000, 8_000};
        assertEquals(expected.length, descriptor.waits.size());
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], descriptor.timeout(i), "wait " + i);
        }
        assertEquals(6, strategy.timeouts());
    }

    @Test
    void shouldStartOverWithSpinsAndTheShortestWaitAfterWork()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        final DescriptorIdleStrategy strategy = strategy(descriptor, null);
        idle(strategy, 3 + 2 + 4);
        assertEquals(4, descriptor.waits.size());

        strategy.idle(1);
        idle(strategy, 3 + 2);
        assertEquals(4, descriptor.waits.size(), "waited right after work");
        idle(strategy, 1);
        assertEquals(MIN_WAIT_NS, descriptor.timeout(4));
    }

    @Test
    void shouldWaitOnBothDescriptorsOfASharedThread()
    {
        final ScriptedDescriptor tap = new ScriptedDescriptor(7);
        final ScriptedDescriptor socket = new ScriptedDescriptor(11);
        final DescriptorIdleStrategy strategy = strategy(tap, socket);

        idle(strategy, 3 + 2 + 1);

        assertEquals(1, tap.waits.size());
        assertEquals(11, tap.waits.get(0)[0]);
        assertEquals(0, socket.waits.size(), "one wait covers both descriptors");
    }

    @Test
    void shouldParkInsteadOfWaitingWhenInputWasReadyButBroughtNoWork()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        descriptor.results = new int[] {1, 1};
        final DescriptorIdleStrategy strategy = strategy(descriptor, null);

        idle(strategy, 3 + 2 + 1);
        assertEquals(1, strategy.readyWakeups());
        idle(strategy, 1);
        assertEquals(1, descriptor.waits.size(), "a descriptor that stays ready would make waiting a spin");
        assertEquals(1, strategy.parks());
        idle(strategy, 1);
        assertEquals(2, descriptor.waits.size(), "waits again after one park");
        assertEquals(4 * MIN_WAIT_NS, descriptor.timeout(1), "the wait kept growing across the park");
    }

    @Test
    void shouldParkWhenTheWaitFails() throws InterruptedException
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(-1);
        descriptor.results = new int[] {-Errno.EBADF, -Errno.EBADF, -Errno.EBADF};
        final DescriptorIdleStrategy strategy = strategy(descriptor, null);

        idle(strategy, 3 + 2 + 3);

        assertEquals(3, descriptor.waits.size());
        assertEquals(3, strategy.parks());
        assertEquals(0, strategy.timeouts(), "a failed wait is not a timeout");
        assertEquals(0, strategy.readyWakeups(), "a failed wait is not input");

        // Parks for real: an agent thread whose waits always fail is seen in a timed wait. Its elapsed time
        // would prove nothing (parkNanos may return early); an early return only makes it idle again.
        final long longWaitNs = TimeUnit.SECONDS.toNanos(10);
        final PollableDescriptor closed = new PollableDescriptor()
        {
            public int fd()
            {
                return -1;
            }

            public int awaitReadable(final int otherFd, final int thirdFd, final long timeoutNs)
            {
                return -Errno.EBADF;
            }
        };
        final DescriptorIdleStrategy failing =
            new DescriptorIdleStrategy(closed, null, 0, 0, longWaitNs, longWaitNs, 0, SystemNanoClock.INSTANCE);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread agent = new Thread(() ->
        {
            while (!stop.get())
            {
                failing.idle(0);
            }
        }, "failing-wait-agent");
        agent.setDaemon(true);
        agent.start();
        try
        {
            final long deadline = System.nanoTime() + longWaitNs;
            Thread.State state = agent.getState();
            while (state != Thread.State.TIMED_WAITING && deadline - System.nanoTime() > 0)
            {
                Thread.yield();
                state = agent.getState();
            }
            assertEquals(Thread.State.TIMED_WAITING, state, "did not park for the waits");
        }
        finally
        {
            stop.set(true);
            LockSupport.unpark(agent);
            agent.join(TimeUnit.NANOSECONDS.toMillis(longWaitNs));
        }
    }

    @Test
    void shouldParkThroughTheFirstPollAfterNsOfAnIdleSpellThenWaitOnTheDescriptor()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000_000);
        final DescriptorIdleStrategy strategy =
            new DescriptorIdleStrategy(descriptor, null, 3, 2, MIN_WAIT_NS, MAX_WAIT_NS, 500_000, clock);

        idle(strategy, 3 + 2 + 4);
        assertEquals(0, descriptor.waits.size(), "a stream's input should gather while the agent parks");
        assertEquals(4, strategy.parks());

        clock.update(1_000_000 + 499_999);
        idle(strategy, 1);
        assertEquals(0, descriptor.waits.size());
        clock.update(1_000_000 + 500_000);
        idle(strategy, 1);
        assertEquals(1, descriptor.waits.size(), "idle long enough: wait on the descriptor");
        assertEquals(MAX_WAIT_NS, descriptor.timeout(0), "the wait kept growing while parking");

        strategy.idle(1);
        idle(strategy, 3 + 2 + 1);
        assertEquals(1, descriptor.waits.size(), "work starts a new idle spell that parks first");
    }

    @Test
    void shouldRejectInvalidBounds()
    {
        final ScriptedDescriptor descriptor = new ScriptedDescriptor(7);
        final NanoClock clock = SystemNanoClock.INSTANCE;
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(null, null, 1, 1, 1, 1, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(descriptor, null, -1, 1, 1, 1, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(descriptor, null, 1, 1, 0, 1, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(descriptor, null, 1, 1, 10, 5, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(descriptor, null, 1, 1, 1, 1, -1, clock));
        assertThrows(IllegalArgumentException.class, () -> new DescriptorIdleStrategy(descriptor, null, 1, 1, 1, 1, 0, null));
    }

    @Test
    @Timeout(30)
    void shouldWakeAtOnceWhenADatagramArrivesOnARealSocket() throws Exception
    {
        final long longWaitNs = TimeUnit.SECONDS.toNanos(20);
        final UdpConfig config = new UdpConfig().bindAddress(TestFrames.ipv4(127, 0, 0, 1));
        try (DatagramEndpoint receiver = Bridges.select().openUdp(config);
            DatagramEndpoint sender = Bridges.select().openUdp(config))
        {
            final DescriptorIdleStrategy strategy =
                new DescriptorIdleStrategy((PollableDescriptor)receiver, null, 0, 0, longWaitNs, longWaitNs, 0, SystemNanoClock.INSTANCE);
            final CompletableFuture<Void> sent = CompletableFuture.runAsync(() ->
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                send(sender, receiver.localPort());
            });

            // A signal may end a wait early with 0 (counted as a timeout): idle again, as an agent would.
            final long start = System.nanoTime();
            do
            {
                strategy.idle(0);
            }
            while (strategy.readyWakeups() == 0 && System.nanoTime() - start < longWaitNs);
            final long waited = System.nanoTime() - start;

            sent.get(longWaitNs, TimeUnit.NANOSECONDS);
            assertEquals(1, strategy.readyWakeups(), "the datagram ended the wait");
            assertTrue(waited < longWaitNs, "slept " + waited + " ns through the datagram");
        }
    }

    /** Sends one 16-byte datagram to 127.0.0.1:{@code port}. */
    private static void send(final DatagramEndpoint sender, final int port)
    {
        final ByteBuffer buffer = DirectBuffers.allocateAligned(4096, 64);
        final UnsafeBuffer records = new UnsafeBuffer(buffer);
        records.setMemory(0, 4096, (byte)0);
        records.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, 16);
        records.putInt(DatagramBatchDescriptor.ADDRESS_OFFSET, TestFrames.ipv4(127, 0, 0, 1), java.nio.ByteOrder.BIG_ENDIAN);
        records.putShort(DatagramBatchDescriptor.PORT_OFFSET, (short)port);
        assertEquals(1, sender.sendBatch(DirectBuffers.address(buffer), DatagramBatchDescriptor.recordLength(16), 1));
    }

    @Test
    void shouldPickTheDescriptorStrategyOnlyWhereEachInputHasADescriptor()
    {
        final UdpConfig config = new UdpConfig().bindAddress(TestFrames.ipv4(127, 0, 0, 1));
        try (DatagramEndpoint socket = Bridges.select().openUdp(config))
        {
            final QueueFrameDevice fake = new QueueFrameDevice();
            assertInstanceOf(DescriptorIdleStrategy.class, EngineConfiguration.idleStrategy("poll", socket, null));
            assertInstanceOf(BackoffIdleStrategy.class, EngineConfiguration.idleStrategy("poll", fake, null));
            assertInstanceOf(BackoffIdleStrategy.class, EngineConfiguration.idleStrategy("poll", socket, fake));
            assertInstanceOf(BackoffIdleStrategy.class, EngineConfiguration.idleStrategy("backoff", socket, null));
            assertInstanceOf(BackoffIdleStrategy.class, EngineConfiguration.idleStrategy("poll"));
            assertEquals("poll", EngineConfiguration.IDLE_STRATEGY_DEFAULT);
        }
    }

    @Test
    void shouldDefaultEachAgentToWaitOnTheDescriptorItReads()
    {
        final UdpConfig config = new UdpConfig().bindAddress(TestFrames.ipv4(127, 0, 0, 1));
        final DatagramEndpoint socket = Bridges.select().openUdp(config);
        final EngineContext ctx = new EngineContext()
            .frameDevice(new QueueFrameDevice())
            .datagramEndpoint(socket)
            .countersFile(new File(dir, "counters.dat"));
        try
        {
            ctx.conclude();
            assertInstanceOf(BackoffIdleStrategy.class, ctx.tapIdleStrategy(), "a fake TAP has nothing to wait on");
            assertInstanceOf(DescriptorIdleStrategy.class, ctx.udpIdleStrategy());
            assertInstanceOf(BackoffIdleStrategy.class, ctx.sharedIdleStrategy(), "the shared thread also reads the fake");
        }
        finally
        {
            ctx.close();
            socket.close();
        }
    }
}
