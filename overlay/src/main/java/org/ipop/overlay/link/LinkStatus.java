package org.ipop.overlay.link;

/**
 * Status codes of a link reply.
 */
public final class LinkStatus
{
    /** The responder added the connection. */
    public static final int OK = 0;
    /** Realms differ. */
    public static final int REALM_MISMATCH = 1;
    /** The initiator reached itself. */
    public static final int CONNECT_TO_SELF = 2;
    /** The responder is itself linking to the initiator and wins the race (larger address). */
    public static final int IN_PROGRESS = 3;
    /** The responder already has a connection to the initiator over another edge. */
    public static final int ALREADY_CONNECTED = 4;
    /** The responder is not the node the initiator named. */
    public static final int TARGET_MISMATCH = 5;
    /** The responder is leaving the overlay. */
    public static final int DISCONNECTING = 6;
    /** The responder's connection table is full. */
    public static final int TABLE_FULL = 7;

    private LinkStatus()
    {
    }

    /**
     * @param status a code.
     * @return its name.
     */
    public static String name(final int status)
    {
        switch (status)
        {
            case OK: return "ok";
            case REALM_MISMATCH: return "realm-mismatch";
            case CONNECT_TO_SELF: return "connect-to-self";
            case IN_PROGRESS: return "in-progress";
            case ALREADY_CONNECTED: return "already-connected";
            case TARGET_MISMATCH: return "target-mismatch";
            case DISCONNECTING: return "disconnecting";
            case TABLE_FULL: return "table-full";
            default: return "unknown-" + status;
        }
    }
}
