package org.ipop.overlay.service.dns;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.dnsQuery;
import static org.ipop.overlay.service.TestFrames.hex;
import static org.ipop.overlay.service.TestFrames.u16;
import static org.ipop.overlay.service.TestFrames.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.ipop.overlay.service.UdpReply;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsResponderTest
{
    private static final int DNS_IP = Ipv4Address.parse("10.128.0.1");
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int ALICE_IP = Ipv4Address.parse("10.128.0.42");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private final InMemoryNameResolver names = new InMemoryNameResolver().register("alice", ALICE_IP);
    private TapServicesContext context;
    private TapServices services;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).dnsTtlSeconds(30)
            .nanoClock(clock).conclude();
        services = new TapServices(context, new InMemoryLeaseProvider(context, 60, new Random(1), clock), names,
            ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void send(final byte[] query)
    {
        final byte[] frame = TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP, DNS_IP, 40000, 53, query);
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    private UdpReply ask(final byte[] query)
    {
        send(query);
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(DNS_IP, reply.srcIp);
        assertEquals(53, reply.srcPort);
        assertEquals(HOST_IP, reply.dstIp);
        assertEquals(40000, reply.dstPort);
        assertEquals(HOST_MAC, reply.dstMac);
        assertEquals(context.virtualMac(), reply.srcMac);
        return reply;
    }

    @Test
    void shouldAnswerKnownNameWithARecord()
    {
        final byte[] query = DnsQueryDecoderTest.DIG_ALICE;
        final UdpReply reply = ask(query);
        assertEquals(0x1b2c, reply.dnsId());
        assertEquals(0x8000 | 0x0400 | 0x0100, reply.dnsFlags(), "QR, AA, RD copied, NOERROR");
        assertEquals(1, reply.dnsCount(0));
        assertEquals(1, reply.dnsCount(1));
        assertEquals(0, reply.dnsCount(2));
        assertEquals(0, reply.dnsCount(3));
        final int questionEnd = 12 + 12 + 4;
        assertArrayEquals(Arrays.copyOfRange(query, 12, questionEnd), Arrays.copyOfRange(reply.payload, 12, questionEnd));
        assertArrayEquals(hex("c00c 0001 0001 0000001e 0004 0a80002a"),
            Arrays.copyOfRange(reply.payload, questionEnd, questionEnd + 16));
        assertEquals(questionEnd + 16, reply.payload.length);
        assertEquals(1, services.counters().get(ServiceCounter.DNS_ANSWER));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_HANDLED));
    }

    @Test
    void shouldMatchCaseInsensitivelyAndEchoTheQuestionCase()
    {
        final UdpReply reply = ask(dnsQuery(7, "AlIcE.IPoP", DnsQuestion.TYPE_A));
        assertEquals(0, reply.dnsRcode());
        assertEquals(1, reply.dnsCount(1));
        assertArrayEquals(TestFrames.encodeName("AlIcE.IPoP"), Arrays.copyOfRange(reply.payload, 12, 24));
        assertEquals(ALICE_IP, u32(reply.payload, reply.payload.length - 4));
    }

    @Test
    void shouldAnswerNxdomainForUnknownName()
    {
        final UdpReply reply = ask(dnsQuery(8, "mallory.ipop", DnsQuestion.TYPE_A));
        assertEquals(3, reply.dnsRcode());
        assertEquals(0x0400, reply.dnsFlags() & 0x0400, "authoritative");
        assertEquals(0, reply.dnsCount(1));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_NXDOMAIN));
    }

    @Test
    void shouldAnswerNoDataForAaaaOfKnownName()
    {
        final UdpReply reply = ask(dnsQuery(9, "alice.ipop", DnsQuestion.TYPE_AAAA));
        assertEquals(0, reply.dnsRcode());
        assertEquals(1, reply.dnsCount(0));
        assertEquals(0, reply.dnsCount(1));
        assertEquals(DnsQuestion.TYPE_AAAA, u16(reply.payload, 12 + 12));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_NODATA));
    }

    @Test
    void shouldAnswerAnyWithTheARecord()
    {
        final UdpReply reply = ask(dnsQuery(10, "alice.ipop", DnsQuestion.TYPE_ANY));
        assertEquals(1, reply.dnsCount(1));
        assertEquals(ALICE_IP, u32(reply.payload, reply.payload.length - 4));
    }

    @Test
    void shouldRefuseNamesOutsideIpop()
    {
        final UdpReply reply = ask(dnsQuery(11, "example.com", DnsQuestion.TYPE_A));
        assertEquals(5, reply.dnsRcode());
        assertEquals(0, reply.dnsFlags() & 0x0400, "not authoritative");
        assertEquals(1, reply.dnsCount(0));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_REFUSED));
    }

    @Test
    void shouldAnswerNxdomainForDeeperNamesAndNoDataForTheDomain()
    {
        assertEquals(3, ask(dnsQuery(12, "www.alice.ipop", DnsQuestion.TYPE_A)).dnsRcode());
        assertEquals(3, ask(dnsQuery(13, "al_ice.ipop", DnsQuestion.TYPE_A)).dnsRcode());
        final UdpReply apex = ask(dnsQuery(14, "ipop", DnsQuestion.TYPE_A));
        assertEquals(0, apex.dnsRcode());
        assertEquals(0, apex.dnsCount(1));
    }

    @Test
    void shouldAnswerFormerrForTwoQuestions()
    {
        final byte[] query = dnsQuery(15, "alice.ipop", DnsQuestion.TYPE_A);
        query[5] = 2;
        final UdpReply reply = ask(query);
        assertEquals(1, reply.dnsRcode());
        assertEquals(15, reply.dnsId());
        assertEquals(0, reply.dnsCount(0));
        assertEquals(12, reply.payload.length);
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORMERR));
    }

    @Test
    void shouldAnswerNotimpForOtherOpcodes()
    {
        final byte[] query = dnsQuery(16, "alice.ipop", DnsQuestion.TYPE_A);
        query[2] = (byte)(query[2] | (2 << 3));
        final UdpReply reply = ask(query);
        assertEquals(4, reply.dnsRcode());
        assertEquals(2, (reply.dnsFlags() >>> 11) & 0xF);
    }

    @Test
    void shouldDropAndCountCompressionLoop()
    {
        send(hex("0001 0100 0001 0000 0000 0000 c00c 0001 0001"));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.DNS_COMPRESSION_LOOP));
        assertEquals(0, services.counters().get(ServiceCounter.DNS_HANDLED));
    }

    @Test
    void shouldDropAndCountTruncatedHeader()
    {
        send(hex("1b2c 0120 0001 0000 0000"));
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(DropReason.DNS_TRUNCATED));
    }

    @Test
    void shouldNotAnswerQueriesToOtherAddresses()
    {
        final byte[] frame = TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP,
            Ipv4Address.parse("8.8.8.8"), 40000, 53, DnsQueryDecoderTest.DIG_ALICE);
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(ServiceCounter.UNHANDLED));
    }

    @Test
    void shouldAnswerWhenTheResolverCompletesLaterAndExpireWhenItDoesNot()
    {
        final List<NameCallback> pending = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        services = new TapServices(context, new InMemoryLeaseProvider(context, 60, new Random(1), clock),
            (hostname, callback) ->
            {
                asked.add(hostname);
                pending.add(callback);
            },
            ip -> VirtualIpResolver.UNKNOWN, sink);

        send(dnsQuery(21, "Alice.ipop", DnsQuestion.TYPE_A));
        send(dnsQuery(21, "Alice.ipop", DnsQuestion.TYPE_A));
        assertEquals(List.of("alice"), asked);
        assertEquals(1, services.counters().get(DropReason.DNS_DUPLICATE_PENDING));
        assertTrue(sink.frames.isEmpty());
        pending.get(0).onResolved(ALICE_IP);
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(21, reply.dnsId());
        assertEquals(ALICE_IP, u32(reply.payload, reply.payload.length - 4));

        send(dnsQuery(22, "bob.ipop", DnsQuestion.TYPE_A));
        clock.advance(TapServicesContext.DEFAULT_PENDING_TIMEOUT_NS);
        assertEquals(1, services.doWork());
        pending.get(1).onFailed();
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.counters().get(ServiceCounter.DNS_PENDING_EXPIRED));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_LATE_CALLBACK));

        send(dnsQuery(23, "carol.ipop", DnsQuestion.TYPE_A));
        pending.get(2).onFailed();
        assertEquals(2, new UdpReply(sink.takeOnly()).dnsRcode(), "SERVFAIL");
    }
}
