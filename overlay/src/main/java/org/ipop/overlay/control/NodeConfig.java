package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.address.Address;

import java.util.Arrays;

/**
 * Settings of one control plane, with fluent setters and {@link #conclude()} to validate once. Everything
 * here that affects decisions is journaled with the start record (see {@link #encode}), so a replay builds an
 * identical control plane from the journal alone. Times are in nanoseconds of the journaled clock.
 */
public final class NodeConfig
{
    /** Largest encoded size. */
    public static final int MAX_ENCODED_LENGTH = 256;
    /** Most bootstrap addresses kept. */
    public static final int MAX_BOOTSTRAPS = 16;

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private int realm = 0x1F0F;
    private Address address;
    private long localTransport = -1;
    private long seed;
    private long[] bootstraps = new long[0];
    private long tickNs = 500 * MS;
    private long pingIdleNs = 15 * S;
    private long edgeTimeoutNs = 30 * S;
    private int maxSends = 6;
    private int nearPerSide = 2;
    private int trimPlaces = 4;
    private int leafTarget = 2;
    private int maxConnections = 2048;
    private double shortcutFactor = 1.0;
    private long statusIntervalNs = 5 * S;
    private long searchIntervalNs = 30 * S;
    private long leafLifetimeNs = 10 * S;
    private long ringCheckIntervalNs = 300 * S;
    private long rttInitialNs = 1 * S;
    private long rttMinNs = 200 * MS;
    private long rttMaxNs = 4 * S;
    private double onDemandHigh = 64;
    private double onDemandLow = 4;

    /**
     * @param realm realm id; nodes of other realms refuse links.
     * @return this.
     */
    public NodeConfig realm(final int realm)
    {
        this.realm = realm;
        return this;
    }

    /**
     * @param address the node's overlay address (class bit set).
     * @return this.
     */
    public NodeConfig address(final Address address)
    {
        this.address = address;
        return this;
    }

    /**
     * @param transport packed local transport address the node listens on.
     * @return this.
     */
    public NodeConfig localTransport(final long transport)
    {
        this.localTransport = transport;
        return this;
    }

    /**
     * @param seed seed of the node's random generator.
     * @return this.
     */
    public NodeConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /**
     * @param bootstraps packed transport addresses of bootstrap nodes.
     * @return this.
     */
    public NodeConfig bootstraps(final long... bootstraps)
    {
        this.bootstraps = Arrays.copyOf(bootstraps, Math.min(bootstraps.length, MAX_BOOTSTRAPS));
        return this;
    }

    /**
     * @param factor structured shortcuts per node = ceil(factor * log2 of the estimated size).
     * @return this.
     */
    public NodeConfig shortcutFactor(final double factor)
    {
        this.shortcutFactor = factor;
        return this;
    }

    /**
     * @param tickNs period of timer ticks (Brunet's heartbeat, 500 ms).
     * @return this.
     */
    public NodeConfig tickNs(final long tickNs)
    {
        this.tickNs = tickNs;
        return this;
    }

    /**
     * @param leafTarget bootstrap links a joining node makes.
     * @return this.
     */
    public NodeConfig leafTarget(final int leafTarget)
    {
        this.leafTarget = leafTarget;
        return this;
    }

    /**
     * @param intervalNs mean interval of ring checks through a bootstrap node (which merge rings split by a
     *                   partition); 0 disables them.
     * @return this.
     */
    public NodeConfig ringCheckIntervalNs(final long intervalNs)
    {
        this.ringCheckIntervalNs = intervalNs;
        return this;
    }

