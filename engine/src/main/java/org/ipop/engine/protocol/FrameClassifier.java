package org.ipop.engine.protocol;

import org.agrona.DirectBuffer;
import org.ipop.engine.table.PuntTable;

import java.nio.ByteOrder;

import static org.ipop.engine.protocol.EthernetDescriptor.*;

/**
 * Classifies an Ethernet frame read from the TAP: what the engine forwards itself (unicast IPv4, copies of
 * broadcast and multicast) and what goes to the control plane (ARP, and the UDP datagrams a rule of the
 * {@link PuntTable} asks for). A UDP datagram no rule matches is forwarded like any other frame, whatever its
 * port: the control plane decides which of its services' addresses and ports it wants.
 * <p>
 * <b>Fragments.</b> A fragmented IPv4 datagram (more-fragments set or a non-zero fragment offset) is never
 * punted: later fragments carry no UDP header, and a first fragment is not the whole datagram a service would
 * answer. Every fragment is forwarded, or copied when broadcast, like an unfragmented frame.
 * <p>
 * One instance per reading agent: {@link #puntReason()} belongs to the last {@link #classify} call. Allocation
 * free; reads the punt table without locks.
 */
public final class FrameClassifier
{
    /** Unicast IPv4: look up the destination and forward. */
    public static final int IPV4_UNICAST = 0;
    /** ARP: for the control plane (proxy ARP). */
    public static final int ARP = 1;
    /** IPv4 UDP matching a punt rule: for the control plane, with the rule's {@link #puntReason()}. */
    public static final int PUNT = 2;
    /** IPv4 to a broadcast or multicast address, or to a group MAC address: copied to every member. */
    public static final int BROADCAST = 4;
    /** Too short for the headers its EtherType announces: drop. */
    public static final int TRUNCATED = 5;
    /** Neither IPv4 nor ARP: drop. */
    public static final int UNSUPPORTED = 6;

    private final PuntTable puntTable;
    private int puntReason;

    /** @param puntTable the rules of the frames the control plane wants; read, never written. */
    public FrameClassifier(final PuntTable puntTable)
    {
        this.puntTable = puntTable;
    }

    /**
     * @param buffer holding the frame.
     * @param offset of the first byte of the Ethernet header.
     * @param length of the frame in bytes.
     * @return one of the class constants of this class.
     */
    public int classify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return TRUNCATED;
        }

        final int etherType = buffer.getShort(offset + ETHER_TYPE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (ETHER_TYPE_ARP == etherType)
        {
            return ARP;
        }
        if (ETHER_TYPE_IPV4 != etherType)
        {
            return UNSUPPORTED;
        }
        if (length < HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH)
        {
            return TRUNCATED;
        }

        final int versionIhl = buffer.getByte(offset + IPV4_VERSION_IHL_OFFSET);
        final int ipHeaderLength = (versionIhl & 0xF) << 2;
        if ((versionIhl & 0xF0) != 0x40 || ipHeaderLength < IPV4_MIN_HEADER_LENGTH)
        {
            return UNSUPPORTED;
        }

        final int dst = buffer.getInt(offset + IPV4_DST_OFFSET, ByteOrder.BIG_ENDIAN);
        final int flagsFragment = buffer.getShort(offset + IPV4_FRAGMENT_OFFSET, ByteOrder.BIG_ENDIAN);
        if (IP_PROTOCOL_UDP == (buffer.getByte(offset + IPV4_PROTOCOL_OFFSET) & 0xFF) &&
            0 == (flagsFragment & (IPV4_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET_MASK)))
        {
            final int udpOffset = HEADER_LENGTH + ipHeaderLength;
            if (length < udpOffset + UDP_HEADER_LENGTH)
            {
                return TRUNCATED;
            }
            final int dstPort = buffer.getShort(offset + udpOffset + UDP_DST_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int reason = puntTable.match(dst, IP_PROTOCOL_UDP, dstPort);
            if (0 != reason)
            {
                puntReason = reason;
                return PUNT;
            }
        }

        // a group MAC (broadcast or multicast bit) also catches subnet-directed broadcasts like 10.128.255.255
        if (-1 == dst || 0xE == (dst >>> 28) || 0 != (buffer.getByte(offset + DST_MAC_OFFSET) & 1))
        {
            return BROADCAST;
        }

        return IPV4_UNICAST;
    }

    /** @return the reason of the rule that matched, when the last {@link #classify} returned {@link #PUNT}. */
    public int puntReason()
    {
        return puntReason;
    }

    /** @return the destination IPv4 address of a frame classified {@link #IPV4_UNICAST}, as a.b.c.d int. */
    public static int ipv4Destination(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + IPV4_DST_OFFSET, ByteOrder.BIG_ENDIAN);
    }
}
