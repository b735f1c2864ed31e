package org.ipop.overlay.service.frame;

/**
 * An IPv4 address held in an int, first octet most significant (network order read big-endian): the one
 * parser and printer of dotted quads for the overlay and the tools (configuration, status, logs).
 */
public final class Ipv4Address
{
    /** 0.0.0.0. */
    public static final int ANY = 0;
    /** 255.255.255.255. */
    public static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    private Ipv4Address()
    {
    }

    /**
     * @param text dotted quad of decimal octets; leading and trailing whitespace is ignored.
     * @return the address.
     * @throws IllegalArgumentException if null or malformed.
     */
    public static int parse(final String text)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("not an IPv4 address: null");
        }
        final String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int ip = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + text, ex);
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    /**
     * @param ip the address.
     * @return dotted quad.
     */
    public static String toString(final int ip)
    {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /**
     * @param prefixLength 0 to 32.
     * @return the netmask.
     */
    public static int mask(final int prefixLength)
    {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
