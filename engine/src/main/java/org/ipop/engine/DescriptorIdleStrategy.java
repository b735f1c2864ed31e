package org.ipop.engine;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.ipop.tap.PollableDescriptor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Idles like Agrona's {@code BackoffIdleStrategy} (spin, then yield, then wait for a time that doubles from
 * {@code minWaitNs} to {@code maxWaitNs}), except that once the agent has been idle for {@code pollAfterNs}
 * its waits sleep in the kernel on the agent's input descriptors ({@link PollableDescriptor#awaitReadable(int,
 * long)}, {@code ppoll}) instead of parking: a frame or datagram arriving after a quiet spell (a ping, a
 * request, the first packet of a flow) ends the wait at once instead of up to {@code maxWaitNs} later.
 * <p>
 * Why not wait on the descriptors from the first wait: while a stream of input flows, a wake-up per
 * datagram costs the sender a wake-up and the agent a context switch for a batch of one, which on a busy
 * machine cut 64-byte UDP throughput to a third in peerbench. Parking through the first {@code pollAfterNs}
 * of idleness lets a stream's input gather into batches, as interrupt moderation and NAPI do in the kernel.
 * <p>
 * Inputs that do not signal a descriptor (ring buffers fed by other threads) are noticed when the wait
 * times out, so {@code maxWaitNs} bounds their extra latency exactly as a parking back-off of the same
 * maximum would.
 * <p>
 * Two cases fall back to parking for the current wait, so idling never turns into spinning on a
 * descriptor that stays ready: the previous wait reported input yet the duty cycle that followed found no
 * work (e.g. an error the agent reports and keeps seeing), and a wait failed (a descriptor closed while
 * the agent stops). The counts of each outcome are kept for tests and diagnostics.
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
    private static final int SPINNING = 1;
    private static final int YIELDING = 2;
    private static final int WAITING = 3;

    private final PollableDescriptor descriptor;
    private final PollableDescriptor otherDescriptor;
    private final long maxSpins;
    private final long maxYields;
    private final long minWaitNs;
    private final long maxWaitNs;
    private final long pollAfterNs;
    private final NanoClock clock;

    private int state = NOT_IDLE;
    private long spins;
    private long yields;
    private long waitNs;
    private long waitingSinceNs;
    private boolean readyWithoutWork;

    private long readyWakeups;
    private long timeouts;
    private long parks;

    /**
     * @param descriptor      the input the agent reads.
     * @param otherDescriptor a second input read by the same thread (SHARED mode: TAP and socket), or null.
     * @param maxSpins        idle calls that only spin before yielding.
     * @param maxYields       idle calls that yield before waiting.
     * @param minWaitNs       first wait, in nanoseconds; at least 1.
     * @param maxWaitNs       longest wait, in nanoseconds: the worst added latency of inputs that do not
     *                        wake a descriptor.
     * @param pollAfterNs     time from the first wait of an idle spell during which waits park; 0 waits on
     *                        the descriptors from the first wait.
     * @param clock           the clock {@code pollAfterNs} is measured with.
     * @throws IllegalArgumentException for a negative count or time, a wait below 1 ns or
     *                                  {@code maxWaitNs < minWaitNs}.
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
        if (null == descriptor)
        {
            throw new IllegalArgumentException("descriptor is required");
        }
        if (maxSpins < 0 || maxYields < 0 || minWaitNs < 1 || maxWaitNs < minWaitNs || pollAfterNs < 0 || null == clock)
        {
            throw new IllegalArgumentException("invalid back-off: maxSpins=" + maxSpins + " maxYields=" + maxYields +
                " minWaitNs=" + minWaitNs + " maxWaitNs=" + maxWaitNs + " pollAfterNs=" + pollAfterNs + " clock=" + clock);
        }
        this.descriptor = descriptor;
        this.otherDescriptor = otherDescriptor;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minWaitNs = minWaitNs;
        this.maxWaitNs = maxWaitNs;
        this.pollAfterNs = pollAfterNs;
        this.clock = clock;
    }

    /**
     * The data-plane default: the spin, yield and wait bounds of
     * {@link EngineConfiguration#defaultDataPlaneIdleStrategy()} (10 spins, 5 yields, 1 us to 100 us), waiting
     * on the descriptors after {@link #DATA_PLANE_POLL_AFTER_NS} of idleness.
     */
    public static DescriptorIdleStrategy dataPlane(
        final PollableDescriptor descriptor, final PollableDescriptor otherDescriptor)
    {
        return new DescriptorIdleStrategy(descriptor, otherDescriptor, 10, 5,
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
            state = SPINNING;
            spins = 0;
        }
        if (SPINNING == state)
        {
            if (spins < maxSpins)
            {
                spins++;
                Thread.onSpinWait();
                return;
            }
            state = YIELDING;
            yields = 0;
        }
        if (YIELDING == state)
        {
            if (yields < maxYields)
            {
                yields++;
                Thread.yield();
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

        final int result = descriptor.awaitReadable(null == otherDescriptor ? -1 : otherDescriptor.fd(), timeoutNs);
        if (result > 0)
        {
            readyWakeups++;
            readyWithoutWork = true;
        }
        else if (result == 0)
        {
            timeouts++;
        }
        else
        {
            park(timeoutNs);
        }
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