    /**
     * @param maxConnections most connections; link requests for more are refused.
     * @return this.
     */
    public NodeConfig maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * Validates the settings.
     *
     * @return this.
     * @throws IllegalStateException if a setting is missing or out of range.
     */
    public NodeConfig conclude()
    {
        if (address == null || address.addressClass() != Address.NODE_CLASS)
        {
            throw new IllegalStateException("a node address with the node class bit is required");
        }
        if (localTransport == -1)
        {
            throw new IllegalStateException("local transport address is required");
        }
        if (tickNs <= 0 || ringCheckIntervalNs < 0 || nearPerSide < 1 || trimPlaces <= nearPerSide || maxSends < 1 || shortcutFactor < 0 ||
            maxConnections < 2 * nearPerSide + 1)
        {
            throw new IllegalStateException("invalid timing or table settings");
        }
        return this;
    }

    /** @return realm id. */
    public int realm()
    {
        return realm;
    }

    /** @return overlay address. */
    public Address address()
    {
        return address;
    }

    /** @return packed local transport address. */
    public long localTransport()
    {
        return localTransport;
    }

    /** @return random seed. */
    public long seed()
    {
        return seed;
    }

    /** @return bootstrap transport addresses (do not modify). */
    public long[] bootstraps()
    {
        return bootstraps;
    }

    /** @return tick period. */
    public long tickNs()
    {
        return tickNs;
    }

    /** @return idle time after which an edge is pinged. */
    public long pingIdleNs()
    {
        return pingIdleNs;
    }

    /** @return time after which an edge that never became a connection is dropped. */
    public long edgeTimeoutNs()
    {
        return edgeTimeoutNs;
    }

    /** @return sends of a request before giving up. */
    public int maxSends()
    {
        return maxSends;
    }

    /** @return near neighbours kept per side. */
    public int nearPerSide()
    {
        return nearPerSide;
    }

    /** @return a near-only connection this many places away on both sides is trimmed. */
    public int trimPlaces()
    {
        return trimPlaces;
    }

    /** @return most connections. */
    public int maxConnections()
    {
        return maxConnections;
    }

    /** @return bootstrap links a joining node makes. */
    public int leafTarget()
    {
        return leafTarget;
    }

    /** @return shortcut factor. */
    public double shortcutFactor()
    {
        return shortcutFactor;
    }

    /** @return interval of status messages to the nearest neighbours. */
    public long statusIntervalNs()
    {
        return statusIntervalNs;
    }

    /** @return interval of successor/predecessor searches that check the ring. */
    public long searchIntervalNs()
    {
        return searchIntervalNs;
    }

    /** @return how long a leaf link outlives a place on the ring. */
    public long leafLifetimeNs()
    {
        return leafLifetimeNs;
    }

    /** @return mean interval of ring checks through a bootstrap node, 0 if disabled. */
    public long ringCheckIntervalNs()
    {
        return ringCheckIntervalNs;
    }

    /** @return timeout before any round trip is measured. */
    public long rttInitialNs()
    {
        return rttInitialNs;
    }

    /** @return lowest adaptive timeout. */
    public long rttMinNs()
    {
        return rttMinNs;
    }

    /** @return highest adaptive timeout. */
    public long rttMaxNs()
    {
        return rttMaxNs;
    }

    /** @return traffic score above which an on-demand shortcut is made. */
    public double onDemandHigh()
    {
        return onDemandHigh;
    }

    /** @return traffic score below which an on-demand shortcut is dropped. */
    public double onDemandLow()
    {
        return onDemandLow;
    }

