package org.ipop.overlay.address;

import org.ipop.overlay.service.frame.Ipv4Address;

/**
 * An IPv4 transport address: an IPv4 address and a UDP port. The control plane and the tables hold it packed
 * into one {@code long} (static helpers, no allocation): bits 47..16 the IPv4 address, bits 15..0 the port.
 * Configuration and tools hold it as this value, parsed from and printed as {@code A.B.C.D:PORT}.
 *
 * @param ipv4 the address as {@code (a << 24) | (b << 16) | (c << 8) | d}.
 * @param port the UDP port, 0..65535.
 */
public record TransportAddress(int ipv4, int port)
{
    /** A packed value that is never a valid transport address. */
    public static final long NONE = -1L;

    /**
     * @throws IllegalArgumentException when {@code port} is outside 0..65535.
     */
    public TransportAddress
    {
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("not a port in 0..65535: " + port);
        }
    }

    /**
     * Parses {@code A.B.C.D:PORT}; leading and trailing whitespace is ignored.
     *
     * @param text the address and port.
     * @return the transport address.
     * @throws IllegalArgumentException naming what was expected when {@code text} is not an IPv4 address and port.
     */
    public static TransportAddress parse(final String text)
    {
        final int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("IPV4:PORT such as 192.0.2.1:4789");
        }
        final int ip;
        try
        {
            ip = Ipv4Address.parse(text.substring(0, colon));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("IPV4:PORT such as 192.0.2.1:4789", ex);
        }
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(colon + 1).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("IPV4:PORT with a numeric port", ex);
        }
        if (port < 0 || port > 0xFFFF)
        {
            throw new IllegalArgumentException("a port in 0..65535");
        }
        return new TransportAddress(ip, port);
    }

    /**
     * @return this address packed as {@link #pack(int, int)} does.
     */
    public long pack()
    {
        return pack(ipv4, port);
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
        return Ipv4Address.toString(ip(packed)) + ":" + port(packed);
    }

    /**
     * @return dotted form with port, e.g. {@code 10.0.0.1:4000}.
     */
    @Override
    public String toString()
    {
        return Ipv4Address.toString(ipv4) + ":" + port;
    }
}
