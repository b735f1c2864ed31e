package org.ipop.overlay.service.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TapWriter;
import org.ipop.overlay.service.frame.Ipv4Flyweight;
import org.ipop.overlay.service.frame.UdpFlyweight;
import org.ipop.overlay.service.frame.UdpFrameEncoder;

/**
 * Forwards queries for names outside the namespace's domain to the configured upstream DNS servers over a
 * non-blocking UDP socket on the node's own network, and relays their answers to the client on the TAP.
 * <ul>
 *   <li>Each query is copied, given a fresh upstream ID drawn from a {@link SecureRandom} (unique among the
 *   pending ones) and sent to the first upstream; after {@link TapServicesContext#dnsForwardTimeoutNs()}
 *   without an answer (or when the send fails) it is resent to the next upstream with a new ID; after the
 *   last one the client is answered SERVFAIL.</li>
 *   <li>An answer is accepted only if it is a response with one question, its ID is pending, it comes from
 *   exactly the address and port the current attempt was sent to, and its question equals the one asked
 *   (names compared ignoring ASCII case). Anything else is dropped and counted; the query stays pending.</li>
 *   <li>Accepted answers get the client's ID back and are written to the TAP from the virtual DNS address,
 *   port 53. An answer longer than the client's limit (512, or its EDNS UDP size) or than fits the TAP MTU
 *   in one unfragmented IPv4 packet is replaced by its header with TC set and the question only, so the
 *   client retries over TCP; the services never fragment. To make that rare, an EDNS UDP size above what
 *   fits the MTU is lowered in the forwarded copy.</li>
 *   <li>At most {@link TapServicesContext#maxPendingForwards()} queries are pending; beyond that queries are
 *   answered SERVFAIL at once. A retransmission (same client address, port and ID) of a pending query is
 *   dropped as {@link DropReason#DNS_DUPLICATE_PENDING}.</li>
 * </ul>
 * Thread: the control-plane thread only. Neither {@link #forward} nor {@link #doWork} blocks: the socket is
 * non-blocking and at most {@link #RECEIVE_LIMIT} datagrams are read per duty cycle.
 */
public final class DnsForwarder implements AutoCloseable
{
    /** Upstream datagrams read per duty cycle at most, so a flood cannot starve the rest of the thread. */
    public static final int RECEIVE_LIMIT = 16;
    /** UDP payload a client without EDNS accepts (RFC 1035 4.2.1). */
    public static final int CLASSIC_UDP_LIMIT = 512;
    private static final int TYPE_OPT = 41;
    private static final int MAX_DATAGRAM = 65535;
    private static final int IP_UDP_HEADERS = Ipv4Flyweight.MIN_HEADER_LENGTH + UdpFlyweight.HEADER_LENGTH;

    private final TapServicesContext context;
    private final TapWriter writer;
    private final ServiceCounters counters;
    private final InetSocketAddress[] upstreams;
    private final Random random;
    private final int maxMessageLength;
    private final DatagramChannel channel;
    private final Int2ObjectHashMap<Pending> pendingByUpstreamId = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Pending> pendingByClientKey = new Long2ObjectHashMap<>();
    private final ArrayDeque<Pending> freePending = new ArrayDeque<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer received = new UnsafeBuffer(receiveBuffer);
    private final ByteBuffer sendBuffer;
    private final UnsafeBuffer replyBuffer;
    private final UdpFrameEncoder frameEncoder = new UdpFrameEncoder();
    private final DnsHeaderFlyweight header = new DnsHeaderFlyweight();
    private long nextDeadlineNs;

