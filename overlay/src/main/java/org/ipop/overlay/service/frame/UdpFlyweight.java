package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.service.DropReason;

/**
 * View over a UDP header (RFC 768).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Length             |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          payload ...                          |
 * </pre>
 * The checksum covers a pseudo-header (source, destination, zero, protocol, UDP length), the header and
 * the payload; a transmitted 0 means "no checksum", a computed 0 is sent as 0xFFFF.
 * Thread: one instance per thread. Call {@link #validate()} before any accessor.
 */
public final class UdpFlyweight extends Flyweight
{
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;

    public UdpFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the datagram; not copied.
     * @param offset of the UDP header.
     * @param length of the IP payload (the UDP length field must not exceed it).
     * @return this.
     */
    public UdpFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /**
     * @return {@link DropReason#NONE} if the header and the length it declares are available.
     */
    public DropReason validate()
    {
        if (length() < HEADER_LENGTH)
        {
            return DropReason.UDP_TRUNCATED;
        }
        final int udpLength = udpLength();
        if (udpLength < HEADER_LENGTH)
        {
            return DropReason.UDP_BAD_LENGTH;
        }
        if (udpLength > length())
        {
            return DropReason.UDP_TRUNCATED;
        }
        return DropReason.NONE;
    }

    /**
     * @return source port.
     */
    public int sourcePort()
    {
        return uint16(SOURCE_PORT_OFFSET);
    }

    /**
     * @return destination port.
     */
    public int destinationPort()
    {
        return uint16(DESTINATION_PORT_OFFSET);
    }

    /**
     * @return length field (header plus payload).
     */
    public int udpLength()
    {
        return uint16(LENGTH_OFFSET);
    }

    /**
     * @return checksum field.
     */
    public int checksum()
    {
        return uint16(CHECKSUM_OFFSET);
    }

    /**
     * @return absolute offset of the payload.
     */
    public int payloadOffset()
    {
        return offset() + HEADER_LENGTH;
    }

    /**
     * @return payload length per the length field.
     */
    public int payloadLength()
    {
        return udpLength() - HEADER_LENGTH;
    }

    /**
     * @param sourceIp      from the IPv4 header.
     * @param destinationIp from the IPv4 header.
     * @return true if the checksum is absent (0) or verifies.
     */
    public boolean isChecksumValid(final int sourceIp, final int destinationIp)
    {
        if (checksum() == 0)
        {
            return true;
        }
        final int udpLength = udpLength();
        return InternetChecksum.fold(sum(buffer(), offset(), udpLength, sourceIp, destinationIp)) == 0xFFFF;
    }

    /**
     * Computes the checksum of a datagram whose checksum field is zero.
     *
     * @param buffer        holding the datagram.
     * @param offset        of the UDP header.
     * @param udpLength     header plus payload.
     * @param sourceIp      source address.
     * @param destinationIp destination address.
     * @return the value to store (never 0: a computed 0 becomes 0xFFFF).
     */
    public static int computeChecksum(
        final DirectBuffer buffer, final int offset, final int udpLength, final int sourceIp, final int destinationIp)
    {
        final int checksum = InternetChecksum.finish(sum(buffer, offset, udpLength, sourceIp, destinationIp));
        return checksum == 0 ? 0xFFFF : checksum;
    }

    private static long sum(
        final DirectBuffer buffer, final int offset, final int udpLength, final int sourceIp, final int destinationIp)
    {
        return InternetChecksum.add(buffer, offset, udpLength,
            InternetChecksum.pseudoHeader(sourceIp, destinationIp, Ipv4Flyweight.PROTOCOL_UDP, udpLength));
    }
}
