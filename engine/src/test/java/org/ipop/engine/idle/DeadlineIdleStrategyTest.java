package org.ipop.engine.idle;

import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.ipop.tap.Bridges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The control thread's idle strategy: it asks its agents for their next deadline before each sleep, and a
 * record on its ring ends a sleep whose deadline is an hour away. No root needed.
 */
@Timeout(60)
class DeadlineIdleStrategyTest
{
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldSleepTowardsTheDeadlineAndWakeForARingRecord() throws Exception
    {
        try (ConsumerWakeup wakeup = new ConsumerWakeup(Bridges.select().openDoorbell()))
        {
            final SignallingRingBuffer ring = new SignallingRingBuffer(new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH))), wakeup);
            final AtomicLong asked = new AtomicLong();
            final DeadlineIdleStrategy strategy = new DeadlineIdleStrategy(wakeup, ring, nowNs ->
            {
                asked.incrementAndGet();
                return nowNs + HOUR_NS;
            }, SystemNanoClock.INSTANCE, 0, 0, 1, HOUR_NS);

            final CompletableFuture<Void> sleeper = CompletableFuture.runAsync(() -> strategy.idle(0));
            while (!wakeup.isArmed())
            {
                Thread.onSpinWait();
                assertFalse(sleeper.isDone(), "returned without sleeping");
            }
            assertTrue(ring.write(1, new UnsafeBuffer(new byte[4]), 0, 4));
            sleeper.get(20, TimeUnit.SECONDS);

            assertEquals(1, asked.get(), "the deadline is asked once per sleep");
            assertEquals(1, strategy.sleeps());
            assertEquals(1, strategy.wakeups(), "the doorbell ended the sleep");
        }
    }

    @Test
    void shouldNotSleepWhenTheRingAlreadyHasARecord()
    {
        try (ConsumerWakeup wakeup = new ConsumerWakeup(Bridges.select().openDoorbell()))
        {
            final SignallingRingBuffer ring = new SignallingRingBuffer(new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(4096 + RingBufferDescriptor.TRAILER_LENGTH))), wakeup);
            assertTrue(ring.write(1, new UnsafeBuffer(new byte[4]), 0, 4));
            final DeadlineIdleStrategy strategy = new DeadlineIdleStrategy(
                wakeup, ring, nowNs -> nowNs + HOUR_NS, SystemNanoClock.INSTANCE, 0, 0, 1, HOUR_NS);

            strategy.idle(0);   // would hang for an hour if it slept

            assertEquals(0, strategy.wakeups());
            assertFalse(wakeup.isArmed());
        }
    }

    @Test
    void shouldRejectBadBounds()
    {
        final ConsumerWakeup none = ConsumerWakeup.none();
        assertThrows(IllegalArgumentException.class,
            () -> new DeadlineIdleStrategy(none, null, n -> n, SystemNanoClock.INSTANCE, 0, 0, 0, 10));
        assertThrows(IllegalArgumentException.class,
            () -> new DeadlineIdleStrategy(none, null, n -> n, SystemNanoClock.INSTANCE, 0, 0, 10, 5));
        assertThrows(IllegalArgumentException.class,
            () -> new DeadlineIdleStrategy(none, null, null, SystemNanoClock.INSTANCE, 0, 0, 1, 5));
    }
}
