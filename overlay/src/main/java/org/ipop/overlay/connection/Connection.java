package org.ipop.overlay.connection;

import org.ipop.overlay.address.Address;

/**
 * One live connection to a peer over one edge, with the liveness bookkeeping the control plane keeps for it.
 * Owned and mutated by the control-plane thread only.
 */
public final class Connection
{
    private final Address peer;
    private final Address clockwiseOffset;
    private final long transport;
    private final long createdNs;
    private int types;
    private long lastHeardNs;
    private long pingToken;
    private int pingSends;
    private long pingDeadlineNs;
    private long pingSentNs;
    private boolean initiatedHere;

    /**
     * @param self      the local address (used to place the peer round the ring).
     * @param peer      the peer's address.
     * @param transport packed transport address frames to the peer go to.
     * @param types     initial type bits.
     * @param nowNs     creation time.
     */
    public Connection(final Address self, final Address peer, final long transport, final int types, final long nowNs)
    {
        this.peer = peer;
        this.clockwiseOffset = self.clockwiseTo(peer);
        this.transport = transport;
        this.types = types;
        this.createdNs = nowNs;
        this.lastHeardNs = nowNs;
    }

    /** @return the peer's overlay address. */
    public Address peer()
    {
        return peer;
    }

    /** @return (peer - self) mod 2^160. */
    public Address clockwiseOffset()
    {
        return clockwiseOffset;
    }

    /** @return packed transport address of the edge. */
    public long transport()
    {
        return transport;
    }

    /** @return type bits. */
    public int types()
    {
        return types;
    }

    /**
     * @param types new type bits.
     */
    public void types(final int types)
    {
        this.types = types;
    }

    /** @return creation time. */
    public long createdNs()
    {
        return createdNs;
    }

    /** @return last time a frame arrived from the peer. */
    public long lastHeardNs()
    {
        return lastHeardNs;
    }

    /**
     * Records that a frame arrived from the peer, cancelling any outstanding ping.
     *
     * @param nowNs receive time.
     */
    public void heard(final long nowNs)
    {
        lastHeardNs = nowNs;
        pingSends = 0;
        pingToken = 0;
    }

    /** @return token of the outstanding ping, 0 if none. */
    public long pingToken()
    {
        return pingToken;
    }

    /** @return sends of the outstanding ping so far. */
    public int pingSends()
    {
        return pingSends;
    }

    /** @return when the outstanding ping times out. */
    public long pingDeadlineNs()
    {
        return pingDeadlineNs;
    }

    /** @return when the outstanding ping was first sent. */
    public long pingSentNs()
    {
        return pingSentNs;
    }

    /**
     * @param token      ping token.
     * @param sends      sends so far.
     * @param deadlineNs time the current send times out.
     * @param sentNs     time of the first send.
     */
    public void ping(final long token, final int sends, final long deadlineNs, final long sentNs)
    {
        this.pingToken = token;
        this.pingSends = sends;
        this.pingDeadlineNs = deadlineNs;
        this.pingSentNs = sentNs;
    }

    /** @return true if this node initiated the link. */
    public boolean initiatedHere()
    {
        return initiatedHere;
    }

    /**
     * @param initiatedHere true if this node initiated the link.
     */
    public void initiatedHere(final boolean initiatedHere)
    {
        this.initiatedHere = initiatedHere;
    }

    @Override
    public String toString()
    {
        return peer.shortString() + "(" + ConnectionType.toString(types) + ")";
    }
}
