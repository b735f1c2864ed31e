package org.ipop.overlay.service.dns;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.ipop.overlay.service.TestFrames.dnsQuery;
import static org.ipop.overlay.service.TestFrames.u16;
import static org.ipop.overlay.service.TestFrames.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the TAP services with real DNS query frames against small DNS servers on loopback sockets.
 */
@Timeout(30)
class DnsForwarderTest
{
    private static final int DNS_IP = Ipv4Address.parse("10.128.0.1");
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int ALICE_IP = Ipv4Address.parse("10.128.0.42");
    private static final int EXAMPLE_IP = Ipv4Address.parse("192.0.2.80");
    private static final int CLIENT_PORT = 40000;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    private static final long AWAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final CachedNanoClock clock = new CachedNanoClock();
    private final CapturingFrameSink sink = new CapturingFrameSink();
    private final DatagramSocket upstream = loopbackSocket();
    private final DatagramSocket secondUpstream = loopbackSocket();
    private TapServicesContext context;
    private TapServices services;

    @AfterEach
    void tearDown()
    {
        if (services != null)
        {
            services.close();
        }
        upstream.close();
        secondUpstream.close();
    }

    private void start(final TapServicesContext base, final DatagramSocket... upstreams)
    {
        final List<InetSocketAddress> addresses = Arrays.stream(upstreams)
            .map(s -> (InetSocketAddress)s.getLocalSocketAddress()).toList();
        context = base.subnet(Ipv4Address.parse("10.128.0.0"), 24).nanoClock(clock).dnsUpstreams(addresses)
            .dnsForwardTimeoutNs(TIMEOUT_NS).conclude();
        services = new TapServices(context, new InMemoryLeaseProvider(context, 60, new Random(1), clock),
            new InMemoryNameResolver().register("alice", ALICE_IP), ip -> VirtualIpResolver.UNKNOWN, sink);
    }

    private void start(final DatagramSocket... upstreams)
    {
        start(new TapServicesContext(), upstreams);
    }

