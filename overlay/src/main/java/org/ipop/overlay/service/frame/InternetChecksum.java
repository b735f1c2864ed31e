package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
 */
public final class InternetChecksum
{
    private InternetChecksum()
    {
    }

    /**
     * Adds the bytes to a running sum; an odd last byte is padded with zero.
     *
     * @param buffer to read; the caller has checked the range.
     * @param index  of the first byte.
     * @param length in bytes.
     * @param sum    running sum from a previous call or 0.
     * @return the new, unfolded, running sum.
     */
    public static long add(final DirectBuffer buffer, final int index, final int length, final long sum)
    {
        long acc = sum;
        final int end = index + (length & ~1);
        for (int i = index; i < end; i += 2)
        {
            acc += ((buffer.getByte(i) & 0xFF) << 8) | (buffer.getByte(i + 1) & 0xFF);
        }
        if ((length & 1) != 0)
        {
            acc += (buffer.getByte(end) & 0xFF) << 8;
        }
        return acc;
    }

    /**
     * @param sum running sum.
     * @return the sum folded to 16 bits (not complemented).
     */
    public static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)s;
    }

    /**
     * @param sum running sum.
     * @return the checksum to store: the complement of the folded sum.
     */
    public static int finish(final long sum)
    {
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Sum of the IPv4 pseudo-header used by UDP and TCP.
     *
     * @param source      address.
     * @param destination address.
     * @param protocol    number.
     * @param length      of the transport header plus payload.
     * @return the unfolded sum.
     */
    public static long pseudoHeader(final int source, final int destination, final int protocol, final int length)
    {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) +
            protocol + length;
    }
}
