package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.EthernetDescriptor;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.service.DropReason;

/**
 * View over an Ethernet II header (no 802.1Q tag, no FCS); the offsets are the engine's
 * {@link EthernetDescriptor}'s, fields in network order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Destination MAC (octets 0-3)                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Destination MAC (4-5)       |    Source MAC (octets 0-1)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Source MAC (octets 2-5)                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          EtherType            |  payload ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Thread: one instance per thread. Call {@link #validate()} before any accessor.
 */
public final class EthernetFlyweight extends Flyweight
{
    /** Offset of the destination MAC. */
    public static final int DESTINATION_OFFSET = EthernetDescriptor.DST_MAC_OFFSET;
    /** Offset of the source MAC. */
    public static final int SOURCE_OFFSET = EthernetDescriptor.SRC_MAC_OFFSET;
    /** Offset of the EtherType. */
    public static final int ETHER_TYPE_OFFSET = EthernetDescriptor.ETHER_TYPE_OFFSET;
    /** Length of the header. */
    public static final int HEADER_LENGTH = EthernetDescriptor.HEADER_LENGTH;
    /** EtherType of IPv4. */
    public static final int ETHER_TYPE_IPV4 = EthernetDescriptor.ETHER_TYPE_IPV4;
    /** EtherType of ARP. */
    public static final int ETHER_TYPE_ARP = EthernetDescriptor.ETHER_TYPE_ARP;

    public EthernetFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the frame; not copied, must not change while in use.
     * @param offset of the frame in the buffer.
     * @param length of the frame; the caller guarantees {@code offset + length <= buffer.capacity()}.
     * @return this.
     */
    public EthernetFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /**
     * @return {@link DropReason#NONE} if the header is complete, else the reason to drop.
     */
    public DropReason validate()
    {
        return length() < HEADER_LENGTH ? DropReason.ETHERNET_TRUNCATED : DropReason.NONE;
    }

    /**
     * @return destination MAC.
     */
    public long destination()
    {
        return MacAddress.get(buffer(), offset() + DESTINATION_OFFSET);
    }

    /**
     * @return source MAC.
     */
    public long source()
    {
        return MacAddress.get(buffer(), offset() + SOURCE_OFFSET);
    }

    /**
     * @return EtherType.
     */
    public int etherType()
    {
        return uint16(ETHER_TYPE_OFFSET);
    }

    /**
     * @return absolute offset of the payload in the buffer.
     */
    public int payloadOffset()
    {
        return offset() + HEADER_LENGTH;
    }

    /**
     * @return bytes after the header (may include Ethernet padding).
     */
    public int payloadLength()
    {
        return length() - HEADER_LENGTH;
    }
}
