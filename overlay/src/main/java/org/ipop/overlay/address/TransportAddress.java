package org.ipop.overlay.address;

/**
 * Packs an IPv4 transport address (address and UDP port) into one {@code long}:
 * bits 47..16 the IPv4 address, bits 15..0 the port. Static helpers only; no allocation.
 */
public final class TransportAddress
{
    /** A value that is never a valid transport address. */
    public static final long NONE = -1L;

    private TransportAddress()
    {
    }

    /**
     * @param ip   IPv4 address in network order read as an int (a.b.c.d = a<<24|b<<16|c<<8|d).
     * @param port UDP port, 0..65535.
     * @return the packed value.
     */
    public static long pack(final int ip, final int port)
    {
        return ((ip & 0xFFFF_FFFFL) << 16) | (port & 0xFFFF);
    }

    /**
     * @param packed value from {@link #pack(int, int)}.
     * @return the IPv4 address.
     */
    public static int ip(final long packed)
    {
        return (int)(packed >>> 16);
    }

    /**
     * @param packed value from {@link #pack(int, int)}.
     * @return the port.
     */
    public static int port(final long packed)
    {
        return (int)(packed & 0xFFFF);
    }

    /**
     * @param packed value from {@link #pack(int, int)}.
     * @return dotted form with port, e.g. {@code 10.0.0.1:4000}.
     */
    public static String toString(final long packed)
    {
        final int ip = ip(packed);
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF) +
            ":" + port(packed);
    }
}
