package org.ipop.overlay.service.frame;

import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * Writes the Ethernet, IPv4 and UDP headers around a payload already placed at
 * {@link #PAYLOAD_OFFSET} from the frame start, with both checksums.
 * <pre>
 *  frame offset 0        14            34        42
 *               | Ethernet | IPv4 (20)  | UDP (8) | payload ... |
 * </pre>
 * Usage: write the payload at {@code frameOffset + PAYLOAD_OFFSET}, then call {@link #encode} and hand
 * {@code (buffer, frameOffset, returned length)} to a {@link FrameSink}.
 * Thread: holds an {@link Ipv4FrameEncoder}; one instance per thread.
 */
public final class UdpFrameEncoder
{
    /** Offset of the IPv4 header in the frame. */
    public static final int IPV4_OFFSET = Ipv4FrameEncoder.IPV4_OFFSET;
    /** Offset of the UDP header in the frame. */
    public static final int UDP_OFFSET = Ipv4FrameEncoder.PAYLOAD_OFFSET;
    /** Offset of the UDP payload in the frame. */
    public static final int PAYLOAD_OFFSET = UDP_OFFSET + UdpFlyweight.HEADER_LENGTH;

    private final Ipv4FrameEncoder ipv4Encoder = new Ipv4FrameEncoder();

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
        ipv4Encoder.encode(buffer, frameOffset, sourceMac, destinationMac, sourceIp, destinationIp,
            Ipv4Flyweight.PROTOCOL_UDP, udpLength);
        final int udp = frameOffset + UDP_OFFSET;
        buffer.putShort(udp + UdpFlyweight.SOURCE_PORT_OFFSET, (short)sourcePort, Flyweight.NETWORK_ORDER);
        buffer.putShort(udp + UdpFlyweight.DESTINATION_PORT_OFFSET, (short)destinationPort, Flyweight.NETWORK_ORDER);
        buffer.putShort(udp + UdpFlyweight.LENGTH_OFFSET, (short)udpLength, Flyweight.NETWORK_ORDER);
        buffer.putShort(udp + UdpFlyweight.CHECKSUM_OFFSET, (short)0, Flyweight.NETWORK_ORDER);
        final int udpChecksum = UdpFlyweight.computeChecksum(buffer, udp, udpLength, sourceIp, destinationIp);
        buffer.putShort(udp + UdpFlyweight.CHECKSUM_OFFSET, (short)udpChecksum, Flyweight.NETWORK_ORDER);

        return PAYLOAD_OFFSET + payloadLength;
    }
}
