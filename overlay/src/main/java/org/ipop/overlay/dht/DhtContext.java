package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * Settings of a {@link ReplicatedDht}, fluent, validated once by {@link #conclude()}. Every node of an overlay must
 * use the same replica count. The settings are journaled when the DHT is attached ({@link #encode}), so a replay
 * builds the same DHT.
 */
public final class DhtContext
{
    /** Length of {@link #encode}'s output. */
    public static final int ENCODED_LENGTH = 48;
    /** Length of encodings journaled before the epoch offset was added (read as offset 0). */
    public static final int ENCODED_LENGTH_V1 = 40;

    private int replicas = 8;
    private int maxSends = 5;
    private long minRequestTimeoutNs = 1_000_000_000L;
    private int maxValuesPerKey = 1024;
    private int maxGetValues = 4096;
    private int maxTtlSeconds = 7 * 24 * 3600;
    private long sweepIntervalNs = 5_000_000_000L;
    private long epochOffsetMs;
    private boolean concluded;

    /**
     * @param replicas replicas per key, a power of two from 1 to 64 (Brunet: 8).
     * @return this.
     */
    public DhtContext replicas(final int replicas)
    {
        this.replicas = replicas;
        return this;
    }

    /** @return replicas per key. */
    public int replicas()
    {
        return replicas;
    }

    /** @return replicas that must agree for an operation to succeed: replicas / 2 + 1. */
    public int majority()
    {
        return replicas / 2 + 1;
    }

    /**
     * @param maxSends sends of one request to one replica before it counts as failed (1 to 20).
     * @return this.
     */
    public DhtContext maxSends(final int maxSends)
    {
        this.maxSends = maxSends;
        return this;
    }

    /** @return sends of one request to one replica. */
    public int maxSends()
    {
        return maxSends;
    }

    /**
     * @param ns least time before a request is resent (the control plane's adaptive timeout x4 when larger).
     * @return this.
     */
    public DhtContext minRequestTimeoutNs(final long ns)
    {
        this.minRequestTimeoutNs = ns;
        return this;
    }

    /** @return least resend interval in ns. */
    public long minRequestTimeoutNs()
    {
        return minRequestTimeoutNs;
    }

    /**
     * @param max live values one replica keeps under one key; further puts get {@link DhtStatus#TOO_LARGE}.
     * @return this.
     */
    public DhtContext maxValuesPerKey(final int max)
    {
        this.maxValuesPerKey = max;
        return this;
    }

    /** @return live values per key per replica. */
    public int maxValuesPerKey()
    {
        return maxValuesPerKey;
    }

    /**
     * @param max values one get collects from one replica, page by page.
     * @return this.
     */
    public DhtContext maxGetValues(final int max)
    {
        this.maxGetValues = max;
        return this;
    }

    /** @return values one get collects per replica. */
    public int maxGetValues()
    {
        return maxGetValues;
    }

    /**
     * @param seconds largest TTL accepted.
     * @return this.
     */
    public DhtContext maxTtlSeconds(final int seconds)
    {
        this.maxTtlSeconds = seconds;
        return this;
    }

    /** @return largest TTL accepted, in seconds. */
    public int maxTtlSeconds()
    {
        return maxTtlSeconds;
    }

    /**
     * @param ns interval between sweeps of expired values.
     * @return this.
     */
    public DhtContext sweepIntervalNs(final long ns)
    {
        this.sweepIntervalNs = ns;
        return this;
    }

    /** @return interval between sweeps of expired values, in ns. */
    public long sweepIntervalNs()
    {
        return sweepIntervalNs;
    }

    /**
     * Ties the journaled clock to wall-clock time for signed records' absolute expiries: epoch milliseconds are
     * {@code epochOffsetMs + nowNs / 1e6}. Set once when the node starts (wall-clock ms minus the input clock's ms);
     * it is journaled with the settings, so a replay sees the same epoch time as the live node did.
     *
     * @param epochOffsetMs epoch milliseconds at journaled time zero (default 0: a simulator's virtual epoch).
     * @return this.
     */
    public DhtContext epochOffsetMs(final long epochOffsetMs)
    {
        this.epochOffsetMs = epochOffsetMs;
        return this;
    }

    /** @return epoch milliseconds at journaled time zero. */
    public long epochOffsetMs()
    {
        return epochOffsetMs;
    }

    /**
     * @param nowNs journaled time.
     * @return the same instant in epoch milliseconds.
     */
    public long epochMillis(final long nowNs)
    {
        return epochOffsetMs + Math.floorDiv(nowNs, 1_000_000L);
    }

    /**
     * Validates once.
     *
     * @return this.
     * @throws IllegalArgumentException on a bad setting.
     */
    public DhtContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (replicas < 1 || replicas > 64 || Integer.bitCount(replicas) != 1)
        {
            throw new IllegalArgumentException("replicas must be a power of two in 1..64: " + replicas);
        }
        if (maxSends < 1 || maxSends > 20)
        {
            throw new IllegalArgumentException("maxSends must be in 1..20: " + maxSends);
        }
        if (minRequestTimeoutNs <= 0 || sweepIntervalNs <= 0)
        {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxValuesPerKey < 1 || maxGetValues < 1 || maxTtlSeconds < 1)
        {
            throw new IllegalArgumentException("limits must be positive");
        }
        concluded = true;
        return this;
    }

    /**
     * @param buffer to write to.
     * @param offset where.
     * @return bytes written ({@link #ENCODED_LENGTH}).
     */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, replicas, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + 4, maxSends, Flyweight.WIRE_ORDER);
        buffer.putLong(offset + 8, minRequestTimeoutNs, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + 16, maxValuesPerKey, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + 20, maxGetValues, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + 24, maxTtlSeconds, Flyweight.WIRE_ORDER);
        buffer.putLong(offset + 28, sweepIntervalNs, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + 36, 0, Flyweight.WIRE_ORDER);
        buffer.putLong(offset + 40, epochOffsetMs, Flyweight.WIRE_ORDER);
        return ENCODED_LENGTH;
    }

    /**
     * @param buffer holding an encoding.
     * @param offset of it.
     * @param length of it.
     * @return the concluded settings.
     * @throws IllegalArgumentException if too short or invalid.
     */
    public static DhtContext decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < ENCODED_LENGTH_V1)
        {
            throw new IllegalArgumentException("DHT settings too short: " + length);
        }
        return new DhtContext()
            .replicas(buffer.getInt(offset, Flyweight.WIRE_ORDER))
            .maxSends(buffer.getInt(offset + 4, Flyweight.WIRE_ORDER))
            .minRequestTimeoutNs(buffer.getLong(offset + 8, Flyweight.WIRE_ORDER))
            .maxValuesPerKey(buffer.getInt(offset + 16, Flyweight.WIRE_ORDER))
            .maxGetValues(buffer.getInt(offset + 20, Flyweight.WIRE_ORDER))
            .maxTtlSeconds(buffer.getInt(offset + 24, Flyweight.WIRE_ORDER))
            .sweepIntervalNs(buffer.getLong(offset + 28, Flyweight.WIRE_ORDER))
            .epochOffsetMs(length >= ENCODED_LENGTH ? buffer.getLong(offset + 40, Flyweight.WIRE_ORDER) : 0)
            .conclude();
    }
}
