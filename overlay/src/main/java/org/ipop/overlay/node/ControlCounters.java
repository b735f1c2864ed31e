package org.ipop.overlay.node;

/**
 * Counters of one control plane, indexed by the constants below. Written by the control-plane thread only;
 * readers on other threads may see slightly stale values.
 */
public final class ControlCounters
{
    /** Frames received. */
    public static final int FRAMES_IN = 0;
    /** Frames sent. */
    public static final int FRAMES_OUT = 1;
    /** Frames the transport refused. */
    public static final int SEND_FAILED = 2;
    /** Frames dropped: header invalid (short, wrong version). */
    public static final int DROP_HEADER = 3;
    /** Frames dropped: unknown type. */
    public static final int DROP_UNKNOWN_TYPE = 4;
    /** Frames dropped: truncated or out of limits for their type. */
    public static final int DROP_MALFORMED = 5;
    /** Frames dropped: from an address that is not a connection. */
    public static final int DROP_NOT_CONNECTED = 6;
    /** Frames dropped: reply matching no request. */
    public static final int DROP_UNMATCHED = 7;
    /** Routed frames dropped: TTL exhausted. */
    public static final int DROP_TTL = 8;
    /** Routed frames dropped: no route (exact destination missing). */
    public static final int DROP_NO_ROUTE = 9;
    /** Routed frames forwarded. */
    public static final int ROUTED_FORWARDED = 10;
    /** Routed frames delivered here. */
    public static final int ROUTED_DELIVERED = 11;
    /** Probes delivered here. */
    public static final int PROBES_DELIVERED = 12;
    /** Connections added. */
    public static final int CONNECTIONS_ADDED = 13;
    /** Connections removed. */
    public static final int CONNECTIONS_REMOVED = 14;
    /** Connections closed because a ping went unanswered. */
    public static final int EDGES_TIMED_OUT = 15;
    /** Pings sent (including resends). */
    public static final int PINGS_SENT = 16;
    /** Connect-to requests sent (including resends). */
    public static final int CTM_SENT = 17;
    /** Frames dropped: input after the node left. */
    public static final int DROP_LEFT = 18;
    /** Number of counters. */
    public static final int COUNT = 19;

    private static final String[] NAMES = {
        "frames-in", "frames-out", "send-failed", "drop-header", "drop-unknown-type", "drop-malformed",
        "drop-not-connected", "drop-unmatched", "drop-ttl", "drop-no-route", "routed-forwarded",
        "routed-delivered", "probes-delivered", "connections-added", "connections-removed", "edges-timed-out",
        "pings-sent", "ctm-sent", "drop-left"
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

    /** @return total frames dropped for any reason. */
    public long drops()
    {
        return values[DROP_HEADER] + values[DROP_UNKNOWN_TYPE] + values[DROP_MALFORMED] + values[DROP_NOT_CONNECTED] +
            values[DROP_UNMATCHED] + values[DROP_TTL] + values[DROP_NO_ROUTE] + values[DROP_LEFT];
    }
}
