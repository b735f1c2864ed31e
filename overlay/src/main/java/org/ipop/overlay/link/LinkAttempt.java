package org.ipop.overlay.link;

import org.ipop.overlay.address.Address;

/**
 * One outgoing link attempt: a request sent to every known transport address of a peer, resent until a
 * reply, a final failure, or the edge timeout. Owned by {@link Linker}.
 */
public final class LinkAttempt
{
    final long token;
    final long[] transports;
    final int transportCount;
    final Address target;
    final int types;
    final long startedNs;
    int sends;
    long lastSentNs;
    long deadlineNs;

    LinkAttempt(
        final long token, final long[] transports, final int transportCount, final Address target, final int types,
        final long startedNs)
    {
        this.token = token;
        this.transports = transports;
        this.transportCount = transportCount;
        this.target = target;
        this.types = types;
        this.startedNs = startedNs;
    }

    /** @return the token. */
    public long token()
    {
        return token;
    }

    /** @return the peer's address if known, else null (bootstrap links). */
    public Address target()
    {
        return target;
    }

    /** @return connection types requested. */
    public int types()
    {
        return types;
    }

    /** @return sends so far. */
    public int sends()
    {
        return sends;
    }

    /**
     * @param i index below {@link #transportCount()}.
     * @return packed transport address.
     */
    public long transport(final int i)
    {
        return transports[i];
    }

    /** @return number of transport addresses tried. */
    public int transportCount()
    {
        return transportCount;
    }
}
