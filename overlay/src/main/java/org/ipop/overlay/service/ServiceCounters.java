package org.ipop.overlay.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain long counters of the TAP services: one per {@link ServiceCounter} and one per {@link DropReason}.
 * <p>
 * Thread: written by the control-plane thread only; {@link #snapshot()} from the same thread (the
 * integrator that needs them elsewhere copies them into Agrona counters from that thread).
 */
public final class ServiceCounters
{
    private final long[] events = new long[ServiceCounter.values().length];
    private final long[] drops = new long[DropReason.values().length];

    /**
     * @param counter to add one to.
     */
    public void increment(final ServiceCounter counter)
    {
        events[counter.ordinal()]++;
    }

    /**
     * @param reason to add one to; {@link DropReason#NONE} is ignored.
     */
    public void drop(final DropReason reason)
    {
        if (reason != DropReason.NONE)
        {
            drops[reason.ordinal()]++;
        }
    }

    /**
     * @param counter to read.
     * @return its value.
     */
    public long get(final ServiceCounter counter)
    {
        return events[counter.ordinal()];
    }

    /**
     * @param reason to read.
     * @return the number of frames dropped for it.
     */
    public long get(final DropReason reason)
    {
        return drops[reason.ordinal()];
    }

    /**
     * @return the number of frames dropped for any reason.
     */
    public long totalDrops()
    {
        long total = 0;
        for (final long d : drops)
        {
            total += d;
        }
        return total;
    }

    /**
     * @return non-zero counters by name, events first then drops prefixed with {@code drop.}; a new map
     * for status output.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> map = new LinkedHashMap<>();
        for (final ServiceCounter c : ServiceCounter.values())
        {
            if (events[c.ordinal()] != 0)
            {
                map.put(c.name().toLowerCase(java.util.Locale.ROOT), events[c.ordinal()]);
            }
        }
        for (final DropReason r : DropReason.values())
        {
            if (drops[r.ordinal()] != 0)
            {
                map.put("drop." + r.name().toLowerCase(java.util.Locale.ROOT), drops[r.ordinal()]);
            }
        }
        return map;
    }
}
