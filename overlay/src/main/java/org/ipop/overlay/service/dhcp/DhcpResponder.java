package org.ipop.overlay.service.dhcp;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.HostAddressTable;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TapWriter;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.service.frame.MacAddress;
import org.ipop.overlay.service.frame.UdpFrameEncoder;

/**
 * The DHCP server on the TAP (RFC 2131 server behaviour for a single directly attached client):
 * <ul>
 *   <li>DISCOVER: asks the {@link LeaseProvider} for the requested address (option 50) if any, else for
 *   any address (retrying with "any" if the requested one is denied), then sends OFFER.</li>
 *   <li>REQUEST (selecting, init-reboot, renewing, rebinding): asks for exactly the requested address or
 *   ciaddr; ACK when granted, NAK when denied or outside the subnet. A REQUEST naming another server
 *   identifier is dropped.</li>
 *   <li>RELEASE frees ciaddr; DECLINE quarantines the requested address; INFORM gets an ACK without a
 *   lease.</li>
 * </ul>
 * Transactions waiting for the provider are kept in a bounded xid-keyed table and expire after the
 * context's pending timeout ({@link #expirePending(long)}). Replies are addressed per RFC 2131 4.1: NAK
 * broadcast; ciaddr set: unicast to ciaddr; BROADCAST flag: broadcast; otherwise unicast to yiaddr and
 * chaddr. Source: the virtual gateway (server identifier) and the virtual MAC, port 67 to 68.
 * <p>
 * Thread: the control-plane thread only, including the provider's callbacks.
 */
public final class DhcpResponder
{
    private final TapServicesContext context;
    private final LeaseProvider leaseProvider;
    private final TapWriter writer;
    private final ServiceCounters counters;
    private final HostAddressTable hostAddresses;
    private final DhcpRequestDecoder decoder = new DhcpRequestDecoder();
    private final DhcpRequest request = new DhcpRequest();
    private final DhcpReplyEncoder replyEncoder;
    private final UdpFrameEncoder frameEncoder = new UdpFrameEncoder();
    private final UnsafeBuffer replyBuffer = new UnsafeBuffer(
        ByteBuffer.allocateDirect(UdpFrameEncoder.PAYLOAD_OFFSET + DhcpReplyEncoder.MAX_LENGTH));
    private final Int2ObjectHashMap<PendingLease> pendingByXid = new Int2ObjectHashMap<>();

    /**
     * @param context       concluded settings.
     * @param leaseProvider source of leases.
     * @param writer        towards the TAP.
     * @param counters      to count in.
     * @param hostAddresses told about the address ACKed to the host.
     */
    public DhcpResponder(
        final TapServicesContext context,
        final LeaseProvider leaseProvider,
        final TapWriter writer,
        final ServiceCounters counters,
        final HostAddressTable hostAddresses)
    {
        this.context = context;
        this.leaseProvider = leaseProvider;
        this.writer = writer;
        this.counters = counters;
        this.hostAddresses = hostAddresses;
        this.replyEncoder = new DhcpReplyEncoder(context);
    }

