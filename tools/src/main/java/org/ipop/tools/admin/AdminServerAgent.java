package org.ipop.tools.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtGetCallback;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;

/**
 * The node's end of the admin channel, run on the control-plane thread (in the node's composite agent): it
 * invokes the Aeron client's conductor, reads requests ({@link AdminRequestFlyweight}, reassembled from
 * fragments), answers status at once (the node's lines and this agent's counters) and starts DHT operations,
 * whose callbacks send the response ({@link AdminResponseFlyweight}). A DHT operation that has not completed
 * after the request timeout is answered with {@link AdminResponseFlyweight#CODE_TIMEOUT}; its late callback is
 * ignored. Malformed requests are answered with {@link AdminResponseFlyweight#CODE_MALFORMED} and counted, never
 * thrown.
 * <p>
 * User keys are the client's key bytes behind {@link AdminNodeView#userKeyPrefix()}, so {@code ipop dht} can
 * neither read nor overwrite the node's own lease, name and address records.
 * <p>
 * Responses that meet back pressure wait in a bounded queue (oldest first); when it is full, or no client
 * listens, they are dropped and counted: a client that went away needs no answer.
 */
public final class AdminServerAgent implements Agent
{
    /** DHT requests in flight beyond which new ones are answered with {@link AdminResponseFlyweight#CODE_BUSY}. */
    public static final int MAX_PENDING = 64;
    private static final int MAX_QUEUED_RESPONSES = 256;
    private static final int FRAGMENT_LIMIT = 16;

    private final Subscription requests;
    private final Publication responses;
    private final AgentInvoker clientInvoker;
    private final AdminNodeView node;
    private final NanoClock clock;
    private final long requestTimeoutNs;
    private final AdminRequestFlyweight request = new AdminRequestFlyweight();
    private final AdminResponseFlyweight.Encoder encoder;
    private final FragmentAssembler assembler;
    private final ArrayList<PendingDhtRequest> pending = new ArrayList<>();
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    private final UnsafeBuffer queuedView = new UnsafeBuffer(new byte[0]);
    private long requestsReceived;
    private long malformedRequests;
    private long responsesDropped;

    /**
     * @param requests         subscription to requests.
     * @param responses        publication of responses.
     * @param clientInvoker    the Aeron client's conductor to invoke every duty cycle, or null when it has its
     *                         own thread.
     * @param node             the node served.
     * @param clock            clock of request deadlines.
     * @param requestTimeoutNs how long a DHT request may take before it is answered with a timeout.
     */
    public AdminServerAgent(
        final Subscription requests,
        final Publication responses,
        final AgentInvoker clientInvoker,
        final AdminNodeView node,
        final NanoClock clock,
        final long requestTimeoutNs)
    {
        this.requests = requests;
        this.responses = responses;
        this.clientInvoker = clientInvoker;
        this.node = node;
        this.clock = clock;
        this.requestTimeoutNs = requestTimeoutNs;
        final int capacity = Math.min(AdminChannel.MAX_RESPONSE_LENGTH, responses.maxMessageLength());
        this.encoder = new AdminResponseFlyweight.Encoder(new UnsafeBuffer(new byte[capacity]), capacity);
        this.assembler = new FragmentAssembler(new RequestHandler());
    }

    /**
     * @param channel the node end of the channel (its client conductor is invoked here).
     * @param node    the node served.
     * @param clock   clock of request deadlines.
     * @return an agent serving {@code channel} with the default request timeout.
     */
    public static AdminServerAgent of(final AdminDriver channel, final AdminNodeView node, final NanoClock clock)
    {
        return new AdminServerAgent(channel.requests(), channel.responses(), channel.clientInvoker(), node, clock,
            AdminChannel.REQUEST_TIMEOUT_NS);
    }

    @Override
    public int doWork()
    {
        int work = clientInvoker == null ? 0 : clientInvoker.invoke();
        work += drainQueued();
        work += requests.poll(assembler, FRAGMENT_LIMIT);
        work += expire(clock.nanoTime());
        return work;
    }

    @Override
    public String roleName()
    {
        return "ipop-admin";
    }

    /** @return requests received, well-formed or not. */
    public long requestsReceived()
    {
        return requestsReceived;
    }