    /**
     * Opens the forwarding socket: IPv4, bound to any address and an ephemeral port the kernel picks.
     *
     * @param context  concluded settings with at least one {@link TapServicesContext#dnsUpstreams() upstream}.
     * @param writer   towards the TAP.
     * @param counters to count in.
     * @param random   source of upstream query IDs; must be unpredictable to an off-path attacker.
     * @throws UncheckedIOException if the socket cannot be opened.
     */
    public DnsForwarder(
        final TapServicesContext context, final TapWriter writer, final ServiceCounters counters, final Random random)
    {
        final List<InetSocketAddress> configured = context.dnsUpstreams();
        if (configured.isEmpty())
        {
            throw new IllegalArgumentException("no DNS upstream configured");
        }
        this.context = context;
        this.writer = writer;
        this.counters = counters;
        this.random = random;
        this.upstreams = configured.toArray(new InetSocketAddress[0]);
        this.maxMessageLength = context.mtu() - IP_UDP_HEADERS;
        this.sendBuffer = ByteBuffer.allocateDirect(maxMessageLength);
        this.replyBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(UdpFrameEncoder.PAYLOAD_OFFSET + maxMessageLength));
        for (int i = 0; i < context.maxPendingForwards(); i++)
        {
            freePending.add(new Pending(maxMessageLength));
        }
        DatagramChannel opened = null;
        try
        {
            opened = DatagramChannel.open(StandardProtocolFamily.INET);
            opened.configureBlocking(false);
            opened.bind(new InetSocketAddress(0));
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(opened);
            throw new UncheckedIOException("cannot open the DNS forwarding socket: " + ex.getMessage(), ex);
        }
        this.channel = opened;
    }

    /**
     * @param context  concluded settings with at least one upstream.
     * @param writer   towards the TAP.
     * @param counters to count in.
     */
    public DnsForwarder(final TapServicesContext context, final TapWriter writer, final ServiceCounters counters)
    {
        this(context, writer, counters, new SecureRandom());
    }

    /**
     * Forwards the query just decoded into {@code question}.
     *
     * @param buffer     holding the query; only read during the call.
     * @param offset     of the DNS message.
     * @param length     of the message.
     * @param question   the decoded header and first question of that message (QDCOUNT 1, opcode QUERY).
     * @param clientMac  Ethernet source of the query.
     * @param clientIp   IPv4 source of the query.
     * @param clientPort UDP source port of the query.
     * @return {@link DropReason#NONE} if forwarded or answered SERVFAIL (table full), else why dropped.
     */
    public DropReason forward(
        final DirectBuffer buffer, final int offset, final int length, final DnsQuestion question,
        final long clientMac, final int clientIp, final int clientPort)
    {
        final long clientKey = ((long)clientIp << 32) | ((long)clientPort << 16) | question.id;
        if (pendingByClientKey.containsKey(clientKey))
        {
            return DropReason.DNS_DUPLICATE_PENDING;
        }
        if (length > maxMessageLength)
        {
            return DropReason.DNS_FORWARD_TOO_LARGE;
        }
        final Pending pending = freePending.pollFirst();
        if (pending == null)
        {
            final int flags = failureFlags(question.flags);
            final int payload = headerAndQuestion(question.id, flags, buffer, offset, question.end);
            sendToClient(payload, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_FORWARD_PENDING_FULL);
            counters.increment(ServiceCounter.DNS_SERVFAIL);
            return DropReason.NONE;
        }
        pending.query.putBytes(0, buffer, offset, length);
        pending.length = length;
        pending.questionEnd = question.end;
        pending.clientId = question.id;
        pending.clientFlags = question.flags;
        pending.clientKey = clientKey;
        pending.clientMac = clientMac;
        pending.clientIp = clientIp;
        pending.clientPort = clientPort;
        pending.clientLimit = clientLimitClampingEdns(pending.query, length, question.end);
        pendingByClientKey.put(clientKey, pending);

        final long nowNs = context.nanoClock().nanoTime();
        send(pending, 0, nowNs);
        if (pendingByClientKey.size() == 1 || pending.deadlineNs - nextDeadlineNs < 0)
        {
            nextDeadlineNs = pending.deadlineNs;
        }
        counters.increment(ServiceCounter.DNS_FORWARDED);
        return DropReason.NONE;
    }

    /**
     * Reads answers from the upstreams (at most {@link #RECEIVE_LIMIT}) and moves queries whose attempt
     * timed out on to the next upstream or answers them SERVFAIL.
     *
     * @param nowNs current time of the context's clock.
     * @return datagrams read plus attempts expired.
     */
    public int doWork(final long nowNs)
    {
        int work = 0;
        for (int i = 0; i < RECEIVE_LIMIT; i++)
        {
            receiveBuffer.clear();
            final SocketAddress from;
            try
            {
                from = channel.receive(receiveBuffer);
            }
            catch (final IOException ex)
            {
                counters.increment(ServiceCounter.DNS_FORWARD_SOCKET_ERROR);
                break;
            }
            if (from == null)
            {
                break;
            }
            onUpstreamDatagram(from, receiveBuffer.position());
            work++;
        }
        if (!pendingByClientKey.isEmpty() && nowNs - nextDeadlineNs >= 0)
        {
            work += expire(nowNs);
        }
        return work;
    }

    /**
     * @return forwarded queries waiting for an upstream.
     */
    public int pendingCount()
    {
        return pendingByClientKey.size();
    }

    /**
     * @return the local address of the forwarding socket (upstreams see queries from this port).
     */
    public InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Closes the socket; pending queries are forgotten (their clients retry). Idempotent.
     */
    @Override
    public void close()
    {
        CloseHelper.quietClose(channel);
    }

    private void onUpstreamDatagram(final SocketAddress from, final int length)
    {
        if (length < DnsHeaderFlyweight.HEADER_LENGTH)
        {
            counters.increment(ServiceCounter.DNS_UPSTREAM_MALFORMED);
            return;
        }
        header.wrap(received, 0);
        if ((header.flags() & DnsHeaderFlyweight.FLAG_QR) == 0 || header.qdcount() != 1)
        {
            counters.increment(ServiceCounter.DNS_UPSTREAM_MALFORMED);
            return;
        }
        final Pending pending = pendingByUpstreamId.get(header.id());
        if (pending == null)
        {
            counters.increment(ServiceCounter.DNS_UPSTREAM_UNKNOWN_ID);
            return;
        }
        if (!upstreams[pending.upstreamIndex].equals(from))
        {
            counters.increment(ServiceCounter.DNS_UPSTREAM_WRONG_SOURCE);
            return;
        }
        if (length < pending.questionEnd || !sameQuestion(pending))
        {
            counters.increment(ServiceCounter.DNS_UPSTREAM_QUESTION_MISMATCH);
            return;
        }

        final int payload;
        if (length <= Math.min(pending.clientLimit, maxMessageLength))
        {
            replyBuffer.putBytes(UdpFrameEncoder.PAYLOAD_OFFSET, received, 0, length);
            replyBuffer.putShort(UdpFrameEncoder.PAYLOAD_OFFSET + DnsHeaderFlyweight.ID_OFFSET,
                (short)pending.clientId, ByteOrder.BIG_ENDIAN);
            payload = length;
        }
        else
        {
            payload = headerAndQuestion(pending.clientId, header.flags() | DnsHeaderFlyweight.FLAG_TC,
                pending.query, 0, pending.questionEnd);
            counters.increment(ServiceCounter.DNS_FORWARD_TRUNCATED);
        }
        sendToClient(payload, pending.clientMac, pending.clientIp, pending.clientPort);
        counters.increment(ServiceCounter.DNS_FORWARD_ANSWERED);
        release(pending);
    }

    /**
     * @return true if the received question equals the pending one: the name ignoring ASCII case (servers
     * echo it, but need not preserve case), QTYPE and QCLASS exactly.
     */
    private boolean sameQuestion(final Pending pending)
    {
        final int typeAndClass = pending.questionEnd - 4;
        for (int i = DnsHeaderFlyweight.HEADER_LENGTH; i < pending.questionEnd; i++)
        {
            final byte a = received.getByte(i);
            final byte b = pending.query.getByte(i);
            if (a != b && (i >= typeAndClass || !isAsciiLetter(a) || (a | 0x20) != (b | 0x20)))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(final byte c)
    {
        final int lower = c | 0x20;
        return lower >= 'a' && lower <= 'z';
    }

    private int expire(final long nowNs)
    {
        int expired = 0;
        boolean first = true;
        final Long2ObjectHashMap<Pending>.ValueIterator it = pendingByClientKey.values().iterator();
        while (it.hasNext())
        {
            final Pending pending = it.next();
            if (nowNs - pending.deadlineNs >= 0)
            {
                expired++;
                pendingByUpstreamId.remove(pending.upstreamId);
                final int next = pending.upstreamIndex + 1;
                if (next < upstreams.length)
                {
                    counters.increment(ServiceCounter.DNS_FORWARD_RETRIED);
                    send(pending, next, nowNs);
                }
                else
                {
                    it.remove();
                    final int payload = headerAndQuestion(pending.clientId, failureFlags(pending.clientFlags),
                        pending.query, 0, pending.questionEnd);
                    sendToClient(payload, pending.clientMac, pending.clientIp, pending.clientPort);
                    counters.increment(ServiceCounter.DNS_FORWARD_TIMED_OUT);
                    counters.increment(ServiceCounter.DNS_SERVFAIL);
                    freePending.addLast(pending);
                    continue;
                }
            }
            if (first || pending.deadlineNs - nextDeadlineNs < 0)
            {
                nextDeadlineNs = pending.deadlineNs;
                first = false;
            }
        }
        return expired;
    }

    /**
     * Sends the pending query to {@code upstreams[index]} under a fresh ID. A failed send keeps the entry
     * with a deadline of now, so the next duty cycle moves it on to the next upstream.
     */
    private void send(final Pending pending, final int index, final long nowNs)
    {
        int id;
        do
        {
            id = random.nextInt(0x10000);
        }
        while (pendingByUpstreamId.containsKey(id));
        pending.upstreamId = id;
        pending.upstreamIndex = index;
        pending.deadlineNs = nowNs + context.dnsForwardTimeoutNs();
        pending.query.putShort(DnsHeaderFlyweight.ID_OFFSET, (short)id, ByteOrder.BIG_ENDIAN);
        pendingByUpstreamId.put(id, pending);

        sendBuffer.clear();
        pending.query.getBytes(0, sendBuffer, pending.length);
        sendBuffer.flip();
        boolean sent;
        try
        {
            sent = channel.send(sendBuffer, upstreams[index]) > 0;
        }
        catch (final IOException ex)
        {
            sent = false;
        }
        if (!sent)
        {
            counters.increment(ServiceCounter.DNS_FORWARD_SOCKET_ERROR);
            pending.deadlineNs = nowNs;
        }
    }

    private void release(final Pending pending)
    {
        pendingByUpstreamId.remove(pending.upstreamId);
        pendingByClientKey.remove(pending.clientKey);
        freePending.addLast(pending);
    }

    /**
     * Finds the client's UDP limit (512, or the size in its EDNS OPT record, at least 512) and lowers an
     * OPT size above what fits the TAP MTU in the copy to be forwarded. A malformed record section leaves
     * the copy as it is and yields 512.
     */
    private int clientLimitClampingEdns(final UnsafeBuffer query, final int length, final int questionEnd)
    {
        header.wrap(query, 0);
        final int answersAndAuthority = header.ancount() + header.nscount();
        final int records = answersAndAuthority + header.arcount();
        int limit = CLASSIC_UDP_LIMIT;
        int position = questionEnd;
        for (int r = 0; r < records; r++)
        {
            position = skipName(query, position, length);
            if (position < 0 || position + 10 > length)
            {
                return CLASSIC_UDP_LIMIT;
            }
            final int type = query.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (type == TYPE_OPT && r >= answersAndAuthority)
            {
                final int size = query.getShort(position + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                limit = Math.max(CLASSIC_UDP_LIMIT, size);
                if (size > maxMessageLength)
                {
                    query.putShort(position + 2, (short)maxMessageLength, ByteOrder.BIG_ENDIAN);
                }
            }
            position += 10 + (query.getShort(position + 8, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            if (position > length)
            {
                return CLASSIC_UDP_LIMIT;
            }
        }
        return limit;
    }

    /**
     * @return the offset after the name at {@code position}, or -1 if it runs past {@code length} or uses
     * a reserved label type. A pointer ends the name, so this never follows one.
     */
    private static int skipName(final DirectBuffer buffer, final int position, final int length)
    {
        int i = position;
        while (i < length)
        {
            final int len = buffer.getByte(i) & 0xFF;
            if (len == 0)
            {
                return i + 1;
            }
            if ((len & 0xC0) == 0xC0)
            {
                return i + 2 <= length ? i + 2 : -1;
            }
            if ((len & 0xC0) != 0)
            {
                return -1;
            }
            i += 1 + len;
        }
        return -1;
    }

    private static int failureFlags(final int queryFlags)
    {
        return DnsHeaderFlyweight.FLAG_QR |
            (queryFlags & (0xF << DnsHeaderFlyweight.OPCODE_SHIFT)) |
            (queryFlags & DnsHeaderFlyweight.FLAG_RD) |
            DnsHeaderFlyweight.FLAG_RA |
            DnsHeaderFlyweight.RCODE_SERVFAIL;
    }

    /**
     * Writes a response of a header (QDCOUNT 1, other counts 0) and the question copied from
     * {@code source[sourceOffset + 12, sourceOffset + questionEnd)} into the reply buffer.
     *
     * @return the DNS payload length.
     */
    private int headerAndQuestion(
        final int id, final int flags, final DirectBuffer source, final int sourceOffset, final int questionEnd)
    {
        DnsHeaderFlyweight.encode(replyBuffer, UdpFrameEncoder.PAYLOAD_OFFSET, id, flags, 1, 0);
        final int questionLength = questionEnd - DnsHeaderFlyweight.HEADER_LENGTH;
        replyBuffer.putBytes(UdpFrameEncoder.PAYLOAD_OFFSET + DnsHeaderFlyweight.HEADER_LENGTH,
            source, sourceOffset + DnsHeaderFlyweight.HEADER_LENGTH, questionLength);
        return DnsHeaderFlyweight.HEADER_LENGTH + questionLength;
    }

    private void sendToClient(final int payload, final long clientMac, final int clientIp, final int clientPort)
    {
        final int frameLength = frameEncoder.encode(
            replyBuffer, 0, context.virtualMac(), clientMac, context.dnsIp(), clientIp,
            DnsHeaderFlyweight.PORT, clientPort, payload);
        writer.write(replyBuffer, 0, frameLength);
    }

    /**
     * A forwarded query: a copy of the client's message whose ID field holds the current upstream ID.
     */
    private static final class Pending
    {
        final UnsafeBuffer query;
        int length;
        int questionEnd;
        int clientId;
        int clientFlags;
        long clientKey;
        long clientMac;
        int clientIp;
        int clientPort;
        int clientLimit;
        int upstreamIndex;
        int upstreamId;
        long deadlineNs;

        Pending(final int capacity)
        {
            query = new UnsafeBuffer(new byte[capacity]);
        }
    }
}
