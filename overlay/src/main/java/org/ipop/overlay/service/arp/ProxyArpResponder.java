package org.ipop.overlay.service.arp;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.HostAddressTable;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TapWriter;
import org.ipop.overlay.service.frame.ArpFlyweight;
import org.ipop.overlay.service.frame.EthernetFlyweight;
import org.ipop.overlay.service.frame.MacAddress;

/**
 * Proxy ARP for the host behind the TAP. For a request (including an RFC 5227 probe) whose target is
 * <ul>
 *   <li>the virtual gateway or DNS address: reply with the virtual MAC;</li>
 *   <li>the host's own IP (learned): never reply;</li>
 *   <li>another address of the subnet that the {@link VirtualIpResolver} reports remote: reply with the
 *   virtual MAC;</li>
 *   <li>anything else: no reply, counted by reason.</li>
 * </ul>
 * Gratuitous ARP (sender IP equals target IP) and replies are not answered. The sender's MAC and IP of
 * every valid ARP packet are learned into the {@link HostAddressTable}. The reply goes to the requester's
 * MAC, from the virtual MAC.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class ProxyArpResponder
{
    private static final int FRAME_LENGTH = EthernetFlyweight.HEADER_LENGTH + ArpFlyweight.LENGTH;

    private final TapServicesContext context;
    private final VirtualIpResolver resolver;
    private final TapWriter writer;
    private final ServiceCounters counters;
    private final HostAddressTable hostAddresses;
    private final ArpFlyweight arp = new ArpFlyweight();
    private final UnsafeBuffer replyBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    /**
     * @param context       concluded settings.
     * @param resolver      which virtual IPs are remote.
     * @param writer        towards the TAP.
     * @param counters      to count in.
     * @param hostAddresses learned host addresses.
     */
    public ProxyArpResponder(
        final TapServicesContext context,
        final VirtualIpResolver resolver,
        final TapWriter writer,
        final ServiceCounters counters,
        final HostAddressTable hostAddresses)
    {
        this.context = context;
        this.resolver = resolver;
        this.writer = writer;
        this.counters = counters;
        this.hostAddresses = hostAddresses;
    }

    /**
     * @param buffer holding the ARP packet; only read during the call.
     * @param offset of the ARP packet (after the Ethernet header).
     * @param length available from offset; the range lies inside the buffer.
     * @return {@link DropReason#NONE} if a reply was written (or refused by the sink), else why not.
     */
    public DropReason onArp(final DirectBuffer buffer, final int offset, final int length)
    {
        arp.wrap(buffer, offset, length);
        final DropReason valid = arp.validate();
        if (valid != DropReason.NONE)
        {
            return valid;
        }
        final long senderMac = arp.senderMac();
        final int senderIp = arp.senderIp();
        final int targetIp = arp.targetIp();
        hostAddresses.learn(senderMac, senderIp);
        if (arp.operation() != ArpFlyweight.OPERATION_REQUEST)
        {
            return DropReason.ARP_REPLY_FROM_HOST;
        }
        if (senderIp == targetIp)
        {
            return DropReason.ARP_GRATUITOUS;
        }
        if (targetIp == context.gatewayIp() || targetIp == context.dnsIp())
        {
            return reply(senderMac, senderIp, targetIp);
        }
        if (targetIp == hostAddresses.hostIp())
        {
            return DropReason.ARP_TARGET_IS_HOST;
        }
        if (!context.isHostAddress(targetIp))
        {
            return DropReason.ARP_TARGET_OUTSIDE_SUBNET;
        }
        switch (resolver.lookup(targetIp))
        {
            case VirtualIpResolver.REMOTE:
                return reply(senderMac, senderIp, targetIp);
            case VirtualIpResolver.NOT_REMOTE:
                return DropReason.ARP_TARGET_NOT_REMOTE;
            default:
                return DropReason.ARP_TARGET_UNRESOLVED;
        }
    }

    private DropReason reply(final long requesterMac, final int requesterIp, final int targetIp)
    {
        if (MacAddress.isMulticast(requesterMac))
        {
            return DropReason.ARP_BAD_SENDER;
        }
        final long virtualMac = context.virtualMac();
        MacAddress.put(replyBuffer, EthernetFlyweight.DESTINATION_OFFSET, requesterMac);
        MacAddress.put(replyBuffer, EthernetFlyweight.SOURCE_OFFSET, virtualMac);
        replyBuffer.putShort(EthernetFlyweight.ETHER_TYPE_OFFSET, (short)EthernetFlyweight.ETHER_TYPE_ARP,
            java.nio.ByteOrder.BIG_ENDIAN);
        ArpFlyweight.encode(replyBuffer, EthernetFlyweight.HEADER_LENGTH, ArpFlyweight.OPERATION_REPLY,
            virtualMac, targetIp, requesterMac, requesterIp);
        writer.write(replyBuffer, 0, FRAME_LENGTH);
        counters.increment(ServiceCounter.ARP_REPLY);
        return DropReason.NONE;
    }
}
