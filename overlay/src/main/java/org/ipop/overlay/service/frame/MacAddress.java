package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * A 48-bit MAC address held in the low 48 bits of a long, first octet most significant.
 */
public final class MacAddress
{
    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** Number of octets. */
    public static final int LENGTH = 6;

    private MacAddress()
    {
    }

    /**
     * @param buffer to read from; the caller has checked that 6 bytes are available.
     * @param index  of the first octet.
     * @return the address.
     */
    public static long get(final DirectBuffer buffer, final int index)
    {
        return ((long)(buffer.getShort(index, Flyweight.NETWORK_ORDER) & 0xFFFF) << 32) |
            (buffer.getInt(index + 2, Flyweight.NETWORK_ORDER) & 0xFFFF_FFFFL);
    }

    /**
     * @param buffer to write to.
     * @param index  of the first octet.
     * @param mac    the address.
     */
    public static void put(final MutableDirectBuffer buffer, final int index, final long mac)
    {
        buffer.putShort(index, (short)(mac >>> 32), Flyweight.NETWORK_ORDER);
        buffer.putInt(index + 2, (int)mac, Flyweight.NETWORK_ORDER);
    }

    /**
     * @param mac the address.
     * @return true for group (multicast or broadcast) addresses.
     */
    public static boolean isMulticast(final long mac)
    {
        return ((mac >>> 40) & 1) != 0;
    }

    /**
     * @param mac the address.
     * @return true if the locally administered bit is set.
     */
    public static boolean isLocallyAdministered(final long mac)
    {
        return ((mac >>> 40) & 2) != 0;
    }

    /**
     * @param text such as {@code 02:00:5e:10:00:01}.
     * @return the address.
     * @throws IllegalArgumentException if malformed.
     */
    public static long parse(final String text)
    {
        final String[] parts = text.split(":");
        if (parts.length != LENGTH)
        {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            final int octet = Integer.parseInt(part, 16);
            if (part.length() > 2 || octet < 0 || octet > 255)
            {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | octet;
        }
        return mac;
    }

    /**
     * @param mac the address.
     * @return colon-separated lower-case hex.
     */
    public static String toString(final long mac)
    {
        final StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            final int octet = (int)(mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
            if (shift > 0)
            {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
