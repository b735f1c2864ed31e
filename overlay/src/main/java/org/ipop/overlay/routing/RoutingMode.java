package org.ipop.overlay.routing;

/**
 * Routing mode codes carried in routed frames.
 */
public final class RoutingMode
{
    /** Forward to the connection nearest the destination; deliver where no connection is nearer. */
    public static final int GREEDY = 1;
    /** Greedy, then one step past the destination so both nodes bracketing it receive. */
    public static final int ANNEALING = 2;
    /** Greedy, delivered only at the node whose address equals the destination; dropped elsewhere. */
    public static final int EXACT = 3;
    /** Along the ring: the parameter is the signed number of neighbour steps (+ clockwise, - counter-clockwise). */
    public static final int DIRECTIONAL = 4;
    /** Delivered at the first node clockwise of the destination other than the source (ring repair and join). */
    public static final int SUCCESSOR = 5;
    /** Delivered at the first node counter-clockwise of the destination other than the source. */
    public static final int PREDECESSOR = 6;

    private RoutingMode()
    {
    }

    /**
     * @param mode a code.
     * @return true if the code names a mode.
     */
    public static boolean isValid(final int mode)
    {
        return mode >= GREEDY && mode <= PREDECESSOR;
    }

    /**
     * Default TTL: grows like (ln N)^3 as in Brunet, capped by the one-byte field.
     *
     * @param estimatedSize estimated number of nodes.
     * @return the TTL to start routed messages with.
     */
    public static int defaultTtl(final double estimatedSize)
    {
        final double ln = Math.log(Math.max(estimatedSize, 2.0));
        return (int)Math.max(16, Math.min(255, Math.ceil(ln * ln * ln)));
    }
}
