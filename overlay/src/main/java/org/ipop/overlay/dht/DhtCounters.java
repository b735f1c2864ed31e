package org.ipop.overlay.dht;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.PrivateCountersManager;

/**
 * The values of one node's DHT counters ({@link DhtCounter}): in the node's counters file when the node runs,
 * in private memory in a simulator or a test. Written on the control-plane thread only (single-writer release
 * stores), readable from any thread.
 */
public final class DhtCounters
{
    private static final DhtCounter[] DESCRIPTORS = DhtCounter.values();

    private final AtomicCounter[] counters;

    /** Counters in private memory, for a DHT without a counters file. */
    public DhtCounters()
    {
        this(PrivateCountersManager.forFamily(DESCRIPTORS));
    }

    /**
     * Allocates every {@link DhtCounter} in the manager; call on the thread that allocates in it.
     *
     * @param countersManager the node's (the counters file's) or a private one.
     */
    public DhtCounters(final CountersManager countersManager)
    {
        counters = CounterDescriptor.newCounters(countersManager, DESCRIPTORS);
    }

    /**
     * @param counter to add one to.
     */
    public void increment(final DhtCounter counter)
    {
        counters[counter.ordinal()].incrementRelease();
    }

    /**
     * @param counter to add to.
     * @param n       amount to add.
     */
    public void add(final DhtCounter counter, final long n)
    {
        counters[counter.ordinal()].getAndAddRelease(n);
    }

    /**
     * @param counter to read.
     * @return its value.
     */
    public long get(final DhtCounter counter)
    {
        return counters[counter.ordinal()].get();
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{");
        for (final DhtCounter counter : DESCRIPTORS)
        {
            sb.append(counter.ordinal() == 0 ? "" : ", ").append(counter.label()).append('=').append(get(counter));
        }
        return sb.append('}').toString();
    }
}