    /** @return requests answered with {@link AdminResponseFlyweight#CODE_MALFORMED}. */
    public long malformedRequests()
    {
        return malformedRequests;
    }

    /** @return responses dropped (no client listening, or the queue full). */
    public long responsesDropped()
    {
        return responsesDropped;
    }

    /** @return DHT requests in flight. */
    public int pendingRequests()
    {
        return pending.size();
    }

    private void onRequest(final DirectBuffer buffer, final int offset, final int length)
    {
        requestsReceived++;
        if (!request.wrap(buffer, offset, length))
        {
            malformedRequests++;
            final long correlationId = length >= Long.BYTES ?
                request.correlationId() : AdminResponseFlyweight.NULL_CORRELATION_ID;
            sendError(correlationId, AdminResponseFlyweight.CODE_MALFORMED, request.error());
            return;
        }
        final long correlationId = request.correlationId();
        final int type = request.type();
        if (type == AdminRequestFlyweight.TYPE_STATUS)
        {
            encoder.begin(correlationId, AdminResponseFlyweight.CODE_OK);
            for (final String line : node.status().split("\n"))
            {
                encoder.append(line);
            }
            encoder.append("counter admin-requests " + requestsReceived);
            encoder.append("counter admin-malformed-requests " + malformedRequests);
            encoder.append("counter admin-responses-dropped " + responsesDropped);
            send();
            return;
        }
        if (type == AdminRequestFlyweight.TYPE_REVOKE)
        {
            final String refused = node.revoke(request.key());
            if (refused != null)
            {
                sendError(correlationId, AdminResponseFlyweight.CODE_INVALID, refused);
                return;
            }
            encoder.begin(correlationId, AdminResponseFlyweight.CODE_OK);
            send();
            return;
        }
        startDht(correlationId, type, request.key(), request.value(), request.ttlSeconds());
    }

    private void startDht(final long correlationId, final int type, final byte[] key, final byte[] value, final int ttl)
    {
        final byte[] prefix = node.userKeyPrefix();
        final int maxKey = Dht.MAX_KEY_LENGTH - prefix.length;
        final boolean write = type != AdminRequestFlyweight.TYPE_DHT_GET;
        final int ttlSeconds = ttl == 0 ? AdminChannel.DEFAULT_TTL_SECONDS : ttl;
        final String invalid = key.length == 0 ? "empty key" :
            write && value.length == 0 ? "empty value" :
            write && (ttlSeconds < 1 || ttlSeconds > node.maxTtlSeconds()) ?
                "TTL " + ttl + " s out of range 1.." + node.maxTtlSeconds() + " s" : null;
        if (invalid != null)
        {
            sendError(correlationId, AdminResponseFlyweight.CODE_INVALID, invalid);
            return;
        }
        if (key.length > maxKey)
        {
            sendError(correlationId, AdminResponseFlyweight.CODE_TOO_LARGE,
                "key of " + key.length + " bytes; at most " + maxKey + " bytes fit behind the prefix " +
                new String(prefix, StandardCharsets.UTF_8));
            return;
        }
        if (write && value.length > Dht.MAX_VALUE_LENGTH)
        {
            sendError(correlationId, AdminResponseFlyweight.CODE_TOO_LARGE,
                "value of " + value.length + " bytes; at most " + Dht.MAX_VALUE_LENGTH + " bytes");
            return;
        }
        if (pending.size() >= MAX_PENDING)
        {
            sendError(correlationId, AdminResponseFlyweight.CODE_BUSY,
                MAX_PENDING + " DHT requests already in flight; retry later");
            return;
        }
        final PendingDhtRequest p = new PendingDhtRequest(correlationId, clock.nanoTime() + requestTimeoutNs);
        pending.add(p);
        final byte[] fullKey = new byte[prefix.length + key.length];
        System.arraycopy(prefix, 0, fullKey, 0, prefix.length);
        System.arraycopy(key, 0, fullKey, prefix.length, key.length);
        final Dht dht = node.dht();
        switch (type)
        {
            case AdminRequestFlyweight.TYPE_DHT_GET:
                dht.get(fullKey, p);
                break;
            case AdminRequestFlyweight.TYPE_DHT_PUT:
                dht.put(fullKey, value, ttlSeconds, p);
                break;
            default:
                dht.create(fullKey, value, ttlSeconds, p);
                break;
        }
    }

