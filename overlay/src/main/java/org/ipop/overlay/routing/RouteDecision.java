package org.ipop.overlay.routing;

import org.ipop.overlay.connection.Connection;

/**
 * The outcome of one routing step, reused by {@link Router} (one instance per router; not thread safe).
 */
public final class RouteDecision
{
    boolean deliver;
    Connection next;
    int nextFlags;
    int nextParam;

    /** @return true if the local node is a destination of the message. */
    public boolean deliver()
    {
        return deliver;
    }

    /** @return the connection to forward on, or null if the message goes no further. */
    public Connection next()
    {
        return next;
    }

    /** @return flags the forwarded copy carries. */
    public int nextFlags()
    {
        return nextFlags;
    }

    /** @return mode parameter the forwarded copy carries. */
    public int nextParam()
    {
        return nextParam;
    }

    void reset(final int flags, final int param)
    {
        deliver = false;
        next = null;
        nextFlags = flags;
        nextParam = param;
    }
}