    /**
     * Handles one client message.
     *
     * @param buffer holding the UDP payload; only read during the call.
     * @param offset of the payload.
     * @param length of the payload; the range lies inside the buffer.
     * @return {@link DropReason#NONE} if accepted (a reply is sent now or when the lease arrives), else why
     * it was dropped.
     */
    public DropReason onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final DropReason decoded = decoder.decode(buffer, offset, length, request);
        if (decoded != DropReason.NONE)
        {
            return decoded;
        }
        if (request.giaddr != 0)
        {
            return DropReason.DHCP_RELAYED;
        }
        switch (request.messageType)
        {
            case DhcpOption.DISCOVER:
                return startTransaction(context.isHostAddress(request.requestedIp) ? request.requestedIp : 0);

            case DhcpOption.REQUEST:
                return onRequest();

            case DhcpOption.RELEASE:
                if (request.ciaddr == 0)
                {
                    return DropReason.DHCP_INCOMPLETE;
                }
                leaseProvider.release(request.chaddr, request.ciaddr);
                counters.increment(ServiceCounter.DHCP_RELEASE);
                return DropReason.NONE;

            case DhcpOption.DECLINE:
                if (request.requestedIp == 0)
                {
                    return DropReason.DHCP_INCOMPLETE;
                }
                leaseProvider.decline(request.chaddr, request.requestedIp);
                counters.increment(ServiceCounter.DHCP_DECLINE);
                return DropReason.NONE;

            case DhcpOption.INFORM:
                if (request.ciaddr == 0)
                {
                    return DropReason.DHCP_INCOMPLETE;
                }
                sendReply(DhcpOption.ACK, request.xid, request.flags, request.ciaddr, 0, request.chaddr, -1);
                counters.increment(ServiceCounter.DHCP_INFORM);
                return DropReason.NONE;

            default:
                return DropReason.DHCP_UNSUPPORTED_MESSAGE_TYPE;
        }
    }

    /**
     * Forgets transactions that waited longer than the pending timeout.
     *
     * @param nowNs current time of the context's clock.
     * @return number of transactions expired.
     */
    public int expirePending(final long nowNs)
    {
        if (pendingByXid.isEmpty())
        {
            return 0;
        }
        int expired = 0;
        final Int2ObjectHashMap<PendingLease>.ValueIterator it = pendingByXid.values().iterator();
        while (it.hasNext())
        {
            final PendingLease pending = it.next();
            if (nowNs - pending.createdNs >= context.pendingTimeoutNs())
            {
                it.remove();
                expired++;
                counters.increment(ServiceCounter.DHCP_PENDING_EXPIRED);
            }
        }
        return expired;
    }

    /**
     * @return transactions waiting for the lease provider.
     */
    public int pendingCount()
    {
        return pendingByXid.size();
    }

    private DropReason onRequest()
    {
        if (request.serverId != 0 && request.serverId != context.gatewayIp())
        {
            return DropReason.DHCP_OTHER_SERVER;
        }
        final int ip = request.requestedIp != 0 ? request.requestedIp : request.ciaddr;
        if (ip == 0)
        {
            return DropReason.DHCP_INCOMPLETE;
        }
        if (!context.isHostAddress(ip))
        {
            sendReply(DhcpOption.NAK, request.xid, request.flags, 0, 0, request.chaddr, -1);
            counters.increment(ServiceCounter.DHCP_NAK);
            return DropReason.NONE;
        }
        return startTransaction(ip);
    }

    private DropReason startTransaction(final int requestedIp)
    {
        if (pendingByXid.containsKey(request.xid))
        {
            return DropReason.DHCP_DUPLICATE_PENDING;
        }
        if (pendingByXid.size() >= context.maxPendingDhcp())
        {
            return DropReason.DHCP_PENDING_FULL;
        }
        final PendingLease pending = new PendingLease(
            request.messageType, request.xid, request.flags, request.ciaddr, request.chaddr, requestedIp,
            request.hostname, context.nanoClock().nanoTime());
        pendingByXid.put(pending.xid, pending);
        leaseProvider.requestLease(pending.mac, requestedIp, pending.hostname, pending);
        return DropReason.NONE;
    }

    private void sendReply(
        final int type, final int xid, final int flags, final int ciaddr, final int yiaddr, final long mac,
        final int leaseSeconds)
    {
        final int dstIp;
        final long dstMac;
        if (type == DhcpOption.NAK || (ciaddr == 0 && (flags & DhcpMessageFlyweight.FLAG_BROADCAST) != 0))
        {
            dstIp = Ipv4Address.LIMITED_BROADCAST;
            dstMac = MacAddress.BROADCAST;
        }
        else
        {
            dstIp = ciaddr != 0 ? ciaddr : yiaddr;
            dstMac = mac;
        }
        final int length = replyEncoder.encode(
            replyBuffer, UdpFrameEncoder.PAYLOAD_OFFSET, type, xid, flags, ciaddr, yiaddr, mac, leaseSeconds);
        final int frameLength = frameEncoder.encode(
            replyBuffer, 0, context.virtualMac(), dstMac, context.gatewayIp(), dstIp,
            DhcpMessageFlyweight.SERVER_PORT, DhcpMessageFlyweight.CLIENT_PORT, length);
        writer.write(replyBuffer, 0, frameLength);
    }

    /**
     * One transaction waiting for the lease provider; its own callback. Late callbacks (after expiry or
     * replacement) are recognised by no longer being the table's entry for the xid.
     */
    private final class PendingLease implements LeaseCallback
    {
        final int messageType;
        final int xid;
        final int flags;
        final int ciaddr;
        final long mac;
        final String hostname;
        final long createdNs;
        int requestedIp;

        PendingLease(
            final int messageType, final int xid, final int flags, final int ciaddr, final long mac,
            final int requestedIp, final String hostname, final long createdNs)
        {
            this.messageType = messageType;
            this.xid = xid;
            this.flags = flags;
            this.ciaddr = ciaddr;
            this.mac = mac;
            this.requestedIp = requestedIp;
            this.hostname = hostname;
            this.createdNs = createdNs;
        }

        @Override
        public void onLeaseGranted(final int ip, final int leaseSeconds)
        {
            if (pendingByXid.get(xid) != this)
            {
                counters.increment(ServiceCounter.DHCP_LATE_CALLBACK);
                return;
            }
            pendingByXid.remove(xid);
            if ((requestedIp != 0 && ip != requestedIp) || !context.isHostAddress(ip) || leaseSeconds < 1)
            {
                leaseProvider.release(mac, ip);
                onRefused();
                return;
            }
            if (messageType == DhcpOption.DISCOVER)
            {
                sendReply(DhcpOption.OFFER, xid, flags, 0, ip, mac, leaseSeconds);
                counters.increment(ServiceCounter.DHCP_OFFER);
            }
            else
            {
                sendReply(DhcpOption.ACK, xid, flags, ciaddr, ip, mac, leaseSeconds);
                counters.increment(ServiceCounter.DHCP_ACK);
                hostAddresses.learn(mac, ip);
            }
        }

        @Override
        public void onLeaseDenied()
        {
            if (pendingByXid.get(xid) != this)
            {
                counters.increment(ServiceCounter.DHCP_LATE_CALLBACK);
                return;
            }
            if (messageType == DhcpOption.DISCOVER && requestedIp != 0)
            {
                requestedIp = 0;
                leaseProvider.requestLease(mac, 0, hostname, this);
                return;
            }
            pendingByXid.remove(xid);
            onRefused();
        }

        private void onRefused()
        {
            if (messageType == DhcpOption.DISCOVER)
            {
                counters.increment(ServiceCounter.DHCP_NO_ADDRESS);
            }
            else
            {
                sendReply(DhcpOption.NAK, xid, flags, 0, 0, mac, -1);
                counters.increment(ServiceCounter.DHCP_NAK);
            }
        }
    }
}
