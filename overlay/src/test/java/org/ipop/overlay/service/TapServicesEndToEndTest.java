package org.ipop.overlay.service;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.dhcp;
import static org.ipop.overlay.service.TestFrames.dhcpFrame;
import static org.ipop.overlay.service.TestFrames.ipOption;
import static org.ipop.overlay.service.TestFrames.option;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.DhcpOption;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.DnsQuestion;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.Test;

/** Two hosts of one namespace, the way the simulator wires the in-memory providers. */
class TapServicesEndToEndTest
{
    private final CachedNanoClock clock = new CachedNanoClock();
    private final TapServicesContext context = new TapServicesContext()
        .subnet(Ipv4Address.parse("10.128.0.0"), 24).nanoClock(clock).conclude();
    private final InMemoryNameResolver names = new InMemoryNameResolver();
    private final InMemoryLeaseProvider leases =
        new InMemoryLeaseProvider(context, 600, new Random(11), clock).registerHostnamesIn(names);

    private static UdpReply exchange(final TapServices services, final CapturingFrameSink sink, final byte[] frame)
    {
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
        return new UdpReply(sink.takeOnly());
    }

    private int dora(final TapServices services, final CapturingFrameSink sink, final long mac, final String name)
    {
        final byte[] hostname = option(DhcpOption.HOST_NAME, name.getBytes());
        final UdpReply offer = exchange(services, sink, dhcpFrame(mac, dhcp(DhcpOption.DISCOVER, 1, mac, 0, 0, hostname)));
        final UdpReply ack = exchange(services, sink, dhcpFrame(mac, dhcp(DhcpOption.REQUEST, 1, mac, 0, 0, hostname,
            ipOption(DhcpOption.REQUESTED_IP, offer.yiaddr()), ipOption(DhcpOption.SERVER_ID, context.gatewayIp()))));
        assertEquals(DhcpOption.ACK, ack.dhcpType());
        return ack.yiaddr();
    }

    @Test
    void shouldResolveTheHostnameAnotherHostRegisteredThroughDhcp()
    {
        final CapturingFrameSink aliceSink = new CapturingFrameSink();
        final CapturingFrameSink bobSink = new CapturingFrameSink();
        final VirtualIpResolver remoteIfLeased = ip -> leases.holderOf(ip) != -1 ? VirtualIpResolver.REMOTE :
            VirtualIpResolver.NOT_REMOTE;
        final TapServices aliceNode = new TapServices(context, leases, names, remoteIfLeased, aliceSink);
        final TapServices bobNode = new TapServices(context, leases, names, remoteIfLeased, bobSink);

        final long bobMac = HOST_MAC + 1;
        final int aliceIp = dora(aliceNode, aliceSink, HOST_MAC, "alice");
        final int bobIp = dora(bobNode, bobSink, bobMac, "bob");

        final UdpReply answer = exchange(bobNode, bobSink, TestFrames.udpFrame(bobMac, context.virtualMac(), bobIp,
            context.dnsIp(), 33333, 53, TestFrames.dnsQuery(99, "alice.ipop", DnsQuestion.TYPE_A)));
        assertEquals(0, answer.dnsRcode());
        assertEquals(aliceIp, TestFrames.u32(answer.payload, answer.payload.length - 4));

        final byte[] whoHas = TestFrames.arpFrame(1, bobMac, bobIp, 0, aliceIp);
        bobNode.onFrame(new UnsafeBuffer(whoHas), 0, whoHas.length);
        assertEquals(context.virtualMac(), TestFrames.mac(bobSink.takeOnly(), 22));

        final byte[] release = dhcpFrame(HOST_MAC, aliceIp, context.gatewayIp(),
            dhcp(DhcpOption.RELEASE, 2, HOST_MAC, 0, aliceIp));
        aliceNode.onFrame(new UnsafeBuffer(release), 0, release.length);
        assertEquals(1, aliceNode.counters().get(ServiceCounter.DHCP_RELEASE));
        final UdpReply gone = exchange(bobNode, bobSink, TestFrames.udpFrame(bobMac, context.virtualMac(), bobIp,
            context.dnsIp(), 33333, 53, TestFrames.dnsQuery(100, "alice.ipop", DnsQuestion.TYPE_A)));
        assertEquals(3, gone.dnsRcode(), "NXDOMAIN after release");
    }
}
