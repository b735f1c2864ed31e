package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.service.DropReason;

/**
 * View over an IPv4 header (RFC 791).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |Flags|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL - 5 words)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Thread: one instance per thread. Call {@link #validate()} before any other accessor than the raw
 * fields used by it.
 */
public final class Ipv4Flyweight extends Flyweight
{
    /** Offset of version and IHL. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the type of service. */
    public static final int TOS_OFFSET = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of flags and fragment offset. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of the TTL. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int HEADER_CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** Protocol number of ICMP. */
    public static final int PROTOCOL_ICMP = 1;
    /** Protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;
    /** Don't Fragment flag in the flags/fragment field. */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;
    /** More Fragments flag in the flags/fragment field. */
    public static final int FLAG_MORE_FRAGMENTS = 0x2000;
    /** Mask of the fragment offset in the flags/fragment field. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    public Ipv4Flyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the packet; not copied.
     * @param offset of the IPv4 header.
     * @param length available from offset (may exceed the total length by Ethernet padding).
     * @return this.
     */
    public Ipv4Flyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /**
     * Checks the length fields against the available bytes, the version, the header checksum, and that
     * the packet is not a fragment.
     *
     * @return {@link DropReason#NONE} if usable, else why not.
     */
    public DropReason validate()
    {
        if (length() < MIN_HEADER_LENGTH)
        {
            return DropReason.IPV4_TRUNCATED;
        }
        final int versionIhl = uint8(VERSION_IHL_OFFSET);
        if ((versionIhl >>> 4) != 4)
        {
            return DropReason.IPV4_BAD_VERSION;
        }
        final int headerLength = (versionIhl & 0xF) * 4;
        if (headerLength < MIN_HEADER_LENGTH)
        {
            return DropReason.IPV4_BAD_HEADER_LENGTH;
        }
        if (headerLength > length())
        {
            return DropReason.IPV4_TRUNCATED;
        }
        final int totalLength = totalLength();
        if (totalLength < headerLength)
        {
            return DropReason.IPV4_BAD_TOTAL_LENGTH;
        }
        if (totalLength > length())
        {
            return DropReason.IPV4_TRUNCATED;
        }
        if (!isHeaderChecksumValid())
        {
            return DropReason.IPV4_BAD_CHECKSUM;
        }
        final int flagsFragment = uint16(FLAGS_FRAGMENT_OFFSET);
        if ((flagsFragment & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0)
        {
            return DropReason.IPV4_FRAGMENT;
        }
        return DropReason.NONE;
    }

    /**
     * @return header length in bytes (IHL * 4).
     */
    public int headerLength()
    {
        return (uint8(VERSION_IHL_OFFSET) & 0xF) * 4;
    }

    /**
     * @return length of the options in bytes.
     */
    public int optionsLength()
    {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    /**
     * @return total length field.
     */
    public int totalLength()
    {
        return uint16(TOTAL_LENGTH_OFFSET);
    }

    /**
     * @return TTL.
     */
    public int ttl()
    {
        return uint8(TTL_OFFSET);
    }

    /**
     * @return protocol number.
     */
    public int protocol()
    {
        return uint8(PROTOCOL_OFFSET);
    }

    /**
     * @return header checksum field.
     */
    public int headerChecksum()
    {
        return uint16(HEADER_CHECKSUM_OFFSET);
    }

    /**
     * @return source address.
     */
    public int source()
    {
        return int32(SOURCE_OFFSET);
    }

    /**
     * @return destination address.
     */
    public int destination()
    {
        return int32(DESTINATION_OFFSET);
    }

    /**
     * @return absolute offset of the payload.
     */
    public int payloadOffset()
    {
        return offset() + headerLength();
    }

    /**
     * @return payload length per the total length field (excludes Ethernet padding).
     */
    public int payloadLength()
    {
        return totalLength() - headerLength();
    }

    /**
     * @return true if the header, checksum field included, sums to 0xFFFF.
     */
    public boolean isHeaderChecksumValid()
    {
        return InternetChecksum.fold(InternetChecksum.add(buffer(), offset(), headerLength(), 0)) == 0xFFFF;
    }

    /**
     * @return the checksum the header should carry (computed with the checksum field taken as zero).
     */
    public int computeHeaderChecksum()
    {
        final long sum = InternetChecksum.add(buffer(), offset(), headerLength(), 0) - headerChecksum();
        return InternetChecksum.finish(sum);
    }
}
