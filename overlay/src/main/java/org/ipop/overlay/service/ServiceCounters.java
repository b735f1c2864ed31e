package org.ipop.overlay.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.PrivateCountersManager;

/**
 * The values of the TAP services' counters: one per {@link ServiceCounter} and one per {@link DropReason}
 * (but {@link DropReason#NONE}); in the node's counters file when the node runs, in private memory in a test.
 * <p>
 * Thread: written by the control-plane thread only (single-writer release stores); readable from any
 * thread, {@link #snapshot()} best from the writer's.
 */
public final class ServiceCounters
{
    private static final ServiceCounter[] EVENTS = ServiceCounter.values();
    private static final DropReason[] DROPS = DropReason.values();

    private final AtomicCounter[] events;
    private final AtomicCounter[] drops;

    /** Counters in private memory, for services without a counters file. */
    public ServiceCounters()
    {
        this(PrivateCountersManager.newManager(CounterDescriptor.countedIn(EVENTS) + CounterDescriptor.countedIn(DROPS)));
    }

    /**
     * Allocates every {@link ServiceCounter} and counted {@link DropReason} in the manager; call on the thread
     * that allocates in it.
     *
     * @param countersManager the node's (the counters file's) or a private one.
     */
    public ServiceCounters(final CountersManager countersManager)
    {
        events = CounterDescriptor.newCounters(countersManager, EVENTS);
        drops = CounterDescriptor.newCounters(countersManager, DROPS);
    }

    /**
     * @param counter to add one to.
     */
    public void increment(final ServiceCounter counter)
    {
        events[counter.ordinal()].incrementRelease();
    }

    /**
     * @param reason to add one to; {@link DropReason#NONE} is ignored.
     */
    public void drop(final DropReason reason)
    {
        if (reason != DropReason.NONE)
        {
            drops[reason.ordinal()].incrementRelease();
        }
    }

    /**
     * @param counter to read.
     * @return its value.
     */
    public long get(final ServiceCounter counter)
    {
        return events[counter.ordinal()].get();
    }

    /**
     * @param reason to read.
     * @return the number of frames dropped for it; 0 for {@link DropReason#NONE}.
     */
    public long get(final DropReason reason)
    {
        return reason == DropReason.NONE ? 0 : drops[reason.ordinal()].get();
    }

    /**
     * @return the number of frames dropped for any reason.
     */
    public long totalDrops()
    {
        long total = 0;
        for (final DropReason reason : DROPS)
        {
            total += get(reason);
        }
        return total;
    }

    /**
     * @return non-zero counters by name, events first then drops prefixed with {@code drop.}; a new map
     * for diagnostics.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> map = new LinkedHashMap<>();
        for (final ServiceCounter c : EVENTS)
        {
            if (get(c) != 0)
            {
                map.put(c.name().toLowerCase(Locale.ROOT), get(c));
            }
        }
        for (final DropReason r : DROPS)
        {
            if (get(r) != 0)
            {
                map.put("drop." + r.name().toLowerCase(Locale.ROOT), get(r));
            }
        }
        return map;
    }
}
