package org.ipop.overlay.service.dhcp;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.dhcp;
import static org.ipop.overlay.service.TestFrames.dhcpFrame;
import static org.ipop.overlay.service.TestFrames.ipOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.CapturingFrameSink;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.UdpReply;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The responder with a provider that completes later, as the DHT-backed one does. */
class DhcpPendingTransactionTest
{
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");

    private static final class Request
    {
        final long mac;
        final int ip;
        final LeaseCallback callback;

        Request(final long mac, final int ip, final LeaseCallback callback)
        {
            this.mac = mac;
            this.ip = ip;
            this.callback = callback;
        }
    }

    private static final class DeferredLeaseProvider implements LeaseProvider
    {
        final List<Request> requests = new ArrayList<>();

        @Override
        public void requestLease(final long clientMac, final int requestedIp, final String hostname,
            final LeaseCallback callback)
        {
            requests.add(new Request(clientMac, requestedIp, callback));
        }

        @Override
        public void release(final long clientMac, final int ip)
        {
        }

        @Override
        public void decline(final long clientMac, final int ip)
        {
        }
    }

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private final DeferredLeaseProvider provider = new DeferredLeaseProvider();
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        final TapServicesContext context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
            .maxPendingDhcp(2).pendingTimeoutNs(TimeUnit.SECONDS.toNanos(5)).nanoClock(clock);
        services = new TapServices(context, provider, new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void send(final byte[] frame)
    {
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldSendOfferWhenTheLeaseArrivesLater()
    {
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 7, HOST_MAC, 0, 0)));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.dhcp().pendingCount());

        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 7, HOST_MAC, 0, 0)));
        assertEquals(1, services.counters().get(DropReason.DHCP_DUPLICATE_PENDING));
        assertEquals(1, provider.requests.size());

        final int ip = Ipv4Address.parse("10.128.0.42");
        provider.requests.get(0).callback.onLeaseGranted(ip, 120);
        final UdpReply offer = new UdpReply(sink.takeOnly());
        assertEquals(DhcpOption.OFFER, offer.dhcpType());
        assertEquals(ip, offer.yiaddr());
        assertEquals(7, offer.xid());
        assertEquals(120, offer.dhcpIntOption(DhcpOption.LEASE_TIME));
        assertEquals(0, services.dhcp().pendingCount());
    }

    @Test
    void shouldRetryDiscoverWithAnyAddressWhenTheRequestedOneIsDenied()
    {
        final int wanted = Ipv4Address.parse("10.128.0.50");
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 8, HOST_MAC, 0, 0, ipOption(DhcpOption.REQUESTED_IP, wanted))));
        assertEquals(wanted, provider.requests.get(0).ip);
        provider.requests.get(0).callback.onLeaseDenied();
        assertEquals(2, provider.requests.size());
        assertEquals(0, provider.requests.get(1).ip);
        provider.requests.get(1).callback.onLeaseGranted(Ipv4Address.parse("10.128.0.51"), 60);
        assertEquals(Ipv4Address.parse("10.128.0.51"), new UdpReply(sink.takeOnly()).yiaddr());
    }

    @Test
    void shouldNakWhenProviderGrantsADifferentAddressThanRequested()
    {
        final int wanted = Ipv4Address.parse("10.128.0.50");
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.REQUEST, 9, HOST_MAC, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, wanted), ipOption(DhcpOption.SERVER_ID, GATEWAY))));
        provider.requests.get(0).callback.onLeaseGranted(wanted + 1, 60);
        assertEquals(DhcpOption.NAK, new UdpReply(sink.takeOnly()).dhcpType());
    }

    @Test
    void shouldBoundPendingTransactions()
    {
        for (int xid = 1; xid <= 3; xid++)
        {
            send(dhcpFrame(HOST_MAC + xid, dhcp(DhcpOption.DISCOVER, xid, HOST_MAC + xid, 0, 0)));
        }
        assertEquals(2, services.dhcp().pendingCount());
        assertEquals(1, services.counters().get(DropReason.DHCP_PENDING_FULL));
        assertEquals(2, provider.requests.size());
    }

    @Test
    void shouldExpirePendingTransactionAndIgnoreLateLease()
    {
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 7, HOST_MAC, 0, 0)));
        clock.advance(TimeUnit.SECONDS.toNanos(4));
        assertEquals(0, services.doWork());
        clock.advance(TimeUnit.SECONDS.toNanos(1));
        assertEquals(1, services.doWork());
        assertEquals(0, services.dhcp().pendingCount());
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_PENDING_EXPIRED));

        provider.requests.get(0).callback.onLeaseGranted(Ipv4Address.parse("10.128.0.42"), 60);
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_LATE_CALLBACK));

        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 7, HOST_MAC, 0, 0)));
        assertEquals(2, provider.requests.size(), "a retransmission after expiry starts a new transaction");
    }
}
