package org.ipop.overlay.service;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.DhcpOption;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TapServicesTest
{
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private TapServicesContext context;
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).nanoClock(clock);
        services = new TapServices(context, new InMemoryLeaseProvider(context.conclude(), 60, new Random(1), clock),
            new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void send(final byte[] frame)
    {
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldCountOtherEtherTypesAndProtocolsAsUnhandled()
    {
        send(TestFrames.ethernet(-1L >>> 16, HOST_MAC, 0x86DD, new byte[40]));
        final byte[] tcp = TestFrames.ipv4Udp(HOST_IP, GATEWAY, 1, 2, new byte[20], false);
        tcp[9] = 6;
        tcp[10] = 0;
        tcp[11] = 0;
        final int sum = TestFrames.referenceChecksum(tcp, 0, 20, 0);
        tcp[10] = (byte)(sum >>> 8);
        tcp[11] = (byte)sum;
        send(TestFrames.ethernet(context.virtualMac(), HOST_MAC, 0x0800, tcp));
        send(TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP, GATEWAY, 5000, 5001, new byte[3]));
        assertEquals(3, services.counters().get(ServiceCounter.UNHANDLED));
        assertEquals(3, services.counters().get(ServiceCounter.FRAMES_IN));
        assertTrue(sink.frames.isEmpty());
    }

    @Test
    void shouldDropBadUdpChecksumOnServicePortsUnlessVerificationIsOff()
    {
        final byte[] frame = TestFrames.dhcpFrame(HOST_MAC, TestFrames.dhcp(DhcpOption.DISCOVER, 1, HOST_MAC, 0, 0));
        frame[41] ^= 0x01;
        send(frame);
        assertEquals(1, services.counters().get(DropReason.UDP_BAD_CHECKSUM));
        assertTrue(sink.frames.isEmpty());

        final TapServicesContext offload = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
            .verifyUdpChecksums(false).nanoClock(clock).conclude();
        services = new TapServices(offload, new InMemoryLeaseProvider(offload, 60, new Random(1), clock),
            new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
        send(frame);
        assertEquals(DhcpOption.OFFER, new UdpReply(sink.takeOnly()).dhcpType());
    }

    @Test
    void shouldAnswerUdpExactlyAtTheEndpointsItListsForThePuntRules()
    {
        assertEquals(java.util.List.of(
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DHCP, Ipv4Address.LIMITED_BROADCAST, 67),
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DHCP, GATEWAY, 67),
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DNS, GATEWAY, 53)), services.udpEndpoints());

        final int otherHost = Ipv4Address.parse("10.128.0.42");
        send(TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP, otherHost, 40000, 53,
            TestFrames.dnsQuery(1, "b.ipop", 1)));
        send(TestFrames.dhcpFrame(HOST_MAC, HOST_IP, otherHost, TestFrames.dhcp(DhcpOption.INFORM, 2, HOST_MAC, 0, HOST_IP)));
        assertEquals(2, services.counters().get(ServiceCounter.UNHANDLED));
        assertTrue(sink.frames.isEmpty());

        send(TestFrames.dhcpFrame(HOST_MAC, HOST_IP, GATEWAY, TestFrames.dhcp(DhcpOption.INFORM, 3, HOST_MAC, 0, HOST_IP)));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_HANDLED));
        assertEquals(DhcpOption.ACK, new UdpReply(sink.takeOnly()).dhcpType());
    }

    @Test
    void shouldDropFramesOutsideTheBufferWithoutReadingThem()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        services.onFrame(buffer, 60, 10);
        services.onFrame(buffer, -1, 10);
        services.onFrame(buffer, 0, -5);
        services.onFrame(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(4, services.counters().get(DropReason.FRAME_OUT_OF_BOUNDS));
    }

    @Test
    void shouldReadFrameAtAnOffsetInsideALargerBuffer()
    {
        final byte[] frame = TestFrames.arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY);
        final byte[] big = new byte[frame.length + 100];
        System.arraycopy(frame, 0, big, 37, frame.length);
        services.onFrame(new UnsafeBuffer(big), 37, frame.length);
        assertEquals(1, services.counters().get(ServiceCounter.ARP_REPLY));
    }

    @Test
    void shouldSnapshotNonZeroCountersByName()
    {
        send(new byte[5]);
        send(TestFrames.arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY));
        final Map<String, Long> snapshot = services.counters().snapshot();
        assertEquals(2L, snapshot.get("frames_in"));
        assertEquals(1L, snapshot.get("arp_handled"));
        assertEquals(1L, snapshot.get("drop.ethernet_truncated"));
        assertTrue(!snapshot.containsKey("unhandled"));
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        assertThrows(IllegalStateException.class, () -> new TapServicesContext().conclude());
        assertThrows(IllegalStateException.class,
            () -> new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.1"), 24).conclude());
        assertThrows(IllegalStateException.class,
            () -> new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
                .dnsIp(Ipv4Address.parse("10.129.0.1")).conclude());
        assertThrows(IllegalStateException.class,
            () -> new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
                .virtualMac(0x01_00_5e_00_00_01L).conclude());
        assertThrows(IllegalStateException.class,
            () -> new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).mtu(100).conclude());
    }
}
