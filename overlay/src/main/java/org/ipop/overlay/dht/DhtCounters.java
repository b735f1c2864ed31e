package org.ipop.overlay.dht;

import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.FamilyCounters;
import org.ipop.engine.status.PrivateCountersManager;

/**
 * The values of one node's DHT counters ({@link DhtCounter}): in the node's counters file when the node runs,
 * in private memory in a simulator or a test. Written on the control-plane thread only (single-writer release
 * stores), readable from any thread.
 */
public final class DhtCounters extends FamilyCounters<DhtCounter>
{
    private static final DhtCounter[] DESCRIPTORS = DhtCounter.values();

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
        super(countersManager, DESCRIPTORS);
    }
}
