package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.service.DropReason;

/**
 * View over an ICMP echo message (RFC 792); other ICMP types share the first four bytes.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Identifier          |        Sequence Number        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Data ...
 * </pre>
 * The checksum covers the whole ICMP message (no pseudo-header).
 * Thread: one instance per thread. Call {@link #validate()} before any accessor.
 */
public final class IcmpFlyweight extends Flyweight
{
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Length of the echo header. */
    public static final int HEADER_LENGTH = 8;
    /** Type echo reply. */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Type echo request. */
    public static final int TYPE_ECHO_REQUEST = 8;

    public IcmpFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the message; not copied.
     * @param offset of the ICMP header.
     * @param length of the ICMP message (the IPv4 payload length); the range lies inside the buffer.
     * @return this.
     */
    public IcmpFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /**
     * @return {@link DropReason#NONE} if the header is complete and the checksum verifies.
     */
    public DropReason validate()
    {
        if (length() < HEADER_LENGTH)
        {
            return DropReason.ICMP_TRUNCATED;
        }
        if (InternetChecksum.fold(InternetChecksum.add(buffer(), offset(), length(), 0)) != 0xFFFF)
        {
            return DropReason.ICMP_BAD_CHECKSUM;
        }
        return DropReason.NONE;
    }

    /**
     * @return type.
     */
    public int type()
    {
        return uint8(TYPE_OFFSET);
    }

    /**
     * @return code.
     */
    public int code()
    {
        return uint8(CODE_OFFSET);
    }

    /**
     * @return echo identifier.
     */
    public int identifier()
    {
        return uint16(IDENTIFIER_OFFSET);
    }

    /**
     * @return echo sequence number.
     */
    public int sequence()
    {
        return uint16(SEQUENCE_OFFSET);
    }
}
