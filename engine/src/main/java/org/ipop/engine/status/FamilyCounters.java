package org.ipop.engine.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The values of one family of counters described by an enum of {@link CounterDescriptor}s, indexed by the
 * descriptor itself: in the node's counters file when a node runs, in private memory
 * ({@link PrivateCountersManager}) in a simulator, a replay or a test. One thread writes (single-writer
 * release stores); readers on other threads and processes may see slightly stale values. No method allocates
 * except {@link #toString()}.
 *
 * @param <E> the family's descriptor enum.
 */
public class FamilyCounters<E extends Enum<E> & CounterDescriptor>
{
    private final E[] descriptors;
    private final AtomicCounter[] counters;

    /**
     * Allocates every descriptor of the family in the manager; call on the thread that allocates in it.
     *
     * @param countersManager the node's (the counters file's) or a private one.
     * @param descriptors     the family, {@code E.values()}.
     */
    protected FamilyCounters(final CountersManager countersManager, final E[] descriptors)
    {
        this.descriptors = descriptors;
        this.counters = CounterDescriptor.newCounters(countersManager, descriptors);
    }

    /** @param counter to add one to. */
    public final void increment(final E counter)
    {
        counters[counter.ordinal()].incrementRelease();
    }

    /**
     * @param counter to add to.
     * @param n       amount to add.
     */
    public final void add(final E counter, final long n)
    {
        counters[counter.ordinal()].getAndAddRelease(n);
    }

    /**
     * @param counter to read.
     * @return its value.
     */
    public final long get(final E counter)
    {
        return counters[counter.ordinal()].get();
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{");
        for (final E counter : descriptors)
        {
            sb.append(counter.ordinal() == 0 ? "" : ", ").append(counter.label()).append('=').append(get(counter));
        }
        return sb.append('}').toString();
    }
}
