package org.ipop.overlay.service;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.DhcpOption;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and truncated mutations of valid frames: nothing throws, every frame is accounted for exactly
 * once, and every frame written back is well formed. Mutated frames get their IPv4, UDP and ICMP
 * checksums repaired half of the time so that the mutations reach the service decoders.
 */
class TapServicesHostileInputTest
{
    private static final long SEED = 0x1F0_0BADL;
    private static final int CASES = 100_000;
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int GATEWAY = Ipv4Address.parse("10.128.0.1");
    private static final byte[] INTERESTING = {0, 1, 2, 3, 4, 5, 6, 7, 8, 53, 63, 64, (byte)0x7F, (byte)0x80,
        (byte)0xC0, (byte)0xFF, (byte)0xFE, 12, 50, 52, 54, 55, 61};

    @Test
    @Timeout(120) // a guard against a decoder loop, not a timing assertion: the run takes about a second
    void shouldSurviveAndAccountForEveryMutatedFrame()
    {
        final Random random = new Random(SEED);
        final CachedNanoClock clock = new CachedNanoClock();
        final CapturingFrameSink sink = new CapturingFrameSink();
        final TapServicesContext context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
            .maxPendingDhcp(8).maxPendingDns(8).nanoClock(clock).conclude();
        final InMemoryNameResolver names = new InMemoryNameResolver().register("alice", Ipv4Address.parse("10.128.0.42"));
        final TapServices services = new TapServices(context,
            new InMemoryLeaseProvider(context, 60, new Random(SEED + 1), clock), names,
            ip -> ip % 3 == 0 ? VirtualIpResolver.REMOTE : ip % 3 == 1 ? VirtualIpResolver.NOT_REMOTE :
                VirtualIpResolver.UNKNOWN, sink);
        final List<byte[]> corpus = corpus(context);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final ServiceCounters counters = services.counters();
        long written = 0;

        for (int i = 0; i < CASES; i++)
        {
            final byte[] frame = mutate(corpus.get(random.nextInt(corpus.size())), random);
            final int offset = random.nextInt(buffer.capacity() - frame.length + 1);
            buffer.putBytes(offset, frame);
            final int length = random.nextInt(500) == 0 ? frame.length + 1 + random.nextInt(4096) : frame.length;
            try
            {
                services.onFrame(buffer, offset, length);
                if (random.nextInt(64) == 0)
                {
                    clock.advance(random.nextInt(3) * 5_000_000_000L);
                    services.doWork();
                }
            }
            catch (final RuntimeException | AssertionError ex)
            {
                fail("case " + i + " (seed " + SEED + ") threw on " + hexOf(frame), ex);
            }
            final long accounted = counters.get(ServiceCounter.ARP_HANDLED) +
                counters.get(ServiceCounter.DHCP_HANDLED) + counters.get(ServiceCounter.DNS_HANDLED) +
                counters.get(ServiceCounter.ICMP_HANDLED) +
                counters.get(ServiceCounter.UNHANDLED) + counters.totalDrops();
            assertEquals(i + 1L, counters.get(ServiceCounter.FRAMES_IN));
            assertEquals(i + 1L, accounted, "case " + i + ": every frame counted exactly once");
            for (final byte[] out : sink.frames)
            {
                assertWellFormed(out, context);
            }
            written += sink.frames.size();
            sink.frames.clear();
        }
        assertEquals(written, counters.get(ServiceCounter.FRAMES_OUT));
        // The mutations must reach every service, not just die at the first checksum.
        assertTrue(counters.get(ServiceCounter.DHCP_HANDLED) > 1000, counters.snapshot().toString());
        assertTrue(counters.get(ServiceCounter.DNS_HANDLED) > 1000, counters.snapshot().toString());
        assertTrue(counters.get(ServiceCounter.ARP_HANDLED) > 1000, counters.snapshot().toString());
        assertTrue(counters.get(ServiceCounter.ICMP_HANDLED) > 500, counters.snapshot().toString());
        assertTrue(counters.get(DropReason.DHCP_BAD_OPTION) > 0, counters.snapshot().toString());
        assertTrue(counters.get(DropReason.DNS_COMPRESSION_LOOP) + counters.get(DropReason.DNS_BAD_NAME) > 0,
            counters.snapshot().toString());
        assertTrue(counters.get(DropReason.IPV4_BAD_CHECKSUM) > 0, counters.snapshot().toString());
    }

