package org.ipop.overlay.service.frame;

import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * Writes an Ethernet II header and an IPv4 header without options (with its checksum) in front of a
 * transport payload already placed at {@link #PAYLOAD_OFFSET} from the frame start.
 * <pre>
 *  frame offset 0          14             34
 *               | Ethernet | IPv4 (20)    | transport header and data ... |
 * </pre>
 * Thread: holds the IP identification counter; one instance per thread.
 */
public final class Ipv4FrameEncoder
{
    /** Offset of the IPv4 header in the frame. */
    public static final int IPV4_OFFSET = EthernetFlyweight.HEADER_LENGTH;
    /** Offset of the IPv4 payload in the frame. */
    public static final int PAYLOAD_OFFSET = IPV4_OFFSET + Ipv4Flyweight.MIN_HEADER_LENGTH;
    /** TTL of generated packets. */
    public static final int DEFAULT_TTL = 64;

    private int identification;

    /**
     * @param buffer         holding the IPv4 payload at {@code frameOffset + PAYLOAD_OFFSET}.
     * @param frameOffset    where the frame starts.
     * @param sourceMac      Ethernet source.
     * @param destinationMac Ethernet destination.
     * @param sourceIp       IPv4 source.
     * @param destinationIp  IPv4 destination.
     * @param protocol       IPv4 protocol number.
     * @param payloadLength  bytes of IPv4 payload.
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
        final int protocol,
        final int payloadLength)
    {
        final int totalLength = Ipv4Flyweight.MIN_HEADER_LENGTH + payloadLength;
        if (payloadLength < 0 || totalLength > 0xFFFF ||
            (long)frameOffset + PAYLOAD_OFFSET + payloadLength > buffer.capacity())
        {
            throw new IllegalArgumentException("payload does not fit: " + payloadLength);
        }

        MacAddress.put(buffer, frameOffset + EthernetFlyweight.DESTINATION_OFFSET, destinationMac);
        MacAddress.put(buffer, frameOffset + EthernetFlyweight.SOURCE_OFFSET, sourceMac);
        buffer.putShort(frameOffset + EthernetFlyweight.ETHER_TYPE_OFFSET,
            (short)EthernetFlyweight.ETHER_TYPE_IPV4, Flyweight.NETWORK_ORDER);

        final int ip = frameOffset + IPV4_OFFSET;
        buffer.putByte(ip + Ipv4Flyweight.VERSION_IHL_OFFSET, (byte)0x45);
        buffer.putByte(ip + Ipv4Flyweight.TOS_OFFSET, (byte)0);
        buffer.putShort(ip + Ipv4Flyweight.TOTAL_LENGTH_OFFSET, (short)totalLength, Flyweight.NETWORK_ORDER);
        buffer.putShort(ip + Ipv4Flyweight.IDENTIFICATION_OFFSET, (short)identification++, Flyweight.NETWORK_ORDER);
        buffer.putShort(ip + Ipv4Flyweight.FLAGS_FRAGMENT_OFFSET, (short)0, Flyweight.NETWORK_ORDER);
        buffer.putByte(ip + Ipv4Flyweight.TTL_OFFSET, (byte)DEFAULT_TTL);
        buffer.putByte(ip + Ipv4Flyweight.PROTOCOL_OFFSET, (byte)protocol);
        buffer.putShort(ip + Ipv4Flyweight.HEADER_CHECKSUM_OFFSET, (short)0, Flyweight.NETWORK_ORDER);
        buffer.putInt(ip + Ipv4Flyweight.SOURCE_OFFSET, sourceIp, Flyweight.NETWORK_ORDER);
        buffer.putInt(ip + Ipv4Flyweight.DESTINATION_OFFSET, destinationIp, Flyweight.NETWORK_ORDER);
        final int checksum = InternetChecksum.finish(InternetChecksum.add(buffer, ip, Ipv4Flyweight.MIN_HEADER_LENGTH, 0));
        buffer.putShort(ip + Ipv4Flyweight.HEADER_CHECKSUM_OFFSET, (short)checksum, Flyweight.NETWORK_ORDER);

        return PAYLOAD_OFFSET + payloadLength;
    }
}
