package org.ipop.engine.idle;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.tap.Errno;

import java.util.concurrent.locks.LockSupport;

/**
 * Idles a timer-driven thread (the control thread) until the earliest deadline of its agents or until input
 * on its ring wakes its doorbell, whichever comes first: a few spins and yields after work (replies often
 * follow requests within microseconds), then one sleep in the kernel per deadline instead of a duty cycle
 * every millisecond. Waits are at least {@code minWaitNs} (a deadline an agent fails to advance cannot turn
 * the thread into a spinner) and at most {@code maxWaitNs} (inputs that wake nothing, such as an IPC
 * subscription polled by an agent, are seen within it).
 * <p>
 * Without a doorbell (a {@link ConsumerWakeup#none()}), or while the wake-up closes, it parks for the same
 * time instead.
 * <p>
 * Threading: one thread. No allocation after construction.
 */
public final class DeadlineIdleStrategy implements IdleStrategy
{
    /** Name of this strategy. */
    public static final String ALIAS = "deadline";

    private final ConsumerWakeup wakeup;
    private final RingBuffer ring;
    private final DeadlineSource deadlines;
    private final NanoClock clock;
    private final int maxSpins;
    private final int maxYields;
    private final long minWaitNs;
    private final long maxWaitNs;

    private final SpinThenYield spinThenYield;
    private long sleeps;
    private long wakeups;

    /**
     * @param wakeup    the wake-up {@code ring}'s producers signal.
     * @param ring      the ring the thread reads, looked at after arming and before sleeping; may be null.
     * @param deadlines the earliest deadline of the thread's agents.
     * @param clock     the clock the deadlines are in.
     * @param maxSpins  idle calls that spin after work.
     * @param maxYields idle calls that yield after the spins.
     * @param minWaitNs shortest sleep, at least 1.
     * @param maxWaitNs longest sleep, at least {@code minWaitNs}.
     */
    public DeadlineIdleStrategy(
        final ConsumerWakeup wakeup,
        final RingBuffer ring,
        final DeadlineSource deadlines,
        final NanoClock clock,
        final int maxSpins,
        final int maxYields,
        final long minWaitNs,
        final long maxWaitNs)
    {
        if (null == wakeup || null == deadlines || null == clock || maxSpins < 0 || maxYields < 0 || minWaitNs < 1 ||
            maxWaitNs < minWaitNs)
        {
            throw new IllegalArgumentException("invalid deadline idle strategy: wakeup=" + wakeup + " deadlines=" +
                deadlines + " clock=" + clock + " maxSpins=" + maxSpins + " maxYields=" + maxYields + " minWaitNs=" +
                minWaitNs + " maxWaitNs=" + maxWaitNs);
        }
        this.wakeup = wakeup;
        this.ring = ring;
        this.deadlines = deadlines;
        this.clock = clock;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.spinThenYield = new SpinThenYield(maxSpins, maxYields);
        this.minWaitNs = minWaitNs;
        this.maxWaitNs = maxWaitNs;
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

    @Override
    public void idle()
    {
        if (spinThenYield.idle())
        {
            return;
        }

        final long nowNs = clock.nanoTime();
        final long deadlineNs = deadlines.nextDeadlineNs(nowNs);
        final long untilDeadlineNs = deadlineNs == Long.MAX_VALUE ? maxWaitNs : deadlineNs - nowNs;
        final long waitNs = Math.min(maxWaitNs, Math.max(minWaitNs, untilDeadlineNs));
        sleeps++;
        if (wakeup.arm())
        {
            if (null != ring && ring.producerPosition() != ring.consumerPosition())
            {
                wakeup.disarm();
                return;
            }
            final int result = wakeup.doorbell().awaitReadable(-1, -1, waitNs);
            wakeup.disarm();
            if (result > 0)
            {
                wakeups++;
                wakeup.drain();
            }
            else if (result < 0 && result != -Errno.EINTR)
            {
                LockSupport.parkNanos(waitNs);
            }
        }
        else
        {
            LockSupport.parkNanos(waitNs);
        }
    }

    @Override
    public void reset()
    {
        spinThenYield.reset();
    }

    @Override
    public String alias()
    {
        return ALIAS;
    }

    /** @return sleeps begun (plain read, possibly stale). */
    public long sleeps()
    {
        return sleeps;
    }

    /** @return sleeps the doorbell ended (plain read, possibly stale). */
    public long wakeups()
    {
        return wakeups;
    }

    @Override
    public String toString()
    {
        return "DeadlineIdleStrategy{maxSpins=" + maxSpins + ", maxYields=" + maxYields + ", minWaitNs=" + minWaitNs +
            ", maxWaitNs=" + maxWaitNs + "}";
    }
}
