package org.ipop.engine.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One counter a node keeps, described once (as Aeron's {@code SystemCounterDescriptor}): a stable type id,
 * unique across every family of the node (ranges in {@link CounterFamily}), and a label for people. Readers
 * in other processes find a counter by its type id ({@link CountersFileReader#counter(CounterDescriptor)}),
 * never by its label, so a label may be reworded but an id never changes meaning or is reused.
 * <p>
 * Each family is an enum implementing this interface, with the id written out on every constant (never
 * derived from the ordinal, so reordering or inserting constants changes no id); adding a counter is one
 * enum line with the next free id of its family.
 */
public interface CounterDescriptor
{
    /** The id of a descriptor that has no counter (such as a "no drop" result); never allocated. */
    int NOT_COUNTED = 0;

    /** @return the stable type id the counter is allocated with, or {@link #NOT_COUNTED}. */
    int id();

    /** @return the counter's label, for people: unique across families, at most 380 ASCII characters. */
    String label();

    /**
     * Allocates this counter in the manager; call on the one thread that allocates in that manager.
     *
     * @param countersManager to allocate in.
     * @return the new counter, its type id {@link #id()}.
     * @throws IllegalStateException when the manager is full or this descriptor is {@link #NOT_COUNTED}.
     */
    default AtomicCounter newCounter(final CountersManager countersManager)
    {
        if (id() == NOT_COUNTED)
        {
            throw new IllegalStateException("not a counter: " + this);
        }
        return countersManager.newCounter(label(), id());
    }

    /**
     * Allocates one counter per descriptor, in array order, skipping those whose id is {@link #NOT_COUNTED};
     * call on the one thread that allocates in that manager.
     *
     * @param countersManager to allocate in.
     * @param descriptors     the constants of one family, as {@code values()} returns them.
     * @return counters indexed like {@code descriptors} (so by ordinal for an enum's {@code values()}), null
     * where a descriptor is not counted.
     */
    static AtomicCounter[] newCounters(final CountersManager countersManager, final CounterDescriptor[] descriptors)
    {
        final AtomicCounter[] counters = new AtomicCounter[descriptors.length];
        for (int i = 0; i < descriptors.length; i++)
        {
            if (descriptors[i].id() != NOT_COUNTED)
            {
                counters[i] = descriptors[i].newCounter(countersManager);
            }
        }
        return counters;
    }

    /** @return how many of the descriptors get a counter from {@link #newCounters}. */
    static int countedIn(final CounterDescriptor[] descriptors)
    {
        int count = 0;
        for (final CounterDescriptor d : descriptors)
        {
            count += d.id() != NOT_COUNTED ? 1 : 0;
        }
        return count;
    }
}
