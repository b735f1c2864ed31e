package org.ipop.overlay.connection;

/**
 * Connection type bits. One connection to a peer may serve several roles at once, so types are a bit set.
 */
public final class ConnectionType
{
    /** Bootstrap link made before the node has a place on the ring. */
    public static final int LEAF = 1;
    /** Structured near: one of the nearest neighbours on either side. */
    public static final int NEAR = 2;
    /** Structured shortcut: a Symphony far link. */
    public static final int SHORTCUT = 4;
    /** On-demand shortcut created for traffic to one destination. */
    public static final int ON_DEMAND = 8;
    /** All valid bits. */
    public static final int ALL = LEAF | NEAR | SHORTCUT | ON_DEMAND;

    private ConnectionType()
    {
    }

    /**
     * @param types type bits.
     * @return a short readable form such as {@code near|shortcut}.
     */
    public static String toString(final int types)
    {
        final StringBuilder sb = new StringBuilder();
        if ((types & LEAF) != 0)
        {
            sb.append("leaf|");
        }
        if ((types & NEAR) != 0)
        {
            sb.append("near|");
        }
        if ((types & SHORTCUT) != 0)
        {
            sb.append("shortcut|");
        }
        if ((types & ON_DEMAND) != 0)
        {
            sb.append("ondemand|");
        }
        return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 1);
    }
}