    @Test
    void shouldRelayUpstreamAnswerUnderTheClientsId() throws IOException
    {
        start(new TapServicesContext().mtu(1500), upstream);
        final byte[] query = dnsQuery(0x1234, "www.Example.com", DnsQuestion.TYPE_A);
        send(query, CLIENT_PORT);
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARDED));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_HANDLED));
        assertTrue(sink.frames.isEmpty(), "nothing answered before the upstream does");

        final DatagramPacket forwarded = receive(upstream);
        final byte[] asked = Arrays.copyOf(forwarded.getData(), forwarded.getLength());
        assertEquals(query.length, asked.length);
        assertArrayEquals(Arrays.copyOfRange(query, 2, query.length), Arrays.copyOfRange(asked, 2, asked.length),
            "everything but the ID forwarded as the client sent it");
        assertEquals(context.dnsUpstreams().get(0).getAddress(), InetAddress.getLoopbackAddress());

        upstream.send(packet(answer(asked, u16(asked, 0), EXAMPLE_IP, 1), forwarded));
        final UdpReply reply = awaitReply();
        assertEquals(0x1234, reply.dnsId());
        assertEquals(0x8180, reply.dnsFlags(), "the upstream's flags, NOERROR");
        assertEquals(1, reply.dnsCount(0));
        assertEquals(1, reply.dnsCount(1));
        assertEquals(EXAMPLE_IP, u32(reply.payload, reply.payload.length - 4));
        final int questionEnd = 12 + TestFrames.encodeName("www.Example.com").length + 4;
        assertArrayEquals(Arrays.copyOfRange(query, 12, questionEnd), Arrays.copyOfRange(reply.payload, 12, questionEnd));
        assertEquals(questionEnd + 16, reply.payload.length, "the upstream's answer as it sent it");
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_ANSWERED));
        assertEquals(0, services.dnsForwarder().pendingCount());
    }

    @Test
    void shouldDrawADistinctUpstreamIdForEveryPendingQuery() throws IOException
    {
        start(upstream);
        final int queries = 32;
        for (int i = 0; i < queries; i++)
        {
            send(dnsQuery(7, "host" + i + ".example.org", DnsQuestion.TYPE_A), CLIENT_PORT + i);
        }
        final Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < queries; i++)
        {
            ids.add(u16(data(receive(upstream)), 0));
        }
        assertEquals(queries, ids.size(), "same client ID, yet 32 different upstream IDs");
        assertEquals(queries, services.dnsForwarder().pendingCount());
    }

    @Test
    void shouldTryTheNextUpstreamAfterATimeoutThenAnswerServfail() throws IOException
    {
        start(upstream, secondUpstream);
        final byte[] query = dnsQuery(0x0BAD, "slow.example.net", DnsQuestion.TYPE_A);
        send(query, CLIENT_PORT);
        final DatagramPacket first = receive(upstream);

        clock.advance(TIMEOUT_NS - 1);
        services.doWork();
        assertEquals(0, services.counters().get(ServiceCounter.DNS_FORWARD_RETRIED), "not before the timeout");
        clock.advance(1);
        services.doWork();
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_RETRIED));
        final byte[] second = data(receive(secondUpstream));
        final int questionEnd = 12 + TestFrames.encodeName("slow.example.net").length + 4;
        assertArrayEquals(Arrays.copyOfRange(query, 2, questionEnd), Arrays.copyOfRange(second, 2, questionEnd));

        clock.advance(TIMEOUT_NS);
        services.doWork();
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(0x0BAD, reply.dnsId());
        assertEquals(DnsHeaderFlyweight.RCODE_SERVFAIL, reply.dnsRcode());
        assertEquals(0x8000, reply.dnsFlags() & 0x8000);
        assertEquals(1, reply.dnsCount(0));
        assertEquals(0, reply.dnsCount(1));
        assertArrayEquals(Arrays.copyOfRange(query, 12, questionEnd), Arrays.copyOfRange(reply.payload, 12, questionEnd));
        assertEquals(questionEnd, reply.payload.length);
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_TIMED_OUT));
        assertEquals(0, services.dnsForwarder().pendingCount());

        final byte[] late = data(first);
        upstream.send(packet(answer(late, u16(late, 0), EXAMPLE_IP, 1), first));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_UNKNOWN_ID, 1);
        assertTrue(sink.frames.isEmpty(), "a late answer is not relayed");
    }

    @Test
    void shouldDropSpoofedAndMalformedAnswersAndKeepWaitingForTheRealOne() throws IOException
    {
        start(upstream);
        send(dnsQuery(0x4242, "bank.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        final DatagramPacket forwarded = receive(upstream);
        final byte[] asked = data(forwarded);
        final int id = u16(asked, 0);
        final int evilIp = Ipv4Address.parse("198.51.100.66");

        try (DatagramSocket spoofer = loopbackSocket())
        {
            spoofer.send(packet(answer(asked, id, evilIp, 1), forwarded));
            awaitCounter(ServiceCounter.DNS_UPSTREAM_WRONG_SOURCE, 1);
        }
        upstream.send(packet(answer(asked, id ^ 0x5A5A, evilIp, 1), forwarded));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_UNKNOWN_ID, 1);
        final byte[] otherQuestion = dnsQuery(id, "bank.example.evil", DnsQuestion.TYPE_A);
        upstream.send(packet(answer(otherQuestion, id, evilIp, 1), forwarded));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_QUESTION_MISMATCH, 1);
        final byte[] otherType = dnsQuery(id, "bank.example", DnsQuestion.TYPE_AAAA);
        upstream.send(packet(answer(otherType, id, evilIp, 1), forwarded));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_QUESTION_MISMATCH, 2);
        upstream.send(packet(new byte[] {(byte)(id >>> 8), (byte)id, (byte)0x81, 0x00, 0}, forwarded));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_MALFORMED, 1);
        upstream.send(packet(asked, forwarded));
        awaitCounter(ServiceCounter.DNS_UPSTREAM_MALFORMED, 2);
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.dnsForwarder().pendingCount());

        upstream.send(packet(answer(asked, id, EXAMPLE_IP, 1), forwarded));
        final UdpReply reply = awaitReply();
        assertEquals(0x4242, reply.dnsId());
        assertEquals(EXAMPLE_IP, u32(reply.payload, reply.payload.length - 4));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_ANSWERED));
    }

    @Test
    void shouldCountEveryHostileUpstreamDatagramExactlyOnce() throws IOException
    {
        start(upstream);
        send(dnsQuery(0x7777, "target.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        final DatagramPacket forwarded = receive(upstream);
        final byte[] asked = data(forwarded);
        final Random random = new Random(42);
        final int datagrams = 500;
        for (int i = 0; i < datagrams; i++)
        {
            final byte[] junk = new byte[random.nextInt(i % 2 == 0 ? 16 : asked.length + 8)];
            random.nextBytes(junk);
            if (i % 3 == 0 && junk.length >= 12)
            {
                System.arraycopy(asked, 0, junk, 0, 2);
                junk[2] = (byte)0x81;
                junk[4] = 0;
                junk[5] = 1;
            }
            upstream.send(packet(junk, forwarded));
            if (i % 50 == 49)
            {
                final long sent = i + 1;
                await(() -> upstreamDatagramsCounted() == sent, sent + " upstream datagrams counted");
            }
        }
        assertEquals(datagrams, upstreamDatagramsCounted());
        assertTrue(services.counters().get(ServiceCounter.DNS_UPSTREAM_QUESTION_MISMATCH) > 0, "some reached the question check");
        assertTrue(sink.frames.isEmpty());
        assertEquals(1, services.dnsForwarder().pendingCount());
    }

    private long upstreamDatagramsCounted()
    {
        return services.counters().get(ServiceCounter.DNS_UPSTREAM_MALFORMED) +
            services.counters().get(ServiceCounter.DNS_UPSTREAM_UNKNOWN_ID) +
            services.counters().get(ServiceCounter.DNS_UPSTREAM_WRONG_SOURCE) +
            services.counters().get(ServiceCounter.DNS_UPSTREAM_QUESTION_MISMATCH) +
            services.counters().get(ServiceCounter.DNS_FORWARD_ANSWERED);
    }

    @Test
    void shouldAnswerServfailWhenThePendingTableIsFull() throws IOException
    {
        start(new TapServicesContext().maxPendingForwards(2), upstream);
        send(dnsQuery(1, "a.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        send(dnsQuery(2, "b.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        assertTrue(sink.frames.isEmpty());
        send(dnsQuery(3, "c.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(3, reply.dnsId());
        assertEquals(DnsHeaderFlyweight.RCODE_SERVFAIL, reply.dnsRcode());
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_PENDING_FULL));
        assertEquals(2, services.counters().get(ServiceCounter.DNS_FORWARDED));
        assertEquals(2, services.dnsForwarder().pendingCount());

        final DatagramPacket a = receive(upstream);
        upstream.send(packet(answer(data(a), u16(data(a), 0), EXAMPLE_IP, 1), a));
        awaitReply();
        send(dnsQuery(4, "d.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        assertTrue(sink.frames.isEmpty(), "a slot freed by an answer is reused");
        assertEquals(3, services.counters().get(ServiceCounter.DNS_FORWARDED));
    }

    @Test
    void shouldDropARetransmissionOfAPendingQuery() throws IOException
    {
        start(upstream);
        final byte[] query = dnsQuery(99, "again.example", DnsQuestion.TYPE_A);
        send(query, CLIENT_PORT);
        send(query, CLIENT_PORT);
        assertEquals(1, services.counters().get(DropReason.DNS_DUPLICATE_PENDING));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARDED));
        send(query, CLIENT_PORT + 1);
        assertEquals(2, services.counters().get(ServiceCounter.DNS_FORWARDED), "another client port is another query");
    }

    @Test
    void shouldAnswerDomainNamesLocallyAndNeverForwardThem() throws IOException
    {
        start(upstream);
        send(dnsQuery(5, "alice.ipop", DnsQuestion.TYPE_A), CLIENT_PORT);
        send(dnsQuery(6, "nobody.ipop", DnsQuestion.TYPE_A), CLIENT_PORT);
        send(dnsQuery(7, "a.b.ipop", DnsQuestion.TYPE_A), CLIENT_PORT);
        assertEquals(3, sink.frames.size());
        final UdpReply alice = new UdpReply(sink.frames.remove(0));
        assertEquals(ALICE_IP, u32(alice.payload, alice.payload.length - 4));
        assertEquals(DnsHeaderFlyweight.RCODE_NXDOMAIN, new UdpReply(sink.frames.remove(0)).dnsRcode());
        assertEquals(DnsHeaderFlyweight.RCODE_NXDOMAIN, new UdpReply(sink.frames.remove(0)).dnsRcode());
        assertEquals(0, services.counters().get(ServiceCounter.DNS_FORWARDED));

        send(dnsQuery(8, "outside.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        final byte[] first = data(receive(upstream));
        assertArrayEquals(TestFrames.encodeName("outside.example"),
            Arrays.copyOfRange(first, 12, 12 + TestFrames.encodeName("outside.example").length),
            "the first datagram the upstream sees is the outside name");
    }

    @Test
    void shouldRefuseNamesOutsideTheDomainWithoutUpstreams()
    {
        start();
        assertNull(services.dnsForwarder());
        send(dnsQuery(11, "www.example.com", DnsQuestion.TYPE_A), CLIENT_PORT);
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(11, reply.dnsId());
        assertEquals(DnsHeaderFlyweight.RCODE_REFUSED, reply.dnsRcode());
        assertEquals(1, services.counters().get(ServiceCounter.DNS_REFUSED));
    }

    @Test
    void shouldTruncateAnAnswerLargerThanAClientWithoutEdnsAccepts() throws IOException
    {
        start(upstream);
        final byte[] query = plainQuery(0x0101, "many.example");
        send(query, CLIENT_PORT);
        final DatagramPacket forwarded = receive(upstream);
        final byte[] big = answer(data(forwarded), u16(data(forwarded), 0), EXAMPLE_IP, 40);
        assertTrue(big.length > 512);
        upstream.send(packet(big, forwarded));
        final UdpReply reply = awaitReply();
        assertEquals(0x0101, reply.dnsId());
        assertEquals(DnsHeaderFlyweight.FLAG_TC, reply.dnsFlags() & DnsHeaderFlyweight.FLAG_TC);
        assertEquals(DnsHeaderFlyweight.RCODE_NOERROR, reply.dnsRcode());
        assertEquals(1, reply.dnsCount(0));
        assertEquals(0, reply.dnsCount(1));
        assertArrayEquals(Arrays.copyOfRange(query, 12, query.length), Arrays.copyOfRange(reply.payload, 12, reply.payload.length));
        assertEquals(1, services.counters().get(ServiceCounter.DNS_FORWARD_TRUNCATED));
    }

    @Test
    void shouldLowerTheEdnsSizeToTheMtuAndRelayAnswersThatFit() throws IOException
    {
        start(new TapServicesContext().mtu(1200), upstream);
        final byte[] query = dnsQuery(0x0202, "big.example", DnsQuestion.TYPE_A);
        final int optSizeOffset = query.length - 23 + 3;
        query[optSizeOffset] = 0x10;
        query[optSizeOffset + 1] = 0x00;
        send(query, CLIENT_PORT);
        final DatagramPacket forwarded = receive(upstream);
        assertEquals(1200 - 28, u16(data(forwarded), optSizeOffset), "EDNS size 4096 lowered to fit the TAP MTU");

        final byte[] large = answer(data(forwarded), u16(data(forwarded), 0), EXAMPLE_IP, 60);
        assertTrue(large.length > 512 && large.length <= 1200 - 28, "length " + large.length);
        upstream.send(packet(large, forwarded));
        final UdpReply reply = awaitReply();
        assertEquals(large.length, reply.payload.length);
        assertEquals(60, reply.dnsCount(1));
        assertEquals(0, services.counters().get(ServiceCounter.DNS_FORWARD_TRUNCATED));

        send(dnsQuery(0x0203, "bigger.example", DnsQuestion.TYPE_A), CLIENT_PORT);
        final DatagramPacket again = receive(upstream);
        upstream.send(packet(answer(data(again), u16(data(again), 0), EXAMPLE_IP, 80), again));
        final UdpReply truncated = awaitReply();
        assertEquals(DnsHeaderFlyweight.FLAG_TC, truncated.dnsFlags() & DnsHeaderFlyweight.FLAG_TC,
            "an upstream ignoring the size is truncated rather than fragmented");
        assertTrue(truncated.payload.length < 512);
    }

    private void send(final byte[] query, final int clientPort)
    {
        final byte[] frame = TestFrames.udpFrame(HOST_MAC, TapServicesContext.DEFAULT_VIRTUAL_MAC, HOST_IP, DNS_IP,
            clientPort, 53, query);
        services.onFrame(new UnsafeBuffer(frame), 0, frame.length);
    }

    private UdpReply awaitReply()
    {
        await(() -> !sink.frames.isEmpty(), "a reply on the TAP");
        final UdpReply reply = new UdpReply(sink.takeOnly());
        assertEquals(DNS_IP, reply.srcIp);
        assertEquals(53, reply.srcPort);
        assertEquals(HOST_IP, reply.dstIp);
        assertEquals(CLIENT_PORT, reply.dstPort);
        assertEquals(HOST_MAC, reply.dstMac);
        assertEquals(context.virtualMac(), reply.srcMac);
        return reply;
    }

    private void awaitCounter(final ServiceCounter counter, final long value)
    {
        await(() -> services.counters().get(counter) >= value, counter + " reaching " + value);
        assertEquals(value, services.counters().get(counter));
    }

    private void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + AWAIT_NS;
        while (!condition.getAsBoolean())
        {
            services.doWork();
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static DatagramSocket loopbackSocket()
    {
        try
        {
            final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(10_000);
            return socket;
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static DatagramPacket receive(final DatagramSocket socket) throws IOException
    {
        final DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        socket.receive(packet);
        assertNotNull(packet.getSocketAddress());
        return packet;
    }

    private static byte[] data(final DatagramPacket packet)
    {
        return Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
    }

    private static DatagramPacket packet(final byte[] data, final DatagramPacket replyTo)
    {
        return new DatagramPacket(data, data.length, replyTo.getSocketAddress());
    }

    /** A query without EDNS: header with RD and the question only. */
    private static byte[] plainQuery(final int id, final String name)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(12).putShort((short)id).putShort((short)0x0100).putShort((short)1).array());
        out.writeBytes(TestFrames.encodeName(name));
        out.writeBytes(ByteBuffer.allocate(4).putShort((short)DnsQuestion.TYPE_A).putShort((short)1).array());
        return out.toByteArray();
    }

    /** What a recursive server answers: the query's question, then {@code count} A records, no OPT. */
    private static byte[] answer(final byte[] query, final int id, final int ip, final int count)
    {
        int questionEnd = 12;
        while (query[questionEnd] != 0)
        {
            questionEnd += 1 + (query[questionEnd] & 0xFF);
        }
        questionEnd += 5;
        final ByteBuffer b = ByteBuffer.allocate(questionEnd + 16 * count);
        b.putShort((short)id).putShort((short)0x8180).putShort((short)1).putShort((short)count)
            .putShort((short)0).putShort((short)0);
        b.put(query, 12, questionEnd - 12);
        for (int i = 0; i < count; i++)
        {
            b.putShort((short)0xC00C).putShort((short)1).putShort((short)1).putInt(300).putShort((short)4).putInt(ip + i);
        }
        return b.array();
    }
}
