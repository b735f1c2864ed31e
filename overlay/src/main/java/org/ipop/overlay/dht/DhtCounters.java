package org.ipop.overlay.dht;

/**
 * Counters of one node's DHT, readable from any thread as plain longs (written on the control-plane thread).
 */
public final class DhtCounters
{
    /** Operations started (after validation). */
    public static final int OPS_STARTED = 0;
    /** Operations that ended OK. */
    public static final int OPS_OK = 1;
    /** Operations that ended with another status. */
    public static final int OPS_FAILED = 2;
    /** Requests sent to replicas, resends included. */
    public static final int REQUESTS_SENT = 3;
    /** Requests resent after a timeout. */
    public static final int REQUESTS_RESENT = 4;
    /** Requests served by this node as a replica. */
    public static final int REQUESTS_SERVED = 5;
    /** Replies received for a live operation. */
    public static final int REPLIES = 6;
    /** Replies for no live operation (late or duplicate). */
    public static final int REPLIES_LATE = 7;
    /** Copies sent to backups and new neighbours. */
    public static final int COPIES_SENT = 8;
    /** Copies received. */
    public static final int COPIES_RECEIVED = 9;
    /** Values written back to replicas that missed them (read repair). */
    public static final int WRITE_BACKS = 10;
    /** Operations refused as too large (client or replica side). */
    public static final int TOO_LARGE = 11;
    /** DHT messages dropped: truncated, hostile or inconsistent. */
    public static final int DROP_MALFORMED = 12;
    /** DHT messages that could not be routed. */
    public static final int DROP_NO_ROUTE = 13;
    /** Values removed by expiry. */
    public static final int VALUES_EXPIRED = 14;
    /** Number of counters. */
    public static final int COUNT = 15;

    private static final String[] NAMES = {
        "ops started", "ops ok", "ops failed", "requests sent", "requests resent", "requests served", "replies",
        "replies late", "copies sent", "copies received", "write-backs", "too large", "drop malformed",
        "drop no route", "values expired"
    };

    private final long[] values = new long[COUNT];

    /**
     * @param id counter id.
     */
    public void increment(final int id)
    {
        values[id]++;
    }

    /**
     * @param id counter id.
     * @param n  amount to add.
     */
    public void add(final int id, final long n)
    {
        values[id] += n;
    }

    /**
     * @param id counter id.
     * @return its value.
     */
    public long get(final int id)
    {
        return values[id];
    }

    /**
     * @param id counter id.
     * @return its name.
     */
    public static String name(final int id)
    {
        return NAMES[id];
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < COUNT; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(NAMES[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