    private int expire(final long nowNs)
    {
        int expired = 0;
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final PendingDhtRequest p = pending.get(i);
            if (nowNs - p.deadlineNs >= 0)
            {
                pending.remove(i);
                p.done = true;
                sendError(p.correlationId, AdminResponseFlyweight.CODE_TIMEOUT,
                    "no result from the DHT within " + duration(requestTimeoutNs));
                expired++;
            }
        }
        return expired;
    }

    private static String duration(final long ns)
    {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + " s" : ns / 1_000_000L + " ms";
    }

    private void onDhtResult(final PendingDhtRequest p, final DhtStatus status, final List<DhtValue> values)
    {
        if (p.done)
        {
            return;
        }
        p.done = true;
        pending.remove(p);
        switch (status)
        {
            case OK:
                encoder.begin(p.correlationId, AdminResponseFlyweight.CODE_OK);
                if (values != null)
                {
                    for (final DhtValue v : values)
                    {
                        encoder.append(v.value());
                    }
                }
                send();
                break;
            case EXISTS:
                sendError(p.correlationId, AdminResponseFlyweight.CODE_EXISTS,
                    "the key already holds a value (create only stores into an empty key; put adds a value)");
                break;
            case TOO_LARGE:
                sendError(p.correlationId, AdminResponseFlyweight.CODE_TOO_LARGE, "key or value over the DHT's limits");
                break;
            case TIMEOUT:
                if (node.placed())
                {
                    sendError(p.correlationId, AdminResponseFlyweight.CODE_TIMEOUT,
                        "no majority of the key's replicas answered");
                }
                else
                {
                    sendError(p.correlationId, AdminResponseFlyweight.CODE_NOT_PLACED,
                        "this node is not placed on the ring yet, so the key's replicas cannot be reached; " +
                        "retry once it has joined");
                }
                break;
            default:
                sendError(p.correlationId, AdminResponseFlyweight.CODE_INVALID, "the DHT rejected the arguments");
                break;
        }
    }

    private void sendError(final long correlationId, final int code, final String reason)
    {
        encoder.begin(correlationId, code).append(reason);
        send();
    }

    private void send()
    {
        if (queued.isEmpty() && offer(encoder.buffer(), encoder.length()))
        {
            return;
        }
        if (responses.isConnected() && queued.size() < MAX_QUEUED_RESPONSES)
        {
            final byte[] copy = new byte[encoder.length()];
            encoder.buffer().getBytes(0, copy);
            queued.add(copy);
        }
        else
        {
            responsesDropped++;
        }
    }

    /** @return true when sent or definitely undeliverable (counted as dropped); false to retry later. */
    private boolean offer(final DirectBuffer buffer, final int length)
    {
        final long result = responses.offer(buffer, 0, length);
        if (result > 0)
        {
            return true;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            return false;
        }
        responsesDropped++;
        return true;
    }

    private int drainQueued()
    {
        int sent = 0;
        while (!queued.isEmpty())
        {
            final byte[] next = queued.peek();
            queuedView.wrap(next);
            if (!offer(queuedView, next.length))
            {
                break;
            }
            queued.poll();
            sent++;
        }
        return sent;
    }

    /** Reassembled requests go to {@link #onRequest}. */
    private final class RequestHandler implements FragmentHandler
    {
        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            onRequest(buffer, offset, length);
        }
    }

    /** One DHT request in flight: its callbacks answer it once, unless the deadline answered it first. */
    private final class PendingDhtRequest implements DhtResultCallback, DhtGetCallback
    {
        final long correlationId;
        final long deadlineNs;
        boolean done;

        PendingDhtRequest(final long correlationId, final long deadlineNs)
        {
            this.correlationId = correlationId;
            this.deadlineNs = deadlineNs;
        }

        @Override
        public void onResult(final DhtStatus status)
        {
            onDhtResult(this, status, null);
        }

        @Override
        public void onValues(final DhtStatus status, final List<DhtValue> values)
        {
            onDhtResult(this, status, values);
        }
    }
}
