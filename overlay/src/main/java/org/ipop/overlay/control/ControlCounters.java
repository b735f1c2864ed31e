package org.ipop.overlay.control;

import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.FamilyCounters;
import org.ipop.engine.status.PrivateCountersManager;

/**
 * The values of one control plane's counters ({@link ControlCounter}): in the node's counters file when the
 * node runs, in private memory in a simulator, a replay or a test. Written by the control-plane thread only
 * (single-writer release stores); readers on other threads and processes may see slightly stale values.
 */
public final class ControlCounters extends FamilyCounters<ControlCounter>
{
    private static final ControlCounter[] DESCRIPTORS = ControlCounter.values();

    /** Counters in private memory, for a control plane without a counters file. */
    public ControlCounters()
    {
        this(PrivateCountersManager.forFamily(DESCRIPTORS));
    }

    /**
     * Allocates every {@link ControlCounter} in the manager; call on the thread that allocates in it.
     *
     * @param countersManager the node's (the counters file's) or a private one.
     */
    public ControlCounters(final CountersManager countersManager)
    {
        super(countersManager, DESCRIPTORS);
    }

    /** @return total frames dropped for any reason. */
    public long drops()
    {
        return get(ControlCounter.DROP_HEADER) + get(ControlCounter.DROP_UNKNOWN_TYPE) +
            get(ControlCounter.DROP_MALFORMED) + get(ControlCounter.DROP_NOT_CONNECTED) +
            get(ControlCounter.DROP_UNMATCHED) + get(ControlCounter.DROP_TTL) + get(ControlCounter.DROP_NO_ROUTE) +
            get(ControlCounter.DROP_LEFT);
    }
}
