package org.ipop.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.engine.idle.ConsumerWakeup;
import org.ipop.engine.idle.DescriptorIdleStrategy;
import org.ipop.tap.PollableDescriptor;

import java.util.concurrent.TimeUnit;

/**
 * System property names and defaults of {@link EngineContext}. A property is read when the context is
 * created; setters on the context override it.
 */
public final class EngineConfiguration
{
    /** {@code DEDICATED}, {@code SHARED} or {@code INVOKER}. */
    public static final String THREADING_MODE_PROP = "ipop.engine.threading.mode";
    public static final String THREADING_MODE_DEFAULT = "DEDICATED";

    /** Virtual interface MTU (IP packet bytes); the largest Ethernet frame carried is this plus 14. */
    public static final String MTU_PROP = "ipop.engine.mtu";
    public static final int MTU_DEFAULT = 1400;

    /** Most frames or datagrams moved per system call. */
    public static final String BATCH_SIZE_PROP = "ipop.engine.batch.size";
    public static final int BATCH_SIZE_DEFAULT = 32;

    /** TTL written into frames this node originates. */
    public static final String TTL_PROP = "ipop.engine.ttl";
    public static final int TTL_DEFAULT = 16;

    public static final String MAX_PEERS_PROP = "ipop.engine.max.peers";
    public static final int MAX_PEERS_DEFAULT = 1024;

    public static final String MAX_ROUTES_PROP = "ipop.engine.max.routes";
    public static final int MAX_ROUTES_DEFAULT = 4096;

    /**
     * Idle strategy of data-plane agents: {@code poll} (default: the {@code backoff} curve, but once an agent
     * has been idle 500 us it sleeps without a timeout on its TAP and/or UDP descriptors and on the doorbell
     * its rings ring, so input after a quiet spell wakes it at once and an idle engine costs no CPU; see
     * {@link DescriptorIdleStrategy}; {@code backoff} for devices that have no descriptor), {@code backoff}
     * (spin, yield, park 1 us..100 us: ring input is seen within 100 us), {@code yielding}, {@code busy-spin},
     * {@code sleeping}, {@code noop}.
     */
    public static final String IDLE_STRATEGY_PROP = "ipop.engine.idle.strategy";
    public static final String IDLE_STRATEGY_DEFAULT = DescriptorIdleStrategy.ALIAS;

    /** CPU list ({@code 0,2-3}) for the TAP receiver thread (DEDICATED) or the shared thread (SHARED); empty = no pinning. */
    public static final String TAP_CPUS_PROP = "ipop.engine.tap.cpus";
    /** CPU list for the UDP receiver thread (DEDICATED). */
    public static final String UDP_CPUS_PROP = "ipop.engine.udp.cpus";

    /** Directory of the counters file; default {@code /dev/shm} when present, else {@code java.io.tmpdir}. */
    public static final String DIR_PROP = "ipop.engine.dir";

    /** Ring capacities in bytes (powers of two; the ring trailer is added). */
    public static final int EVENT_RING_CAPACITY_DEFAULT = 1024 * 1024;
    public static final int SEND_RING_CAPACITY_DEFAULT = 1024 * 1024;
    public static final int COMMAND_RING_CAPACITY_DEFAULT = 64 * 1024;
    public static final int TAP_WRITE_RING_CAPACITY_DEFAULT = 256 * 1024;
    /** Bytes of the control side's backlog of commands the full command ring refused (a power of two). */
    public static final int COMMAND_BACKLOG_CAPACITY_DEFAULT = 64 * 1024;

    /** Bytes of counter values (128 per counter) and of distinct error log. */
    public static final int COUNTERS_VALUES_LENGTH_DEFAULT = 64 * 1024;
    public static final int ERROR_LOG_LENGTH_DEFAULT = 1024 * 1024;

    /**
     * Clear HANDSHAKE frames handed to the control plane: a token bucket refilled at this many per second, holding
     * at most {@link #HANDSHAKE_BURST_DEFAULT}; the excess is dropped and counted, so a flood of handshakes from
     * strangers costs the control plane a bounded amount of work.
     */
    public static final int HANDSHAKE_RATE_DEFAULT = 2000;
    public static final int HANDSHAKE_BURST_DEFAULT = 256;

    /** Most commands the conductor applies, and ring records an agent drains, per duty cycle. */
    public static final int COMMAND_LIMIT_DEFAULT = 64;

    private EngineConfiguration()
    {
    }

    /**
     * The {@code backoff} idle strategy for data-plane agents: a short spin, a few yields, then parking from
     * 1 us up to 100 us, so an idle engine gives the kernel's packet work its cores back. It is the default
     * only for devices without a descriptor to wait on: input that arrives while an agent parks waits for
     * the park to end, up to 100 us per thread hand-off, which {@link DescriptorIdleStrategy} avoids.
     */
    public static IdleStrategy defaultDataPlaneIdleStrategy()
    {
        return new BackoffIdleStrategy(10, 5, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * @param name one of the names listed at {@link #IDLE_STRATEGY_PROP}; {@code poll} gives
     *             {@code backoff} here, having no descriptor to wait on.
     * @return a new idle strategy.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static IdleStrategy idleStrategy(final String name)
    {
        return idleStrategy(name, null, null, ConsumerWakeup.none());
    }

    /**
     * {@link #idleStrategy(String, Object, Object, ConsumerWakeup, RingBuffer...)} without a doorbell or rings:
     * waits are bounded.
     */
    public static IdleStrategy idleStrategy(final String name, final Object input, final Object otherInput)
    {
        return idleStrategy(name, input, otherInput, ConsumerWakeup.none());
    }

    /**
     * The idle strategy of an agent that reads {@code input} (and {@code otherInput}, when one thread reads
     * both): {@code poll} waits on their descriptors when each is a {@link PollableDescriptor} (the native
     * devices), else it falls back to {@code backoff}; other names ignore the inputs.
     *
     * @param name       one of the names listed at {@link #IDLE_STRATEGY_PROP}.
     * @param input      the device or endpoint the agent reads, or null.
     * @param otherInput a second one read by the same thread, or null.
     * @param wakeup     the wake-up the agent's rings signal ({@code poll} blocks on its doorbell).
     * @param rings      the rings the agent reads.
     * @return a new idle strategy.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static IdleStrategy idleStrategy(
        final String name, final Object input, final Object otherInput, final ConsumerWakeup wakeup, final RingBuffer... rings)
    {
        switch (name)
        {
            case DescriptorIdleStrategy.ALIAS:
                if (input instanceof PollableDescriptor && (null == otherInput || otherInput instanceof PollableDescriptor))
                {
                    return DescriptorIdleStrategy.dataPlane((PollableDescriptor)input, (PollableDescriptor)otherInput, wakeup, rings);
                }
                return defaultDataPlaneIdleStrategy();
            case "backoff": return defaultDataPlaneIdleStrategy();
            case "yielding": return new YieldingIdleStrategy();
            case "busy-spin": return new BusySpinIdleStrategy();
            case "sleeping": return new SleepingMillisIdleStrategy(1);
            case "noop": return new NoOpIdleStrategy();
            default: throw new IllegalArgumentException(
                "unknown idle strategy '" + name + "' (poll, backoff, yielding, busy-spin, sleeping, noop)");
        }
    }

    /** @return the default counters directory. */
    public static String defaultDirectory()
    {
        final String dir = System.getProperty(DIR_PROP);
        if (null != dir)
        {
            return dir;
        }
        return new java.io.File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
    }
}
