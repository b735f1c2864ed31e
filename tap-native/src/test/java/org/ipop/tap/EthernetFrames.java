package org.ipop.tap;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds and inspects the Ethernet frames the TAP tests exchange with the kernel: ICMP echo, ARP and
 * IPv4/UDP. IPv4 addresses are ints {@code (a << 24) | ... | d}; multi-byte fields are big-endian.
 */
final class EthernetFrames
{
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERNET_HEADER = 14;
    static final int IPV4_HEADER = 20;
    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_UDP = 17;
    static final int ARP_REQUEST = 1;
    static final int ARP_REPLY = 2;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private EthernetFrames()
    {
    }

    static int ipv4(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static byte[] icmpEchoRequest(
        final byte[] dstMac, final byte[] srcMac, final int srcIp, final int dstIp, final int id, final int sequence,
        final byte[] data)
    {
        final int icmpLength = 8 + data.length;
        final ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + IPV4_HEADER + icmpLength);
        frame.put(dstMac).put(srcMac).putShort((short)ETHERTYPE_IPV4);
        putIpv4Header(frame, IPV4_HEADER + icmpLength, PROTOCOL_ICMP, srcIp, dstIp);
        final int icmp = frame.position();
        frame.put((byte)8).put((byte)0).putShort((short)0).putShort((short)id).putShort((short)sequence).put(data);
        frame.putShort(icmp + 2, (short)checksum(frame.array(), icmp, icmpLength));
        return frame.array();
    }

    static byte[] arpReply(final byte[] senderMac, final int senderIp, final byte[] targetMac, final int targetIp)
    {
        final ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + 28);
        frame.put(targetMac).put(senderMac).putShort((short)ETHERTYPE_ARP);
        frame.putShort((short)1).putShort((short)ETHERTYPE_IPV4).put((byte)6).put((byte)4).putShort((short)ARP_REPLY);
        frame.put(senderMac).putInt(senderIp).put(targetMac).putInt(targetIp);
        return frame.array();
    }

    private static void putIpv4Header(
        final ByteBuffer frame, final int totalLength, final int protocol, final int srcIp, final int dstIp)
    {
        final int start = frame.position();
        frame.put((byte)0x45).put((byte)0).putShort((short)totalLength).putShort((short)0x1234).putShort((short)0)
            .put((byte)64).put((byte)protocol).putShort((short)0).putInt(srcIp).putInt(dstIp);
        frame.putShort(start + 10, (short)checksum(frame.array(), start, IPV4_HEADER));
    }

    /** @return the Internet checksum of {@code length} bytes from {@code offset}. */
    static int checksum(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0)
        {
            sum += (bytes[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    static byte[] dstMac(final byte[] frame)
    {
        return Arrays.copyOfRange(frame, 0, 6);
    }

    static byte[] srcMac(final byte[] frame)
    {
        return Arrays.copyOfRange(frame, 6, 12);
    }

    static int ethertype(final byte[] frame)
    {
        return frame.length < ETHERNET_HEADER ? -1 : u16(frame, 12);
    }

    static boolean isArpRequestFor(final byte[] frame, final int targetIp)
    {
        return ethertype(frame) == ETHERTYPE_ARP && frame.length >= ETHERNET_HEADER + 28 &&
            u16(frame, ETHERNET_HEADER + 6) == ARP_REQUEST && i32(frame, ETHERNET_HEADER + 24) == targetIp;
    }

    static byte[] arpSenderMac(final byte[] frame)
    {
        return Arrays.copyOfRange(frame, ETHERNET_HEADER + 8, ETHERNET_HEADER + 14);
    }

    static int arpSenderIp(final byte[] frame)
    {
        return i32(frame, ETHERNET_HEADER + 14);
    }

    static boolean isIpv4(final byte[] frame, final int protocol)
    {
        return ethertype(frame) == ETHERTYPE_IPV4 && frame.length >= ETHERNET_HEADER + IPV4_HEADER &&
            (frame[ETHERNET_HEADER] & 0xFF) == 0x45 && (frame[ETHERNET_HEADER + 9] & 0xFF) == protocol;
    }

    static int ipv4Src(final byte[] frame)
    {
        return i32(frame, ETHERNET_HEADER + 12);
    }

    static int ipv4Dst(final byte[] frame)
    {
        return i32(frame, ETHERNET_HEADER + 16);
    }

    static int ipv4TotalLength(final byte[] frame)
    {
        return u16(frame, ETHERNET_HEADER + 2);
    }

    /** @return offset of the IPv4 payload (ICMP or UDP header) in the frame. */
    static int l4(final byte[] frame)
    {
        return ETHERNET_HEADER + IPV4_HEADER;
    }

    static boolean isEchoReply(final byte[] frame, final int id)
    {
        return isIpv4(frame, PROTOCOL_ICMP) && frame[l4(frame)] == 0 && u16(frame, l4(frame) + 4) == id;
    }

    static int echoSequence(final byte[] frame)
    {
        return u16(frame, l4(frame) + 6);
    }

    static byte[] echoData(final byte[] frame)
    {
        return Arrays.copyOfRange(frame, l4(frame) + 8, ETHERNET_HEADER + ipv4TotalLength(frame));
    }

    static boolean isUdpTo(final byte[] frame, final int dstIp, final int dstPort)
    {
        return isIpv4(frame, PROTOCOL_UDP) && ipv4Dst(frame) == dstIp && u16(frame, l4(frame) + 2) == dstPort;
    }

    static byte[] udpPayload(final byte[] frame)
    {
        return Arrays.copyOfRange(frame, l4(frame) + 8, l4(frame) + u16(frame, l4(frame) + 4));
    }

    static int u16(final byte[] bytes, final int offset)
    {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    static int i32(final byte[] bytes, final int offset)
    {
        return (u16(bytes, offset) << 16) | u16(bytes, offset + 2);
    }
}
