package org.ipop.overlay.service.icmp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TapWriter;
import org.ipop.overlay.service.frame.IcmpFlyweight;
import org.ipop.overlay.service.frame.InternetChecksum;
import org.ipop.overlay.service.frame.Ipv4Flyweight;
import org.ipop.overlay.service.frame.Ipv4FrameEncoder;

/**
 * Answers ICMP echo requests addressed to the virtual gateway or DNS address with an echo reply carrying
 * the same identifier, sequence number and data, so that {@code ping <gateway>} works on the host.
 * Requests larger than the context's MTU are dropped.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class IcmpEchoResponder
{
    private final TapServicesContext context;
    private final TapWriter writer;
    private final ServiceCounters counters;
    private final IcmpFlyweight icmp = new IcmpFlyweight();
    private final Ipv4FrameEncoder frameEncoder = new Ipv4FrameEncoder();
    private final UnsafeBuffer replyBuffer;

    /**
     * @param context  concluded settings.
     * @param writer   towards the TAP.
     * @param counters to count in.
     */
    public IcmpEchoResponder(final TapServicesContext context, final TapWriter writer, final ServiceCounters counters)
    {
        this.context = context;
        this.writer = writer;
        this.counters = counters;
        this.replyBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Ipv4FrameEncoder.IPV4_OFFSET + context.mtu()));
    }

    /**
     * @param buffer        holding the ICMP message; only read during the call.
     * @param offset        of the ICMP header.
     * @param length        of the ICMP message; the range lies inside the buffer.
     * @param sourceMac     Ethernet source of the request.
     * @param sourceIp      IPv4 source of the request.
     * @param destinationIp IPv4 destination of the request (a virtual address).
     * @return {@link DropReason#NONE} if a reply was written (or refused by the sink), else why not.
     */
    public DropReason onIcmp(
        final DirectBuffer buffer, final int offset, final int length, final long sourceMac, final int sourceIp,
        final int destinationIp)
    {
        icmp.wrap(buffer, offset, length);
        final DropReason valid = icmp.validate();
        if (valid != DropReason.NONE)
        {
            return valid;
        }
        if (icmp.type() != IcmpFlyweight.TYPE_ECHO_REQUEST || icmp.code() != 0)
        {
            return DropReason.ICMP_NOT_ECHO_REQUEST;
        }
        if (Ipv4Flyweight.MIN_HEADER_LENGTH + length > context.mtu())
        {
            return DropReason.ICMP_TOO_LARGE;
        }
        if (!context.isHostAddress(sourceIp))
        {
            return DropReason.ICMP_BAD_SOURCE;
        }
        final int reply = Ipv4FrameEncoder.PAYLOAD_OFFSET;
        replyBuffer.putBytes(reply, buffer, offset, length);
        replyBuffer.putByte(reply + IcmpFlyweight.TYPE_OFFSET, (byte)IcmpFlyweight.TYPE_ECHO_REPLY);
        replyBuffer.putShort(reply + IcmpFlyweight.CHECKSUM_OFFSET, (short)0, ByteOrder.BIG_ENDIAN);
        final int checksum = InternetChecksum.finish(InternetChecksum.add(replyBuffer, reply, length, 0));
        replyBuffer.putShort(reply + IcmpFlyweight.CHECKSUM_OFFSET, (short)checksum, ByteOrder.BIG_ENDIAN);
        final int frameLength = frameEncoder.encode(replyBuffer, 0, context.virtualMac(), sourceMac, destinationIp,
            sourceIp, Ipv4Flyweight.PROTOCOL_ICMP, length);
        writer.write(replyBuffer, 0, frameLength);
        counters.increment(ServiceCounter.ICMP_ECHO_REPLY);
        return DropReason.NONE;
    }
}
