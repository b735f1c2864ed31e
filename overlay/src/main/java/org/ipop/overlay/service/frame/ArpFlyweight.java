package org.ipop.overlay.service.frame;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.service.DropReason;

/**
 * View over an ARP packet for IPv4 over Ethernet (RFC 826).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Hardware type (1)          |     Protocol type (0x0800)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  HLEN (6)     |  PLEN (4)     |          Operation            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Sender hardware address (octets 0-3)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Sender HW (4-5)              |  Sender protocol addr (0-1)   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Sender protocol addr (2-3)   |  Target HW (0-1)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Target hardware address (octets 2-5)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Target protocol address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Thread: one instance per thread. Call {@link #validate()} before any accessor.
 */
public final class ArpFlyweight extends Flyweight
{
    /** Offset of the hardware type. */
    public static final int HARDWARE_TYPE_OFFSET = 0;
    /** Offset of the protocol type. */
    public static final int PROTOCOL_TYPE_OFFSET = 2;
    /** Offset of the hardware address length. */
    public static final int HARDWARE_LENGTH_OFFSET = 4;
    /** Offset of the protocol address length. */
    public static final int PROTOCOL_LENGTH_OFFSET = 5;
    /** Offset of the operation. */
    public static final int OPERATION_OFFSET = 6;
    /** Offset of the sender hardware address. */
    public static final int SENDER_MAC_OFFSET = 8;
    /** Offset of the sender protocol address. */
    public static final int SENDER_IP_OFFSET = 14;
    /** Offset of the target hardware address. */
    public static final int TARGET_MAC_OFFSET = 18;
    /** Offset of the target protocol address. */
    public static final int TARGET_IP_OFFSET = 24;
    /** Length of the packet for IPv4 over Ethernet. */
    public static final int LENGTH = 28;
    /** Hardware type Ethernet. */
    public static final int HARDWARE_TYPE_ETHERNET = 1;
    /** Operation request. */
    public static final int OPERATION_REQUEST = 1;
    /** Operation reply. */
    public static final int OPERATION_REPLY = 2;

    public ArpFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the packet; not copied.
     * @param offset of the ARP packet.
     * @param length available from offset; the caller guarantees it lies inside the buffer.
     * @return this.
     */
    public ArpFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return this;
    }

    /**
     * @return {@link DropReason#NONE} for a complete IPv4-over-Ethernet request or reply, else why not.
     */
    public DropReason validate()
    {
        if (length() < LENGTH)
        {
            return DropReason.ARP_TRUNCATED;
        }
        if (hardwareType() != HARDWARE_TYPE_ETHERNET ||
            protocolType() != EthernetFlyweight.ETHER_TYPE_IPV4 ||
            uint8(HARDWARE_LENGTH_OFFSET) != MacAddress.LENGTH ||
            uint8(PROTOCOL_LENGTH_OFFSET) != 4)
        {
            return DropReason.ARP_UNSUPPORTED_FORMAT;
        }
        final int op = operation();
        if (op != OPERATION_REQUEST && op != OPERATION_REPLY)
        {
            return DropReason.ARP_UNSUPPORTED_OPCODE;
        }
        return DropReason.NONE;
    }

    /**
     * @return hardware type.
     */
    public int hardwareType()
    {
        return uint16(HARDWARE_TYPE_OFFSET);
    }

    /**
     * @return protocol type.
     */
    public int protocolType()
    {
        return uint16(PROTOCOL_TYPE_OFFSET);
    }

    /**
     * @return operation.
     */
    public int operation()
    {
        return uint16(OPERATION_OFFSET);
    }

    /**
     * @return sender MAC.
     */
    public long senderMac()
    {
        return MacAddress.get(buffer(), offset() + SENDER_MAC_OFFSET);
    }

    /**
     * @return sender IP.
     */
    public int senderIp()
    {
        return int32(SENDER_IP_OFFSET);
    }

    /**
     * @return target MAC.
     */
    public long targetMac()
    {
        return MacAddress.get(buffer(), offset() + TARGET_MAC_OFFSET);
    }

    /**
     * @return target IP.
     */
    public int targetIp()
    {
        return int32(TARGET_IP_OFFSET);
    }

    /**
     * Writes a complete ARP packet for IPv4 over Ethernet.
     *
     * @param out       buffer with at least {@link #LENGTH} bytes from index.
     * @param index     where the packet starts.
     * @param operation request or reply.
     * @param senderMac sender hardware address.
     * @param senderIp  sender protocol address.
     * @param targetMac target hardware address.
     * @param targetIp  target protocol address.
     * @return {@link #LENGTH}.
     */
    public static int encode(
        final MutableDirectBuffer out,
        final int index,
        final int operation,
        final long senderMac,
        final int senderIp,
        final long targetMac,
        final int targetIp)
    {
        out.putShort(index + HARDWARE_TYPE_OFFSET, (short)HARDWARE_TYPE_ETHERNET, NETWORK_ORDER);
        out.putShort(index + PROTOCOL_TYPE_OFFSET, (short)EthernetFlyweight.ETHER_TYPE_IPV4, NETWORK_ORDER);
        out.putByte(index + HARDWARE_LENGTH_OFFSET, (byte)MacAddress.LENGTH);
        out.putByte(index + PROTOCOL_LENGTH_OFFSET, (byte)4);
        out.putShort(index + OPERATION_OFFSET, (short)operation, NETWORK_ORDER);
        MacAddress.put(out, index + SENDER_MAC_OFFSET, senderMac);
        out.putInt(index + SENDER_IP_OFFSET, senderIp, NETWORK_ORDER);
        MacAddress.put(out, index + TARGET_MAC_OFFSET, targetMac);
        out.putInt(index + TARGET_IP_OFFSET, targetIp, NETWORK_ORDER);
        return LENGTH;
    }
}
