package org.ipop.engine.idle;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.engine.EngineConfiguration;
import org.ipop.tap.Errno;
import org.ipop.tap.PollableDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Idles like Agrona's {@code BackoffIdleStrategy} (spin, then yield, then wait for a time that doubles from
 * {@code minWaitNs} to {@code maxWaitNs}), except that once the agent has been idle for {@code pollAfterNs}
 * it sleeps in the kernel on its input descriptors ({@link PollableDescriptor#awaitReadable(int, int, long)},
 * {@code ppoll}) instead of parking: a frame or datagram after a quiet spell (a ping, a request, the first
 * packet of a flow) ends the wait at once.
 * <p>
 * With a {@link ConsumerWakeup} that has a doorbell, the wait has no timeout: the rings the agent reads are fed
 * through {@link SignallingRingBuffer}s that ring the doorbell while the agent sleeps, so every input wakes a
 * descriptor and an idle thread costs nothing until input arrives. Before blocking, the strategy arms the
 * wake-up and looks at its rings once more (see {@link ConsumerWakeup} for why no record is missed). Without a
 * doorbell, ring input is noticed when a wait of at most {@code maxWaitNs} times out, as before.
 * <p>
 * Why not wait on the descriptors from the first wait: while a stream of input flows, a wake-up per
 * datagram costs the sender a wake-up and the agent a context switch for a batch of one, which on a busy
 * machine cut 64-byte UDP throughput to a third in peerbench. Parking through the first {@code pollAfterNs}
 * of idleness lets a stream's input gather into batches, as interrupt moderation and NAPI do in the kernel.
 * <p>
 * Three cases park for a bounded time instead of blocking, so idling never turns into spinning on a
 * descriptor that stays ready and a stopping runner is always noticed: the previous wait reported input yet
 * the duty cycle that followed found no work (e.g. an error the agent reports and keeps seeing), a wait
 * failed (a descriptor closed while the agent stops), and the wake-up is closing. A signal that ends a wait
 * ({@code -EINTR}) is counted and the next call waits again. The counts of each outcome are kept for tests
 * and diagnostics.
 * <p>
 * Threading: one agent thread uses an instance; the count getters may be read from any thread (plain
 * reads, possibly stale). No allocation after construction.
 */
public final class DescriptorIdleStrategy implements IdleStrategy
{
    /** Name of this strategy for {@link EngineConfiguration#IDLE_STRATEGY_PROP}. */
    public static final String ALIAS = "poll";

    /**
     * Idleness after which the data plane waits on descriptors: longer than the gaps inside a stream, shorter
     * than the 2 ms between peerbench's pings and the gaps of interactive traffic.
     */
    public static final long DATA_PLANE_POLL_AFTER_NS = TimeUnit.MICROSECONDS.toNanos(500);

    private static final int NOT_IDLE = 0;
    private static final int BACKING_OFF = 1;
    private static final int WAITING = 2;

    private static final RingBuffer[] NO_RINGS = new RingBuffer[0];

    private final PollableDescriptor descriptor;
    private final PollableDescriptor otherDescriptor;
    private final ConsumerWakeup wakeup;
    private final RingBuffer[] rings;
    private final long maxSpins;
    private final long maxYields;
    private final long minWaitNs;
    private final long maxWaitNs;
    private final long pollAfterNs;
    private final NanoClock clock;

    private final SpinThenYield spinThenYield;
    private int state = NOT_IDLE;
    private long waitNs;
    private long waitingSinceNs;
    private boolean readyWithoutWork;

    private long readyWakeups;
    private long timeouts;
    private long parks;
    private long interrupts;
    private long blocks;

    /**
     * A strategy whose waits are bounded by {@code maxWaitNs} (no doorbell): ring input is seen when a wait
     * times out.
     *
     * @see #DescriptorIdleStrategy(PollableDescriptor, PollableDescriptor, ConsumerWakeup, RingBuffer[], long,
     *      long, long, long, long, NanoClock)
     */
    public DescriptorIdleStrategy(
        final PollableDescriptor descriptor,
        final PollableDescriptor otherDescriptor,
        final long maxSpins,
        final long maxYields,
        final long minWaitNs,
        final long maxWaitNs,
        final long pollAfterNs,
        final NanoClock clock)
    {
        this(descriptor, otherDescriptor, ConsumerWakeup.none(), NO_RINGS, maxSpins, maxYields, minWaitNs, maxWaitNs,
            pollAfterNs, clock);
    }

    /**
     * @param descriptor      the input the agent reads.
     * @param otherDescriptor a second input read by the same thread (SHARED mode: TAP and socket), or null.
     * @param wakeup          the wake-up the agent's rings signal; with a doorbell, waits after
     *                        {@code pollAfterNs} have no timeout.
     * @param rings           the rings the agent reads, looked at after arming and before blocking.
     * @param maxSpins        idle calls that only spin before yielding.
     * @param maxYields       idle calls that yield before waiting.
     * @param minWaitNs       first wait, in nanoseconds; at least 1.
     * @param maxWaitNs       longest bounded wait, in nanoseconds: the worst added latency of ring input while
     *                        parking.
     * @param pollAfterNs     time from the first wait of an idle spell during which waits park; 0 waits on
     *                        the descriptors from the first wait.
     * @param clock           the clock {@code pollAfterNs} is measured with.
     * @throws IllegalArgumentException for a missing argument, a negative count or time, a wait below 1 ns or
     *                                  {@code maxWaitNs < minWaitNs}.
     */
    public DescriptorIdleStrategy(
        final PollableDescriptor descriptor,
        final PollableDescriptor otherDescriptor,
        final ConsumerWakeup wakeup,
        final RingBuffer[] rings,
        final long maxSpins,
        final long maxYields,
        final long minWaitNs,
        final long maxWaitNs,
        final long pollAfterNs,
        final NanoClock clock)
    {
        if (null == descriptor || null == wakeup || null == rings)
        {
            throw new IllegalArgumentException("descriptor, wakeup and rings are required");
        }
        if (maxSpins < 0 || maxYields < 0 || minWaitNs < 1 || maxWaitNs < minWaitNs || pollAfterNs < 0 || null == clock)
        {
            throw new IllegalArgumentException("invalid back-off: maxSpins=" + maxSpins + " maxYields=" + maxYields +
                " minWaitNs=" + minWaitNs + " maxWaitNs=" + maxWaitNs + " pollAfterNs=" + pollAfterNs + " clock=" + clock);
        }
        this.descriptor = descriptor;
        this.otherDescriptor = otherDescriptor;
        this.wakeup = wakeup;
        this.rings = rings.clone();
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.spinThenYield = new SpinThenYield(maxSpins, maxYields);
        this.minWaitNs = minWaitNs;
        this.maxWaitNs = maxWaitNs;
        this.pollAfterNs = pollAfterNs;
        this.clock = clock;
    }

    /**
     * The data-plane default: the spin, yield and wait bounds of
     * {@link EngineConfiguration#defaultDataPlaneIdleStrategy()} (10 spins, 5 yields, 1 us to 100 us), waiting
     * on the descriptors (and the wake-up's doorbell, without a timeout) after {@link #DATA_PLANE_POLL_AFTER_NS}
     * of idleness.
     */
    public static DescriptorIdleStrategy dataPlane(
        final PollableDescriptor descriptor,
        final PollableDescriptor otherDescriptor,
        final ConsumerWakeup wakeup,
        final RingBuffer... rings)
    {
        return new DescriptorIdleStrategy(descriptor, otherDescriptor, wakeup, rings, 10, 5,
            TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100),
            DATA_PLANE_POLL_AFTER_NS, SystemNanoClock.INSTANCE);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    /** Spins {@code maxSpins} calls, yields the next {@code maxYields}, then waits on every call after. */
    @Override
    public void idle()
    {
        if (NOT_IDLE == state)
        {
            state = BACKING_OFF;
            spinThenYield.reset();
        }
        if (BACKING_OFF == state)
        {
            if (spinThenYield.idle())
            {
                return;
            }
            state = WAITING;
            waitNs = minWaitNs;
            waitingSinceNs = pollAfterNs > 0 ? clock.nanoTime() : 0;
        }
        await();
    }

    private void await()
    {
        final long timeoutNs = waitNs;
        waitNs = Math.min(timeoutNs << 1, maxWaitNs);
        if (readyWithoutWork)
        {
            readyWithoutWork = false;
            park(timeoutNs);
            return;
        }
        if (pollAfterNs > 0 && clock.nanoTime() - waitingSinceNs < pollAfterNs)
        {
            park(timeoutNs);
            return;
        }

        final int otherFd = null == otherDescriptor ? -1 : otherDescriptor.fd();
        final int result;
        if (wakeup.arm())
        {
            if (hasRingInput())
            {
                wakeup.disarm();
                return;
            }
            blocks++;
            result = descriptor.awaitReadable(otherFd, wakeup.fd(), -1);
            wakeup.disarm();
            if (result > 0)
            {
                wakeup.drain();
            }
        }
        else
        {
            result = descriptor.awaitReadable(otherFd, -1, timeoutNs);
        }

        if (result > 0)
        {
            readyWakeups++;
            readyWithoutWork = true;
        }
        else if (result == 0)
        {
            timeouts++;
        }
        else if (result == -Errno.EINTR)
        {
            interrupts++;
        }
        else
        {
            park(timeoutNs);
        }
    }

    private boolean hasRingInput()
    {
        for (final RingBuffer ring : rings)
        {
            if (ring.producerPosition() != ring.consumerPosition())
            {
                return true;
            }
        }
        return false;
    }

    private void park(final long timeoutNs)
    {
        parks++;
        LockSupport.parkNanos(timeoutNs);
    }

    @Override
    public void reset()
    {
        state = NOT_IDLE;
        readyWithoutWork = false;
    }

    @Override
    public String alias()
    {
        return ALIAS;
    }

    /** @return waits that ended because a descriptor was readable. */
    public long readyWakeups()
    {
        return readyWakeups;
    }

    /** @return waits that ended at their timeout. */
    public long timeouts()
    {
        return timeouts;
    }

    /** @return waits a signal ended ({@code -EINTR}). */
    public long interrupts()
    {
        return interrupts;
    }

    /** @return waits that blocked without a timeout (armed, rings empty). */
    public long blocks()
    {
        return blocks;
    }

    /** @return waits spent parking (before {@code pollAfterNs}, after ready without work, or a failed wait). */
    public long parks()
    {
        return parks;
    }

    @Override
    public String toString()
    {
        return "DescriptorIdleStrategy{alias=" + ALIAS + ", maxSpins=" + maxSpins + ", maxYields=" + maxYields +
            ", minWaitNs=" + minWaitNs + ", maxWaitNs=" + maxWaitNs + ", pollAfterNs=" + pollAfterNs + "}";
    }
}
