package org.ipop.overlay.control;

import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.wire.NeighbourEntries;

/**
 * The transport addresses peers report seeing this node at (the source address of its link requests as the
 * peer observed it: a NAT's public mapping, for instance), with how many reports each got. The node advertises
 * its local transport first and then these, in the order they were first reported, in its link and connect-to
 * messages. At most {@link #CAPACITY} are kept; later new ones are ignored (the first ones win, which keeps the
 * view deterministic under replay).
 * <p>
 * Record with {@link #record}; query the current view with {@link #count}, {@link #transport} and
 * {@link #reports}. Control-plane thread only; allocates nothing except {@link #toArray}.
 */
public final class ObservedTransports
{
    /** Most observed transports kept: what fits in a message beside the local transport. */
    public static final int CAPACITY = NeighbourEntries.MAX_TRANSPORTS - 1;

    private final long localTransport;
    private final long[] observed = new long[CAPACITY];
    private final int[] reports = new int[CAPACITY];
    private int count;

    /**
     * @param localTransport the node's own (bound) transport address; reports of it are not recorded.
     */
    ObservedTransports(final long localTransport)
    {
        this.localTransport = localTransport;
    }

    /**
     * Records that {@code reporter} saw this node at {@code transport}.
     *
     * @param transport packed transport address the peer observed.
     * @param reporter  the peer that reported it (not kept today; the NAT work may weigh reports by reporter).
     */
    public void record(final long transport, final Address reporter)
    {
        if (transport == localTransport)
        {
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (observed[i] == transport)
            {
                reports[i]++;
                return;
            }
        }
        if (count < observed.length)
        {
            observed[count] = transport;
            reports[count] = 1;
            count++;
        }
    }

    /** @return number of distinct observed transports, at most {@link #CAPACITY}. */
    public int count()
    {
        return count;
    }

    /**
     * @param index in [0, {@link #count()}), in order of first report.
     * @return the packed transport address.
     */
    public long transport(final int index)
    {
        return observed[index];
    }

    /**
     * @param index in [0, {@link #count()}).
     * @return how many times it was reported.
     */
    public int reports(final int index)
    {
        return reports[index];
    }

    /** @return a copy of the observed transports in order of first report. */
    public long[] toArray()
    {
        final long[] r = new long[count];
        System.arraycopy(observed, 0, r, 0, count);
        return r;
    }

    /**
     * Writes the transports this node advertises: the local one, then the observed ones.
     *
     * @param buffer destination.
     * @param offset of the first transport entry.
     * @return entries written.
     */
    int writeTransports(final MutableDirectBuffer buffer, final int offset)
    {
        NeighbourEntries.putTransport(buffer, offset, localTransport);
        for (int i = 0; i < count; i++)
        {
            NeighbourEntries.putTransport(buffer, offset + (i + 1) * NeighbourEntries.TRANSPORT_LENGTH, observed[i]);
        }
        return 1 + count;
    }
}