    /**
     * Encodes every setting (for the journal's start record), multi-byte fields in {@link Flyweight#WIRE_ORDER}.
     *
     * @param buffer destination, at least {@link #MAX_ENCODED_LENGTH} bytes from {@code offset}.
     * @param offset where to start.
     * @return bytes written.
     */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        int p = offset;
        buffer.putInt(p, realm, Flyweight.WIRE_ORDER);
        p += 4;
        address.write(buffer, p);
        p += Address.LENGTH;
        buffer.putLong(p, localTransport, Flyweight.WIRE_ORDER);
        p += 8;
        buffer.putLong(p, seed, Flyweight.WIRE_ORDER);
        p += 8;
        final long[] longs = {tickNs, pingIdleNs, edgeTimeoutNs, statusIntervalNs, searchIntervalNs, leafLifetimeNs,
            rttInitialNs, rttMinNs, rttMaxNs, ringCheckIntervalNs};
        for (final long v : longs)
        {
            buffer.putLong(p, v, Flyweight.WIRE_ORDER);
            p += 8;
        }
        final int[] ints = {maxSends, nearPerSide, trimPlaces, leafTarget, maxConnections};
        for (final int v : ints)
        {
            buffer.putInt(p, v, Flyweight.WIRE_ORDER);
            p += 4;
        }
        final double[] doubles = {shortcutFactor, onDemandHigh, onDemandLow};
        for (final double v : doubles)
        {
            buffer.putDouble(p, v, Flyweight.WIRE_ORDER);
            p += 8;
        }
        buffer.putInt(p, bootstraps.length, Flyweight.WIRE_ORDER);
        p += 4;
        for (final long b : bootstraps)
        {
            buffer.putLong(p, b, Flyweight.WIRE_ORDER);
            p += 8;
        }
        return p - offset;
    }

    /**
     * @param buffer source.
     * @param offset where the encoding starts.
     * @param length bytes available.
     * @return the decoded, concluded settings.
     * @throws IllegalArgumentException if the encoding is truncated or invalid.
     */
    public static NodeConfig decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int fixed = 4 + Address.LENGTH + 16 + 10 * 8 + 5 * 4 + 3 * 8 + 4;
        if (length < fixed)
        {
            throw new IllegalArgumentException("truncated node config");
        }
        final NodeConfig c = new NodeConfig();
        int p = offset;
        c.realm = buffer.getInt(p, Flyweight.WIRE_ORDER);
        p += 4;
        c.address = Address.read(buffer, p);
        p += Address.LENGTH;
        c.localTransport = buffer.getLong(p, Flyweight.WIRE_ORDER);
        p += 8;
        c.seed = buffer.getLong(p, Flyweight.WIRE_ORDER);
        p += 8;
        final long[] longs = new long[10];
        for (int i = 0; i < longs.length; i++, p += 8)
        {
            longs[i] = buffer.getLong(p, Flyweight.WIRE_ORDER);
        }
        c.tickNs = longs[0];
        c.pingIdleNs = longs[1];
        c.edgeTimeoutNs = longs[2];
        c.statusIntervalNs = longs[3];
        c.searchIntervalNs = longs[4];
        c.leafLifetimeNs = longs[5];
        c.rttInitialNs = longs[6];
        c.rttMinNs = longs[7];
        c.rttMaxNs = longs[8];
        c.ringCheckIntervalNs = longs[9];
        c.maxSends = buffer.getInt(p, Flyweight.WIRE_ORDER);
        c.nearPerSide = buffer.getInt(p + 4, Flyweight.WIRE_ORDER);
        c.trimPlaces = buffer.getInt(p + 8, Flyweight.WIRE_ORDER);
        c.leafTarget = buffer.getInt(p + 12, Flyweight.WIRE_ORDER);
        c.maxConnections = buffer.getInt(p + 16, Flyweight.WIRE_ORDER);
        p += 20;
        c.shortcutFactor = buffer.getDouble(p, Flyweight.WIRE_ORDER);
        c.onDemandHigh = buffer.getDouble(p + 8, Flyweight.WIRE_ORDER);
        c.onDemandLow = buffer.getDouble(p + 16, Flyweight.WIRE_ORDER);
        p += 24;
        final int n = buffer.getInt(p, Flyweight.WIRE_ORDER);
        p += 4;
        if (n < 0 || n > MAX_BOOTSTRAPS || length < fixed + n * 8)
        {
            throw new IllegalArgumentException("invalid bootstrap count " + n);
        }
        c.bootstraps = new long[n];
        for (int i = 0; i < n; i++, p += 8)
        {
            c.bootstraps[i] = buffer.getLong(p, Flyweight.WIRE_ORDER);
        }
        return c.conclude();
    }
}
