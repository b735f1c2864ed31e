package org.ipop.overlay.service.dhcp;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.dhcp;
import static org.ipop.overlay.service.TestFrames.dhcpFrame;
import static org.ipop.overlay.service.TestFrames.ipOption;
import static org.ipop.overlay.service.TestFrames.option;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

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
import org.ipop.overlay.service.frame.MacAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DhcpExchangeTest
{
    private static final int NETWORK = Ipv4Address.parse("10.128.0.0");
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");
    private static final int BROADCAST_IP = -1;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private TapServicesContext context;
    private InMemoryLeaseProvider leases;
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(NETWORK, 24).nanoClock(clock).conclude();
        leases = new InMemoryLeaseProvider(context, 3600, new Random(7), clock);
        services = new TapServices(context, leases, new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void send(final byte[] frame)
    {
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    private UdpReply exchange(final byte[] frame)
    {
        send(frame);
        return new UdpReply(sink.takeOnly());
    }

    private UdpReply discover(final long mac, final int xid, final byte[]... options)
    {
        return exchange(dhcpFrame(mac, dhcp(DhcpOption.DISCOVER, xid, mac, 0, 0, options)));
    }

    private UdpReply selectingRequest(final long mac, final int xid, final int ip)
    {
        return exchange(dhcpFrame(mac, dhcp(DhcpOption.REQUEST, xid, mac, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, ip), ipOption(DhcpOption.SERVER_ID, GATEWAY))));
    }

    private int dora(final long mac, final int xid)
    {
        final UdpReply offer = discover(mac, xid);
        assertEquals(DhcpOption.OFFER, offer.dhcpType());
        final UdpReply ack = selectingRequest(mac, xid, offer.yiaddr());
        assertEquals(DhcpOption.ACK, ack.dhcpType());
        assertEquals(offer.yiaddr(), ack.yiaddr());
        return ack.yiaddr();
    }

    @Test
    void shouldCompleteDoraWithOfferAndAckCarryingNamespaceOptions()
    {
        final UdpReply offer = discover(HOST_MAC, 0x3903f326, option(DhcpOption.HOST_NAME, "alice".getBytes()));
        assertEquals(DhcpMessageFlyweight.OP_BOOTREPLY, offer.dhcpOp());
        assertEquals(DhcpOption.OFFER, offer.dhcpType());
        assertEquals(0x3903f326, offer.xid());
        assertEquals(HOST_MAC, offer.chaddr());
        final int ip = offer.yiaddr();
        assertTrue(context.isHostAddress(ip) && ip != GATEWAY, Ipv4Address.toString(ip));
        assertEquals(context.virtualMac(), offer.srcMac);
        assertEquals(GATEWAY, offer.srcIp);
        assertEquals(67, offer.srcPort);
        assertEquals(68, offer.dstPort);
        assertEquals(HOST_MAC, offer.dstMac, "unicast to chaddr without the BROADCAST flag");
        assertEquals(ip, offer.dstIp);

        final Map<Integer, byte[]> options = offer.dhcpOptions();
        assertEquals(GATEWAY, offer.dhcpIntOption(DhcpOption.SERVER_ID));
        assertEquals(3600, offer.dhcpIntOption(DhcpOption.LEASE_TIME));
        assertEquals(1800, offer.dhcpIntOption(DhcpOption.RENEWAL_TIME));
        assertEquals(3150, offer.dhcpIntOption(DhcpOption.REBINDING_TIME));
        assertEquals(Ipv4Address.parse("255.255.255.0"), offer.dhcpIntOption(DhcpOption.SUBNET_MASK));
        assertEquals(GATEWAY, offer.dhcpIntOption(DhcpOption.DNS_SERVERS));
        assertArrayEquals("ipop".getBytes(), options.get(DhcpOption.DOMAIN_NAME));
        assertArrayEquals(new byte[] {0x04, (byte)0xB0}, options.get(DhcpOption.INTERFACE_MTU));
        assertFalse(options.containsKey(DhcpOption.ROUTER), "no router unless configured");
        assertTrue(offer.payload.length >= DhcpMessageFlyweight.MIN_BOOTP_LENGTH);

        final UdpReply ack = selectingRequest(HOST_MAC, 0x3903f326, ip);
        assertEquals(DhcpOption.ACK, ack.dhcpType());
        assertEquals(ip, ack.yiaddr());
        assertEquals(3600, ack.dhcpIntOption(DhcpOption.LEASE_TIME));
        assertEquals(HOST_MAC, leases.holderOf(ip));
        assertEquals("alice", leases.hostnameOf(ip));
        assertEquals(ip, services.hostAddresses().hostIp());
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_OFFER));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_ACK));
        assertEquals(2, services.counters().get(ServiceCounter.DHCP_HANDLED));
    }

    @Test
    void shouldRenewSameAddressWithUnicastAckToCiaddr()
    {
        final int ip = dora(HOST_MAC, 1);
        final UdpReply ack = exchange(dhcpFrame(HOST_MAC, ip, GATEWAY, dhcp(DhcpOption.REQUEST, 2, HOST_MAC, 0, ip)));
        assertEquals(DhcpOption.ACK, ack.dhcpType());
        assertEquals(ip, ack.yiaddr());
        assertEquals(ip, ack.ciaddr());
        assertEquals(ip, ack.dstIp);
        assertEquals(HOST_MAC, ack.dstMac);
        assertEquals(HOST_MAC, leases.holderOf(ip));
    }

    @Test
    void shouldOfferTheSameAddressAgainToAClientThatRediscovers()
    {
        final int ip = dora(HOST_MAC, 1);
        assertEquals(ip, discover(HOST_MAC, 2).yiaddr());
    }

    @Test
    void shouldFreeAddressOnRelease()
    {
        final int ip = dora(HOST_MAC, 1);
        send(dhcpFrame(HOST_MAC, ip, GATEWAY, dhcp(DhcpOption.RELEASE, 2, HOST_MAC, 0, ip,
            ipOption(DhcpOption.SERVER_ID, GATEWAY))));
        assertTrue(sink.frames.isEmpty());
        assertEquals(-1, leases.holderOf(ip));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_RELEASE));

        final long other = HOST_MAC + 1;
        assertEquals(DhcpOption.ACK, selectingRequest(other, 3, ip).dhcpType());
        assertEquals(other, leases.holderOf(ip));
    }

    @Test
    void shouldIgnoreReleaseOfAnAddressTheClientDoesNotHold()
    {
        final int ip = dora(HOST_MAC, 1);
        send(dhcpFrame(HOST_MAC + 1, dhcp(DhcpOption.RELEASE, 2, HOST_MAC + 1, 0, ip)));
        assertEquals(HOST_MAC, leases.holderOf(ip));
    }

    @Test
    void shouldNakRequestForAddressTakenByAnotherClient()
    {
        final int ip = dora(HOST_MAC, 1);
        final long other = HOST_MAC + 1;
        final UdpReply nak = exchange(dhcpFrame(other, dhcp(DhcpOption.REQUEST, 9, other, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, ip))));
        assertEquals(DhcpOption.NAK, nak.dhcpType());
        assertEquals(0, nak.yiaddr());
        assertEquals(MacAddress.BROADCAST, nak.dstMac);
        assertEquals(BROADCAST_IP, nak.dstIp);
        assertEquals(GATEWAY, nak.dhcpIntOption(DhcpOption.SERVER_ID));
        assertFalse(nak.dhcpOptions().containsKey(DhcpOption.LEASE_TIME));
        assertEquals(HOST_MAC, leases.holderOf(ip));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_NAK));
    }

    @Test
    void shouldNakRequestOutsideTheSubnetOrForAReservedAddress()
    {
        final UdpReply outside = exchange(dhcpFrame(HOST_MAC, dhcp(DhcpOption.REQUEST, 1, HOST_MAC, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, Ipv4Address.parse("192.168.1.20")))));
        assertEquals(DhcpOption.NAK, outside.dhcpType());
        final UdpReply gateway = exchange(dhcpFrame(HOST_MAC, dhcp(DhcpOption.REQUEST, 2, HOST_MAC, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, GATEWAY))));
        assertEquals(DhcpOption.NAK, gateway.dhcpType());
    }

    @Test
    void shouldGiveDistinctAddressesToTwoHundredClients()
    {
        final Set<Integer> addresses = new HashSet<>();
        for (int i = 0; i < 200; i++)
        {
            final int ip = dora(0x52_54_00_00_10_00L + i, 1000 + i);
            assertTrue(context.isHostAddress(ip) && ip != GATEWAY, Ipv4Address.toString(ip));
            addresses.add(ip);
        }
        assertEquals(200, addresses.size());
        assertEquals(400, services.counters().get(ServiceCounter.FRAMES_IN));
        assertEquals(400, services.counters().get(ServiceCounter.DHCP_HANDLED));
        assertEquals(0, services.counters().totalDrops());
    }

    @Test
    void shouldReportNoOfferWhenTheSubnetIsFull()
    {
        final TapServicesContext tiny = new TapServicesContext().subnet(NETWORK, 30).nanoClock(clock).conclude();
        final InMemoryLeaseProvider tinyLeases = new InMemoryLeaseProvider(tiny, 60, new Random(1), clock);
        services = new TapServices(tiny, tinyLeases, new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
        assertEquals(Ipv4Address.parse("10.128.0.2"), dora(HOST_MAC, 1));
        send(dhcpFrame(HOST_MAC + 1, dhcp(DhcpOption.DISCOVER, 2, HOST_MAC + 1, 0, 0)));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_NO_ADDRESS));
    }

    @Test
    void shouldBroadcastOfferWhenClientSetsBroadcastFlag()
    {
        final UdpReply offer = exchange(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 5, HOST_MAC,
            DhcpMessageFlyweight.FLAG_BROADCAST, 0)));
        assertEquals(MacAddress.BROADCAST, offer.dstMac);
        assertEquals(BROADCAST_IP, offer.dstIp);
        assertEquals(DhcpMessageFlyweight.FLAG_BROADCAST, offer.flags());
    }

    @Test
    void shouldOfferRequestedAddressWhenFreeAndAnotherWhenTaken()
    {
        final int wanted = Ipv4Address.parse("10.128.0.77");
        assertEquals(wanted, discover(HOST_MAC, 1, ipOption(DhcpOption.REQUESTED_IP, wanted)).yiaddr());
        final UdpReply other = discover(HOST_MAC + 1, 2, ipOption(DhcpOption.REQUESTED_IP, wanted));
        assertEquals(DhcpOption.OFFER, other.dhcpType());
        assertNotEquals(wanted, other.yiaddr());
    }

    @Test
    void shouldAnswerInformWithoutLease()
    {
        final int ip = Ipv4Address.parse("10.128.0.9");
        final UdpReply ack = exchange(dhcpFrame(HOST_MAC, ip, GATEWAY, dhcp(DhcpOption.INFORM, 4, HOST_MAC, 0, ip)));
        assertEquals(DhcpOption.ACK, ack.dhcpType());
        assertEquals(0, ack.yiaddr());
        assertEquals(ip, ack.dstIp);
        assertFalse(ack.dhcpOptions().containsKey(DhcpOption.LEASE_TIME));
        assertEquals(GATEWAY, ack.dhcpIntOption(DhcpOption.DNS_SERVERS));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_INFORM));
    }

    @Test
    void shouldDropRequestSelectingAnotherServer()
    {
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.REQUEST, 1, HOST_MAC, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, Ipv4Address.parse("10.128.0.5")),
            ipOption(DhcpOption.SERVER_ID, Ipv4Address.parse("10.128.0.254")))));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.DHCP_OTHER_SERVER));
        assertEquals(-1, leases.holderOf(Ipv4Address.parse("10.128.0.5")));
    }

    @Test
    void shouldNotHandOutDeclinedAddressAgain()
    {
        final int ip = dora(HOST_MAC, 1);
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DECLINE, 2, HOST_MAC, 0, 0,
            ipOption(DhcpOption.REQUESTED_IP, ip), ipOption(DhcpOption.SERVER_ID, GATEWAY))));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_DECLINE));
        assertEquals(DhcpOption.NAK, selectingRequest(HOST_MAC + 1, 3, ip).dhcpType());
    }

    @Test
    void shouldDropRelayedRequests()
    {
        final byte[] message = dhcp(DhcpOption.DISCOVER, 1, HOST_MAC, 0, 0);
        message[24] = 10;
        send(dhcpFrame(HOST_MAC, message));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.DHCP_RELAYED));
    }

    @Test
    void shouldHonourRouterOptionWhenConfigured()
    {
        final int router = Ipv4Address.parse("10.128.0.254");
        final TapServicesContext withRouter = new TapServicesContext().subnet(NETWORK, 24).routerIp(router)
            .nanoClock(clock).conclude();
        services = new TapServices(withRouter, new InMemoryLeaseProvider(withRouter, 600, new Random(3), clock),
            new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
        final UdpReply offer = discover(HOST_MAC, 1);
        assertEquals(router, offer.dhcpIntOption(DhcpOption.ROUTER));
        assertNotEquals(router, offer.yiaddr());
    }

    @Test
    void shouldCountFramesTheSinkRefuses()
    {
        sink.refuse = true;
        send(dhcpFrame(HOST_MAC, dhcp(DhcpOption.DISCOVER, 1, HOST_MAC, 0, 0)));
        assertEquals(1, services.counters().get(ServiceCounter.TAP_WRITE_FAILED));
        assertEquals(0, services.counters().get(ServiceCounter.FRAMES_OUT));
    }

    @Test
    void shouldLetAnExpiredLeaseGoToAnotherClient()
    {
        final int ip = dora(HOST_MAC, 1);
        clock.advance(3601L * 1_000_000_000L);
        assertEquals(DhcpOption.ACK, selectingRequest(HOST_MAC + 1, 2, ip).dhcpType());
    }
}
