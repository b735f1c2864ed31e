package org.ipop.overlay.service.dns;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TapWriter;
import org.ipop.overlay.service.frame.UdpFrameEncoder;

/**
 * Answers DNS queries sent to the namespace's virtual DNS address:
 * <ul>
 *   <li>{@code <hostname>.<domain>} (domain "ipop" by default), class IN or ANY: asks the
 *   {@link NameResolver}; A or ANY: NOERROR with one A record (TTL from the context); AAAA and other
 *   types: NOERROR with no answer; unknown name: NXDOMAIN; resolver failure: SERVFAIL. Authoritative.</li>
 *   <li>the domain itself: NOERROR, no answer; deeper names under it: NXDOMAIN.</li>
 *   <li>names outside the domain: handed to the {@link DnsForwarder} if one is configured, else REFUSED;
 *   names in the domain with a class other than IN or ANY: REFUSED (never forwarded).</li>
 *   <li>QDCOUNT other than 1: FORMERR; opcode other than QUERY: NOTIMP.</li>
 *   <li>responses, truncated messages, compression loops, bad labels: dropped and counted.</li>
 * </ul>
 * EDNS OPT records in the additional section are ignored (the response carries none, as RFC 6891 allows).
 * Queries waiting for the resolver are kept in a bounded table keyed by (client IP, port, ID) and expire
 * after the context's pending timeout.
 * <p>
 * Thread: the control-plane thread only, including the resolver's callbacks.
 */
public final class DnsResponder
{
    private final TapServicesContext context;
    private final NameResolver resolver;
    private final TapWriter writer;
    private final ServiceCounters counters;
    private final DnsQueryDecoder decoder = new DnsQueryDecoder();
    private final DnsQuestion question = new DnsQuestion();
    private final UdpFrameEncoder frameEncoder = new UdpFrameEncoder();
    private final UnsafeBuffer replyBuffer = new UnsafeBuffer(
        ByteBuffer.allocateDirect(UdpFrameEncoder.PAYLOAD_OFFSET + DnsResponseEncoder.MAX_LENGTH));
    private final Long2ObjectHashMap<PendingQuery> pendingByKey = new Long2ObjectHashMap<>();
    private final DnsForwarder forwarder;

    /**
     * A responder that answers names outside the domain REFUSED.
     *
     * @param context  concluded settings.
     * @param resolver source of hostname records.
     * @param writer   towards the TAP.
     * @param counters to count in.
     */
    public DnsResponder(
        final TapServicesContext context,
        final NameResolver resolver,
        final TapWriter writer,
        final ServiceCounters counters)
    {
        this(context, resolver, writer, counters, null);
    }

    /**
     * @param context   concluded settings.
     * @param resolver  source of hostname records.
     * @param writer    towards the TAP.
     * @param counters  to count in.
     * @param forwarder where queries for names outside the domain go, or null to answer them REFUSED.
     */
    public DnsResponder(
        final TapServicesContext context,
        final NameResolver resolver,
        final TapWriter writer,
        final ServiceCounters counters,
        final DnsForwarder forwarder)
    {
        this.context = context;
        this.resolver = resolver;
        this.writer = writer;
        this.counters = counters;
        this.forwarder = forwarder;
    }

    /**
     * Handles one query.
     *
     * @param buffer     holding the UDP payload; only read during the call.
     * @param offset     of the payload.
     * @param length     of the payload; the range lies inside the buffer.
     * @param clientMac  Ethernet source of the query (destination of the answer).
     * @param clientIp   IPv4 source of the query.
     * @param clientPort UDP source port of the query.
     * @return {@link DropReason#NONE} if accepted (answered now or when the resolver completes), else why
     * it was dropped.
     */
    public DropReason onQuery(
        final DirectBuffer buffer, final int offset, final int length, final long clientMac, final int clientIp,
        final int clientPort)
    {
        final DropReason decoded = decoder.decode(buffer, offset, length, question);
        if (decoded != DropReason.NONE)
        {
            return decoded;
        }
        final int opcode = (question.flags >>> DnsHeaderFlyweight.OPCODE_SHIFT) & 0xF;
        if (opcode != 0)
        {
            sendHeaderOnly(question.id, question.flags, DnsHeaderFlyweight.RCODE_NOTIMP, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_NOTIMP);
            return DropReason.NONE;
        }
        if (question.qdcount != 1)
        {
            sendHeaderOnly(question.id, question.flags, DnsHeaderFlyweight.RCODE_FORMERR, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_FORMERR);
            return DropReason.NONE;
        }
        final int labels = question.labelCount;
        final boolean inDomain = labels > 0 && question.label(labels - 1).equalsIgnoreCase(context.domainName());
        if (!inDomain && forwarder != null)
        {
            return forwarder.forward(buffer, offset, length, question, clientMac, clientIp, clientPort);
        }
        if (!inDomain || (question.qclass != DnsQuestion.CLASS_IN && question.qclass != DnsQuestion.CLASS_ANY))
        {
            answerNow(DnsHeaderFlyweight.RCODE_REFUSED, false, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_REFUSED);
            return DropReason.NONE;
        }
        if (labels == 1)
        {
            answerNow(DnsHeaderFlyweight.RCODE_NOERROR, true, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_NODATA);
            return DropReason.NONE;
        }
        final String hostname = labels == 2 ? hostnameLabel(question.label(0)) : null;
        if (hostname == null)
        {
            answerNow(DnsHeaderFlyweight.RCODE_NXDOMAIN, true, clientMac, clientIp, clientPort);
            counters.increment(ServiceCounter.DNS_NXDOMAIN);
            return DropReason.NONE;
        }
        return startLookup(hostname, clientMac, clientIp, clientPort);
    }