    private static List<byte[]> corpus(final TapServicesContext context)
    {
        final long vmac = context.virtualMac();
        final int dns = context.dnsIp();
        final byte[] compressed = hex("0001 0100 0001 0000 0000 0000 05 616c696365 04 69706f70 00 0001 0001");
        return List.of(
            TestFrames.dhcpFrame(HOST_MAC, TestFrames.dhcp(DhcpOption.DISCOVER, 1, HOST_MAC, 0, 0,
                TestFrames.option(61, hex("01525400123456")), TestFrames.option(55, hex("0103060c0f1c2a")),
                TestFrames.option(12, "alice".getBytes()))),
            TestFrames.dhcpFrame(HOST_MAC, TestFrames.dhcp(DhcpOption.REQUEST, 2, HOST_MAC, 0x8000, 0,
                TestFrames.ipOption(50, Ipv4Address.parse("10.128.0.77")), TestFrames.ipOption(54, GATEWAY))),
            TestFrames.dhcpFrame(HOST_MAC, HOST_IP, GATEWAY, TestFrames.dhcp(DhcpOption.REQUEST, 3, HOST_MAC, 0, HOST_IP)),
            TestFrames.dhcpFrame(HOST_MAC, HOST_IP, GATEWAY, TestFrames.dhcp(DhcpOption.INFORM, 4, HOST_MAC, 0, HOST_IP)),
            TestFrames.dhcpFrame(HOST_MAC, HOST_IP, GATEWAY, TestFrames.dhcp(DhcpOption.RELEASE, 5, HOST_MAC, 0, HOST_IP)),
            TestFrames.udpFrame(HOST_MAC, vmac, HOST_IP, dns, 40000, 53, TestFrames.dnsQuery(7, "alice.ipop", 1)),
            TestFrames.udpFrame(HOST_MAC, vmac, HOST_IP, dns, 40001, 53, TestFrames.dnsQuery(8, "bob.ipop", 28)),
            TestFrames.udpFrame(HOST_MAC, vmac, HOST_IP, dns, 40002, 53, TestFrames.dnsQuery(9, "example.com", 1)),
            TestFrames.udpFrame(HOST_MAC, vmac, HOST_IP, dns, 40003, 53, compressed),
            TestFrames.arpFrame(1, HOST_MAC, HOST_IP, 0, GATEWAY),
            TestFrames.arpFrame(1, HOST_MAC, HOST_IP, 0, Ipv4Address.parse("10.128.0.42")),
            TestFrames.arpFrame(2, HOST_MAC, HOST_IP, vmac, GATEWAY),
            TestFrames.udpFrame(HOST_MAC, vmac, HOST_IP, GATEWAY, 1234, 4321, new byte[16]),
            TestFrames.ethernet(vmac, HOST_MAC, 0x0800, TestFrames.ipv4Icmp(HOST_IP, GATEWAY,
                TestFrames.icmpEcho(8, 0x1234, 1, hex("000102030405060708090a0b0c0d0e0f")))));
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        byte[] frame = original.clone();
        final int kind = random.nextInt(10);
        switch (kind)
        {
            case 0:
                return Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            case 1:
                frame = new byte[random.nextInt(600)];
                random.nextBytes(frame);
                return frame;
            case 2:
                frame = Arrays.copyOf(frame, frame.length + 1 + random.nextInt(64));
                break;
            default:
                break;
        }
        final int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && frame.length > 0; e++)
        {
            final int at = random.nextInt(frame.length);
            final int op = random.nextInt(3);
            if (op == 0)
            {
                frame[at] = (byte)random.nextInt(256);
            }
            else if (op == 1)
            {
                frame[at] = INTERESTING[random.nextInt(INTERESTING.length)];
            }
            else
            {
                frame[at] ^= (byte)(1 << random.nextInt(8));
            }
        }
        if (random.nextBoolean())
        {
            repairChecksums(frame);
        }
        if (random.nextInt(4) == 0)
        {
            frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
        }
        return frame;
    }

    /** Recomputes the IPv4 header and UDP checksums where the lengths allow it, with the reference code. */
    private static void repairChecksums(final byte[] f)
    {
        if (f.length < 34 || TestFrames.u16(f, 12) != 0x0800)
        {
            return;
        }
        final int ihl = (f[14] & 0xF) * 4;
        if (ihl < 20 || 14 + ihl > f.length)
        {
            return;
        }
        f[24] = 0;
        f[25] = 0;
        final int ipSum = TestFrames.referenceChecksum(f, 14, ihl, 0);
        f[24] = (byte)(ipSum >>> 8);
        f[25] = (byte)ipSum;
        final int udp = 14 + ihl;
        if (f[23] == 1 && udp + 4 <= f.length)
        {
            final int icmpLength = Math.min(TestFrames.u16(f, 16) - ihl, f.length - udp);
            if (icmpLength >= 4)
            {
                f[udp + 2] = 0;
                f[udp + 3] = 0;
                final int sum = TestFrames.referenceChecksum(f, udp, icmpLength, 0);
                f[udp + 2] = (byte)(sum >>> 8);
                f[udp + 3] = (byte)sum;
            }
            return;
        }
        if (f[23] != 17 || udp + 8 > f.length)
        {
            return;
        }
        final int udpLength = TestFrames.u16(f, udp + 4);
        if (udpLength < 8 || udp + udpLength > f.length)
        {
            return;
        }
        f[udp + 6] = 0;
        f[udp + 7] = 0;
        int sum = TestFrames.referenceChecksum(f, udp, udpLength,
            TestFrames.pseudoHeaderSum(TestFrames.u32(f, 26), TestFrames.u32(f, 30), 17, udpLength));
        if (sum == 0)
        {
            sum = 0xFFFF;
        }
        f[udp + 6] = (byte)(sum >>> 8);
        f[udp + 7] = (byte)sum;
    }

    private static void assertWellFormed(final byte[] out, final TapServicesContext context)
    {
        assertEquals(context.virtualMac(), TestFrames.mac(out, 6), "replies come from the virtual MAC");
        if (TestFrames.u16(out, 12) == 0x0806)
        {
            assertEquals(42, out.length);
            assertEquals(2, TestFrames.u16(out, 20));
        }
        else if (out[23] == 1)
        {
            assertEquals(0, TestFrames.referenceChecksum(out, 14, 20, 0), "IPv4 header checksum");
            assertEquals(0, TestFrames.referenceChecksum(out, 34, out.length - 34, 0), "ICMP checksum");
            assertEquals(0, out[34], "echo reply");
        }
        else
        {
            final UdpReply reply = new UdpReply(out);
            assertTrue(reply.srcPort == 67 || reply.srcPort == 53);
        }
    }

    private static String hexOf(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
