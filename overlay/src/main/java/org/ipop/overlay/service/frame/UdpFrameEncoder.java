package org.ipop.overlay.service.frame;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the Ethernet, IPv4 and UDP headers around a payload already placed at
 * {@link #PAYLOAD_OFFSET} from the frame start, with both checksums.
 * <pre>
 *  frame offset 0        14            34        42
 *               | Ethernet | IPv4 (20)  | UDP (8) | payload ... |
 * </pre>
 * Usage: write the payload at {@code frameOffset + PAYLOAD_OFFSET}, then call {@link #encode} and hand
 * {@code (buffer, frameOffset, returned length)} to a {@link FrameSink}.
 * Thread: stateless apart from the IP identification counter; one instance per thread.
 */
public final class UdpFrameEncoder
{
    /** Offset of the IPv4 header in the frame. */
    public static final int IPV4_OFFSET = EthernetFlyweight.HEADER_LENGTH;
    /** Offset of the UDP header in the frame. */
    public static final int UDP_OFFSET = IPV4_OFFSET + Ipv4Flyweight.MIN_HEADER_LENGTH;
    /** Offset of the UDP payload in the frame. */
    public static final int PAYLOAD_OFFSET = UDP_OFFSET + UdpFlyweight.HEADER_LENGTH;
    /** TTL of generated packets. */
    public static final int DEFAULT_TTL = 64;

    private int identification;

    /**
     * @param buffer          holding the payload at {@code frameOffset + PAYLOAD_OFFSET}.
     * @param frameOffset     where the frame starts.
     * @param sourceMac       Ethernet source.
     * @param destinationMac  Ethernet destination.
     * @param sourceIp        IPv4 source.
     * @param destinationIp   IPv4 destination.
     * @param sourcePort      UDP source port.
     * @param destinationPort UDP destination port.
     * @param payloadLength   bytes of payload.
     * @return length of the complete frame.
     * @throws IllegalArgumentException if the frame would not fit the buffer or exceed 65535 IP bytes.
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final int frameOffset,
        final long sourceMac,
        final long destinationMac,
        final int sourceIp,
        final int destinationIp,
        final int sourcePort,
        final int destinationPort,
        final int payloadLength)
    {
        final int udpLength = UdpFlyweight.HEADER_LENGTH + payloadLength;
        final int totalLength = Ipv4Flyweight.MIN_HEADER_LENGTH + udpLength;
        if (payloadLength < 0 || totalLength > 0xFFFF || frameOffset + PAYLOAD_OFFSET + payloadLength > buffer.capacity())
        {
            throw new IllegalArgumentException("payload does not fit: " + payloadLength);
        }

        MacAddress.put(buffer, frameOffset + EthernetFlyweight.DESTINATION_OFFSET, destinationMac);
        MacAddress.put(buffer, frameOffset + EthernetFlyweight.SOURCE_OFFSET, sourceMac);
        buffer.putShort(frameOffset + EthernetFlyweight.ETHER_TYPE_OFFSET,
            (short)EthernetFlyweight.ETHER_TYPE_IPV4, ByteOrder.BIG_ENDIAN);

        final int ip = frameOffset + IPV4_OFFSET;
        buffer.putByte(ip + Ipv4Flyweight.VERSION_IHL_OFFSET, (byte)0x45);
        buffer.putByte(ip + Ipv4Flyweight.TOS_OFFSET, (byte)0);
        buffer.putShort(ip + Ipv4Flyweight.TOTAL_LENGTH_OFFSET, (short)totalLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + Ipv4Flyweight.IDENTIFICATION_OFFSET, (short)identification++, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putByte(ip + Ipv4Flyweight.TTL_OFFSET, (byte)DEFAULT_TTL);
        buffer.putByte(ip + Ipv4Flyweight.PROTOCOL_OFFSET, (byte)Ipv4Flyweight.PROTOCOL_UDP);
        buffer.putShort(ip + Ipv4Flyweight.HEADER_CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + Ipv4Flyweight.SOURCE_OFFSET, sourceIp, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + Ipv4Flyweight.DESTINATION_OFFSET, destinationIp, ByteOrder.BIG_ENDIAN);
        final int ipChecksum = InternetChecksum.finish(InternetChecksum.add(buffer, ip, Ipv4Flyweight.MIN_HEADER_LENGTH, 0));
        buffer.putShort(ip + Ipv4Flyweight.HEADER_CHECKSUM_OFFSET, (short)ipChecksum, ByteOrder.BIG_ENDIAN);

        final int udp = frameOffset + UDP_OFFSET;
        buffer.putShort(udp + UdpFlyweight.SOURCE_PORT_OFFSET, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + UdpFlyweight.DESTINATION_PORT_OFFSET, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + UdpFlyweight.LENGTH_OFFSET, (short)udpLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + UdpFlyweight.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        final int udpChecksum = UdpFlyweight.computeChecksum(buffer, udp, udpLength, sourceIp, destinationIp);
        buffer.putShort(udp + UdpFlyweight.CHECKSUM_OFFSET, (short)udpChecksum, ByteOrder.BIG_ENDIAN);

        return PAYLOAD_OFFSET + payloadLength;
    }
}