    /**
     * Forgets queries that waited longer than the pending timeout (the client retries on its own).
     *
     * @param nowNs current time of the context's clock.
     * @return number expired.
     */
    public int expirePending(final long nowNs)
    {
        if (pendingByKey.isEmpty())
        {
            return 0;
        }
        int expired = 0;
        final Long2ObjectHashMap<PendingQuery>.ValueIterator it = pendingByKey.values().iterator();
        while (it.hasNext())
        {
            final PendingQuery pending = it.next();
            if (nowNs - pending.createdNs >= context.pendingTimeoutNs())
            {
                it.remove();
                expired++;
                counters.increment(ServiceCounter.DNS_PENDING_EXPIRED);
            }
        }
        return expired;
    }

    /**
     * @return queries waiting for the resolver.
     */
    public int pendingCount()
    {
        return pendingByKey.size();
    }

    private DropReason startLookup(final String hostname, final long clientMac, final int clientIp, final int clientPort)
    {
        final long key = ((long)clientIp << 32) | ((long)clientPort << 16) | question.id;
        if (pendingByKey.containsKey(key))
        {
            return DropReason.DNS_DUPLICATE_PENDING;
        }
        if (pendingByKey.size() >= context.maxPendingDns())
        {
            return DropReason.DNS_PENDING_FULL;
        }
        final PendingQuery pending = new PendingQuery(key, clientMac, clientIp, clientPort,
            context.nanoClock().nanoTime());
        pendingByKey.put(key, pending);
        resolver.resolve(hostname, pending);
        return DropReason.NONE;
    }

    private static String hostnameLabel(final String label)
    {
        final int n = label.length();
        if (n == 0 || label.charAt(0) == '-' || label.charAt(n - 1) == '-')
        {
            return null;
        }
        for (int i = 0; i < n; i++)
        {
            final char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            {
                return null;
            }
        }
        return label.toLowerCase(Locale.ROOT);
    }

    private void answerNow(
        final int rcode, final boolean authoritative, final long clientMac, final int clientIp, final int clientPort)
    {
        final int length = DnsResponseEncoder.encode(
            replyBuffer, UdpFrameEncoder.PAYLOAD_OFFSET, question.id, question.flags, rcode, authoritative,
            question.name, question.labelEnds, question.labelCount, question.qtype, question.qclass, 0, false, 0);
        send(length, clientMac, clientIp, clientPort);
    }

    private void sendHeaderOnly(
        final int id, final int flags, final int rcode, final long clientMac, final int clientIp, final int clientPort)
    {
        final int length = DnsResponseEncoder.encodeHeaderOnly(
            replyBuffer, UdpFrameEncoder.PAYLOAD_OFFSET, id, flags, rcode, false);
        send(length, clientMac, clientIp, clientPort);
    }

    private void send(final int length, final long clientMac, final int clientIp, final int clientPort)
    {
        final int frameLength = frameEncoder.encode(
            replyBuffer, 0, context.virtualMac(), clientMac, context.dnsIp(), clientIp,
            DnsHeaderFlyweight.PORT, clientPort, length);
        writer.write(replyBuffer, 0, frameLength);
    }

    /**
     * A query waiting for the resolver; its own callback, holding a copy of the question.
     */
    private final class PendingQuery implements NameCallback
    {
        final long key;
        final long clientMac;
        final int clientIp;
        final int clientPort;
        final long createdNs;
        final int id;
        final int flags;
        final String name;
        final int[] labelEnds;
        final int qtype;
        final int qclass;

        PendingQuery(final long key, final long clientMac, final int clientIp, final int clientPort, final long createdNs)
        {
            this.key = key;
            this.clientMac = clientMac;
            this.clientIp = clientIp;
            this.clientPort = clientPort;
            this.createdNs = createdNs;
            this.id = question.id;
            this.flags = question.flags;
            this.name = question.name.toString();
            this.labelEnds = new int[] {question.labelEnds[0], question.labelEnds[1]};
            this.qtype = question.qtype;
            this.qclass = question.qclass;
        }

        @Override
        public void onResolved(final int ip)
        {
            if (complete())
            {
                final boolean withAnswer = qtype == DnsQuestion.TYPE_A || qtype == DnsQuestion.TYPE_ANY;
                answer(DnsHeaderFlyweight.RCODE_NOERROR, true, ip, withAnswer);
                counters.increment(withAnswer ? ServiceCounter.DNS_ANSWER : ServiceCounter.DNS_NODATA);
            }
        }

        @Override
        public void onNotFound()
        {
            if (complete())
            {
                answer(DnsHeaderFlyweight.RCODE_NXDOMAIN, true, 0, false);
                counters.increment(ServiceCounter.DNS_NXDOMAIN);
            }
        }

        @Override
        public void onFailed()
        {
            if (complete())
            {
                answer(DnsHeaderFlyweight.RCODE_SERVFAIL, false, 0, false);
                counters.increment(ServiceCounter.DNS_SERVFAIL);
            }
        }

        private boolean complete()
        {
            if (pendingByKey.get(key) != this)
            {
                counters.increment(ServiceCounter.DNS_LATE_CALLBACK);
                return false;
            }
            pendingByKey.remove(key);
            return true;
        }

        private void answer(final int rcode, final boolean authoritative, final int ip, final boolean withAnswer)
        {
            final int length = DnsResponseEncoder.encode(
                replyBuffer, UdpFrameEncoder.PAYLOAD_OFFSET, id, flags, rcode, authoritative, name, labelEnds, 2,
                qtype, qclass, ip, withAnswer, context.dnsTtlSeconds());
            send(length, clientMac, clientIp, clientPort);
        }
    }
}
