package org.ipop.overlay.service.icmp;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.mac;
import static org.ipop.overlay.service.TestFrames.referenceChecksum;
import static org.ipop.overlay.service.TestFrames.u16;
import static org.ipop.overlay.service.TestFrames.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.CapturingFrameSink;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TestFrames;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IcmpEchoResponderTest
{
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private TapServicesContext context;
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).nanoClock(clock).conclude();
        services = new TapServices(context, new InMemoryLeaseProvider(context, 60, new Random(1), clock),
            new InMemoryNameResolver(), ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void ping(final int dst, final byte[] icmp)
    {
        final byte[] frame = TestFrames.ethernet(context.virtualMac(), HOST_MAC, 0x0800,
            TestFrames.ipv4Icmp(HOST_IP, dst, icmp));
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    @Test
    void shouldAnswerPingToTheVirtualGateway()
    {
        final byte[] data = new byte[56];
        new Random(5).nextBytes(data);
        ping(GATEWAY, TestFrames.icmpEcho(8, 0x4d2, 7, data));

        final byte[] reply = sink.takeOnly();
        assertEquals(HOST_MAC, mac(reply, 0));
        assertEquals(context.virtualMac(), mac(reply, 6));
        assertEquals(0, referenceChecksum(reply, 14, 20, 0), "IPv4 header checksum");
        assertEquals(1, reply[23], "protocol ICMP");
        assertEquals(GATEWAY, u32(reply, 26));
        assertEquals(HOST_IP, u32(reply, 30));
        assertEquals(0, reply[34], "echo reply");
        assertEquals(0x4d2, u16(reply, 38));
        assertEquals(7, u16(reply, 40));
        assertArrayEquals(data, Arrays.copyOfRange(reply, 42, reply.length));
        assertEquals(0, referenceChecksum(reply, 34, reply.length - 34, 0), "ICMP checksum");
        assertEquals(1, services.counters().get(ServiceCounter.ICMP_HANDLED));
    }

    @Test
    void shouldNotAnswerOtherIcmpOrBadChecksumOrOtherAddresses()
    {
        ping(GATEWAY, TestFrames.icmpEcho(0, 1, 1, new byte[8]));
        final byte[] corrupt = TestFrames.icmpEcho(8, 1, 1, new byte[8]);
        corrupt[9] = 1;
        ping(GATEWAY, corrupt);
        ping(GATEWAY, new byte[] {8, 0, (byte)0xf7, (byte)0xff});
        ping(Ipv4Address.parse("10.128.0.42"), TestFrames.icmpEcho(8, 1, 1, new byte[8]));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.ICMP_NOT_ECHO_REQUEST));
        assertEquals(1, services.counters().get(DropReason.ICMP_BAD_CHECKSUM));
        assertEquals(1, services.counters().get(DropReason.ICMP_TRUNCATED));
        assertEquals(1, services.counters().get(ServiceCounter.UNHANDLED));
    }

    @Test
    void shouldDropEchoLargerThanTheMtu()
    {
        ping(GATEWAY, TestFrames.icmpEcho(8, 1, 1, new byte[context.mtu()]));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.ICMP_TOO_LARGE));
    }
}
