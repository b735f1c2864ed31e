package org.ipop.engine.idle;

import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer thread idling with {@link DescriptorIdleStrategy} on a real socket and a doorbell blocks without a
 * timeout once idle, and a record written to its {@link SignallingRingBuffer} wakes it; no bounded wait ever
 * ends (timeouts stay 0), which is what makes an idle engine cost nothing. No root needed.
 */
@Timeout(60)
class DoorbellWaitTest
{
    private static final int LOOPBACK = (127 << 24) | 1;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private DatagramEndpoint socket;
    private ConsumerWakeup wakeup;
    private Thread consumer;

    @AfterEach
    void stop() throws InterruptedException
    {
        running.set(false);
        if (null != wakeup)
        {
            wakeup.wakeForClose();
        }
        if (null != consumer)
        {
            consumer.join(10_000);
            assertFalse(consumer.isAlive(), "the consumer did not stop after wakeForClose");
        }
        if (null != wakeup)
        {
            wakeup.close();
        }
        if (null != socket)
        {
            socket.close();
        }
    }

    @Test
    void shouldBlockWithoutATimeoutAndWakeForEveryRecord()
    {
        socket = Bridges.select().openUdp(new UdpConfig().bindAddress(LOOPBACK).port(0));
        wakeup = new ConsumerWakeup(Bridges.select().openDoorbell());
        final SignallingRingBuffer ring = new SignallingRingBuffer(new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH))), wakeup);
        final DescriptorIdleStrategy strategy = new DescriptorIdleStrategy(
            (org.ipop.tap.PollableDescriptor)socket, null, wakeup, new org.agrona.concurrent.ringbuffer.RingBuffer[] {ring},
            10, 5, 1_000, 100_000, TimeUnit.MICROSECONDS.toNanos(500), SystemNanoClock.INSTANCE);
        final AtomicLong received = new AtomicLong();
        consumer = new Thread(() ->
        {
            while (running.get())
            {
                strategy.idle(ring.read((msgTypeId, buffer, index, length) -> received.incrementAndGet()));
            }
        }, "doorbell-consumer");
        consumer.start();

        final UnsafeBuffer record = new UnsafeBuffer(new byte[8]);
        for (int i = 1; i <= 20; i++)
        {
            // each record is consumed after a wake, so the consumer must have begun at least i blocking waits
            final long blocks = i;
            awaitTrue(() -> strategy.blocks() >= blocks && wakeup.isArmed(),
                "the consumer never blocked before record " + i);
            assertTrue(ring.write(1, record, 0, record.capacity()));
            final long expected = i;
            awaitTrue(() -> received.get() == expected, "record " + i + " did not wake the consumer");
        }
        assertEquals(0, strategy.timeouts(), "a bounded wait ended: the consumer was not blocking without a timeout");
        assertTrue(strategy.readyWakeups() >= 20 - strategy.interrupts(), "wakes: " + strategy);
    }

    @Test
    void shouldNotRingWhileTheConsumerIsAwake()
    {
        wakeup = new ConsumerWakeup(Bridges.select().openDoorbell());
        assertFalse(wakeup.signal(), "not armed: no system call");
        assertTrue(wakeup.arm());
        assertTrue(wakeup.signal(), "armed: rings");
        assertFalse(wakeup.signal(), "one ring per sleep");
        assertEquals(1, wakeup.doorbell().drain());
        wakeup.wakeForClose();
        assertFalse(wakeup.arm(), "a closing wake-up never lets its consumer block");
        assertFalse(ConsumerWakeup.none().arm(), "no doorbell, no blocking");
    }

    private static void awaitTrue(final BooleanSupplier condition, final String message)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, message);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
