package org.ipop.overlay.service.arp;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.arpFrame;
import static org.ipop.overlay.service.TestFrames.mac;
import static org.ipop.overlay.service.TestFrames.u16;
import static org.ipop.overlay.service.TestFrames.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.CapturingFrameSink;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TestFrames;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyArpResponderTest
{
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int REMOTE_IP = Ipv4Address.parse("10.128.0.42");
    private static final int FREE_IP = Ipv4Address.parse("10.128.0.43");
    private static final int PENDING_IP = Ipv4Address.parse("10.128.0.44");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private final List<Integer> looked = new ArrayList<>();
    private TapServicesContext context;
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).nanoClock(clock).conclude();
        final VirtualIpResolver resolver = ip ->
        {
            looked.add(ip);
            return ip == REMOTE_IP ? VirtualIpResolver.REMOTE :
                ip == PENDING_IP ? VirtualIpResolver.UNKNOWN : VirtualIpResolver.NOT_REMOTE;
        };
        services = new TapServices(context, new InMemoryLeaseProvider(context, 60, new Random(1), clock),
            new InMemoryNameResolver(), resolver, sink);
    }

    private void send(final byte[] frame)
    {
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    private void assertReplyFor(final int targetIp)
    {
        final byte[] reply = sink.takeOnly();
        assertEquals(42, reply.length);
        assertEquals(HOST_MAC, mac(reply, 0));
        assertEquals(context.virtualMac(), mac(reply, 6));
        assertEquals(0x0806, u16(reply, 12));
        assertEquals(2, u16(reply, 20), "reply opcode");
        assertEquals(context.virtualMac(), mac(reply, 22));
        assertEquals(targetIp, u32(reply, 28));
        assertEquals(HOST_MAC, mac(reply, 32));
        assertEquals(HOST_IP, u32(reply, 38));
    }

    @Test
    void shouldAnswerForTheVirtualGatewayWithTheVirtualMac()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY));
        assertReplyFor(GATEWAY);
        assertEquals(1, services.counters().get(ServiceCounter.ARP_HANDLED));
        assertTrue(looked.isEmpty(), "the gateway needs no lookup");
    }

    @Test
    void shouldAnswerForRemoteVirtualIp()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, REMOTE_IP));
        assertReplyFor(REMOTE_IP);
        assertEquals(List.of(REMOTE_IP), looked);
    }

    @Test
    void shouldLearnHostAddressesFromArp()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY));
        assertEquals(HOST_MAC, services.hostAddresses().hostMac());
        assertEquals(HOST_IP, services.hostAddresses().hostIp());
    }

    @Test
    void shouldNeverAnswerForTheHostsOwnIp()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY));
        sink.frames.clear();
        send(arpFrame(1, HOST_MAC, 0, 0, HOST_IP));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.ARP_TARGET_IS_HOST));
    }

    @Test
    void shouldIgnoreGratuitousArp()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, HOST_IP));
        send(arpFrame(2, HOST_MAC, HOST_IP, -1L & 0xFFFF_FFFF_FFFFL, HOST_IP));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.ARP_GRATUITOUS));
        assertEquals(1, services.counters().get(DropReason.ARP_REPLY_FROM_HOST));
    }

    @Test
    void shouldNotAnswerForFreeUnresolvedOrOutsideAddresses()
    {
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, FREE_IP));
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, PENDING_IP));
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, Ipv4Address.parse("192.168.0.1")));
        send(arpFrame(1, HOST_MAC, HOST_IP, 0, Ipv4Address.parse("10.128.0.255")));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.ARP_TARGET_NOT_REMOTE));
        assertEquals(1, services.counters().get(DropReason.ARP_TARGET_UNRESOLVED));
        assertEquals(2, services.counters().get(DropReason.ARP_TARGET_OUTSIDE_SUBNET));
    }

    @Test
    void shouldAnswerProbeForGatewayToTheProbingMac()
    {
        send(arpFrame(1, HOST_MAC, 0, 0, GATEWAY));
        final byte[] reply = sink.takeOnly();
        assertEquals(HOST_MAC, mac(reply, 0));
        assertEquals(0, u32(reply, 38));
        assertEquals(0, services.hostAddresses().hostIp(), "a probe teaches no IP");
    }

    @Test
    void shouldLearnHostIpFromIpv4Source()
    {
        final byte[] frame = TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP, REMOTE_IP, 1000, 2000,
            new byte[4]);
        send(frame);
        assertEquals(HOST_IP, services.hostAddresses().hostIp());
        assertEquals(1, services.counters().get(ServiceCounter.UNHANDLED));
    }
}
