package org.ipop.engine.control;

/**
 * Why a frame was handed to the control plane instead of forwarded: a frame read from the TAP
 * ({@link EngineEventHandler#onTapFrame}) or a DATA frame received from a peer ({@link EngineEventHandler#onPeerFrame}).
 * The reasons of punt rules ({@link EngineProxy#addPuntRule}) are the control plane's choice in 1..255; these are
 * the ones it uses.
 */
public final class PuntReason
{
    /** An ARP frame (proxy ARP is the control plane's job). */
    public static final int ARP = 1;
    /** IPv4 UDP matching a punt rule the control plane registered for its DHCP server. */
    public static final int DHCP = 2;
    /** IPv4 UDP matching a punt rule the control plane registered for its DNS server. */
    public static final int DNS = 3;
    /** Unicast IPv4 whose destination has no usable route (unknown address, no edge). */
    public static final int NO_ROUTE = 4;
    /** IPv4 to a broadcast or multicast address. */
    public static final int BROADCAST = 5;
    /**
     * A DATA frame from a peer whose IPv4 source address has no route here, so the engine cannot tell whether
     * it belongs to the sender: the control plane resolves the owner and delivers the frame or drops it.
     */
    public static final int SOURCE_UNKNOWN = 6;

    private PuntReason()
    {
    }

    /** @return a short name for logs and tools. */
    public static String name(final int reason)
    {
        switch (reason)
        {
            case ARP: return "ARP";
            case DHCP: return "DHCP";
            case DNS: return "DNS";
            case NO_ROUTE: return "NO_ROUTE";
            case BROADCAST: return "BROADCAST";
            case SOURCE_UNKNOWN: return "SOURCE_UNKNOWN";
            default: return "UNKNOWN(" + reason + ")";
        }
    }
}
