package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.node.ControlPlane;
import org.ipop.overlay.node.ControlPlaneExtension;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The replicated DHT of one node, a {@link ControlPlaneExtension} of its control plane (Brunet's table server and
 * client in one).
 * <p>
 * <b>Placement.</b> Replica {@code i} of a key lives at {@code keyAddress + i * 2^160 / replicas}; a request is
 * routed greedily there and served by the node it is delivered to (the nearest node: the primary), which copies
 * every write to the next nearest node it knows (the backup), so a replica survives the death of either. When this
 * node's near neighbours change, it sends each record to the neighbours that have become one of the two nodes
 * nearest its address (state transfer, with the remaining TTL).
 * <p>
 * <b>Operations.</b> Put, create, delete and get go to every replica; a write succeeds when a majority of replicas
 * accepted it; a create that failed (lost the race, or timed out) is rolled back where it added its value (not
 * where it only renewed it). A get waits for every replica
 * (or for a majority plus one timeout), returns the values held by at least half of the replicas that answered
 * (with their longest remaining lease: a value deleted at a majority is not returned), fetches large results page by page, and writes each value back to answering
 * replicas that missed it. Requests are resent on a timeout (the control plane's adaptive one x4, at least
 * {@link DhtContext#minRequestTimeoutNs()}), {@link DhtContext#maxSends()} times.
 * <p>
 * <b>Determinism.</b> Every call of the {@link Dht} methods is an input of the control plane: it is encoded as a
 * {@link DhtCommand} and journaled ({@link ControlPlane#onExtensionCommand}) before it is applied. Calls made while
 * the DHT is itself processing an input (from a callback or a tick listener) are queued and journaled and applied
 * right after, so a replay of the journal, which has no callbacks, applies the same commands in the same order. The
 * store and pending operations are part of the control plane's {@link org.ipop.overlay.node.StateDigest}.
 * <p>
 * Threading: the control-plane thread only. Callers must not call the DHT from inside the control plane's port
 * callbacks ({@code ControlTransport}, {@code DataPlaneCommands}).
 */
public final class ReplicatedDht implements Dht, ControlPlaneExtension
{
    /** Routed payload type of DHT messages. */
    public static final int PAYLOAD_TYPE = 4;

    private static final DhtResultCallback IGNORE_RESULT = status -> { };
    private static final DhtGetCallback IGNORE_VALUES = (status, values) -> { };

    private final ControlPlane plane;
    private final DhtContext context;
    private final Address self;
    private final Address[] replicaOffsets;
    private final DhtStore store;
    private final DhtCounters counters = new DhtCounters();
    private final DhtMessageFlyweight message = new DhtMessageFlyweight();
    private final RoutedFlyweight localRouted = new RoutedFlyweight();
    private final DhtCommand command = new DhtCommand();
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[DhtMessageFlyweight.MAX_BODY_LENGTH]);
    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(new byte[DhtCommand.MAX_LENGTH]);
    private final Long2ObjectHashMap<DhtOperation> pending = new Long2ObjectHashMap<>();
    private final ArrayList<DhtOperation> pendingList = new ArrayList<>();
    private final ArrayDeque<byte[]> localMessages = new ArrayDeque<>();
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private final ArrayList<DhtTickListener> tickListeners = new ArrayList<>();
    private LongSupplier clock;
    private Address[] lastNear = new Address[0];
    private boolean neighboursChanged;
    private long nextSweepNs;
    private int depth;
    private boolean draining;
    private DhtResultCallback nextResultCallback;
    private DhtGetCallback nextGetCallback;

    private static final class Deferred
    {
        final byte[] command;
        final DhtResultCallback result;
        final DhtGetCallback get;

        Deferred(final byte[] command, final DhtResultCallback result, final DhtGetCallback get)
        {
            this.command = command;
            this.result = result;
            this.get = get;
        }
    }

    private ReplicatedDht(final ControlPlane plane, final DhtContext context)
    {
        this.plane = plane;
        this.context = context.conclude();
        this.self = plane.address();
        this.replicaOffsets = DhtKeys.replicaOffsets(context.replicas());
        this.store = new DhtStore(context.maxValuesPerKey());
        this.clock = plane::nowNs;
    }

    /**
     * Creates the DHT of a control plane and attaches it (journaling its settings). Call right after constructing
     * the control plane, before its first input.
     *
     * @param plane   the node's control plane.
     * @param context settings (concluded here).
     * @return the DHT.
     */
    public static ReplicatedDht attach(final ControlPlane plane, final DhtContext context)
    {
        final ReplicatedDht dht = new ReplicatedDht(plane, context);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DhtContext.ENCODED_LENGTH]);
        final int length = dht.context.encode(b, 0);
        plane.attach(dht, b, 0, length);
        return dht;
    }

    /**
     * Sets where the time of commands made outside any input comes from (default: the latest input's time). The
     * time is journaled with the command; a clock behind the control plane's is ignored.
     *
     * @param clock nanosecond clock on the journaled time line (e.g. the simulator's virtual clock).
     * @return this.
     */
    public ReplicatedDht clock(final LongSupplier clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param listener called on every tick; its DHT calls are journaled and applied after the tick.
     */
    public void addTickListener(final DhtTickListener listener)
    {
        tickListeners.add(listener);
    }

    /** @return the control plane this DHT rides on. */
    public ControlPlane plane()
    {
        return plane;
    }

    /** @return the settings. */
    public DhtContext context()
    {
        return context;
    }

    /** @return counters. */
    public DhtCounters counters()
    {
        return counters;
    }

    /** @return what this node holds as a replica (read only outside the control plane). */
    public DhtStore store()
    {
        return store;
    }

    /** @return operations started here and not yet completed. */
    public int pendingOperations()
    {
        return pendingList.size();
    }

    // ------------------------------------------------------------------------------------------------- Dht

    @Override
    public void put(final byte[] key, final byte[] value, final int ttlSeconds, final DhtResultCallback callback)
    {
        submit(DhtMessageFlyweight.OP_PUT, key, value, ttlSeconds, callback, null);
    }

    @Override
    public void create(final byte[] key, final byte[] value, final int ttlSeconds, final DhtResultCallback callback)
    {
        submit(DhtMessageFlyweight.OP_CREATE, key, value, ttlSeconds, callback, null);
    }

    @Override
    public void get(final byte[] key, final DhtGetCallback callback)
    {
        submit(DhtMessageFlyweight.OP_GET, key, null, 0, null, callback);
    }

    @Override
    public void delete(final byte[] key, final byte[] value, final DhtResultCallback callback)
    {
        submit(DhtMessageFlyweight.OP_DELETE, key, value, 1, callback, null);
    }

    private void submit(
        final int op, final byte[] key, final byte[] value, final int ttl, final DhtResultCallback resultCallback,
        final DhtGetCallback getCallback)
    {
        final DhtStatus invalid = validate(op, key, value, ttl);
        if (invalid != null || plane.hasLeft())
        {
            final DhtStatus s = invalid != null ? invalid : DhtStatus.TIMEOUT;
            if (s == DhtStatus.TOO_LARGE)
            {
                counters.increment(DhtCounters.TOO_LARGE);
            }
            if (getCallback != null)
            {
                getCallback.onValues(s, Collections.emptyList());
            }
            else
            {
                resultCallback.onResult(s);
            }
            return;
        }
        final int length = DhtCommand.encode(commandBuffer, op, key, value, ttl);
        final byte[] bytes = new byte[length];
        commandBuffer.getBytes(0, bytes);
        if (depth > 0)
        {
            deferred.add(new Deferred(bytes, resultCallback, getCallback));
            return;
        }
        runCommand(bytes, resultCallback, getCallback, Math.max(plane.nowNs(), clock.getAsLong()));
    }

    private DhtStatus validate(final int op, final byte[] key, final byte[] value, final int ttl)
    {
        if (key == null || key.length == 0 || (op != DhtMessageFlyweight.OP_GET && (value == null || value.length == 0)))
        {
            return DhtStatus.INVALID;
        }
        if (key.length > MAX_KEY_LENGTH || (value != null && value.length > MAX_VALUE_LENGTH))
        {
            return DhtStatus.TOO_LARGE;
        }
        if (op != DhtMessageFlyweight.OP_GET && (ttl < 1 || ttl > context.maxTtlSeconds()))
        {
            return DhtStatus.INVALID;
        }
        return null;
    }

    private void runCommand(
        final byte[] bytes, final DhtResultCallback resultCallback, final DhtGetCallback getCallback, final long timeNs)
    {
        nextResultCallback = resultCallback;
        nextGetCallback = getCallback;
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        plane.onExtensionCommand(timeNs, PAYLOAD_TYPE, b, 0, bytes.length);
        nextResultCallback = null;
        nextGetCallback = null;
    }

    // ------------------------------------------------------------------------------------ ControlPlaneExtension

    @Override
    public int payloadType()
    {
        return PAYLOAD_TYPE;
    }

    @Override
    public void onCommand(final DirectBuffer buffer, final int offset, final int length)
    {
        final DhtResultCallback resultCallback = nextResultCallback != null ? nextResultCallback : IGNORE_RESULT;
        final DhtGetCallback getCallback = nextGetCallback != null ? nextGetCallback : IGNORE_VALUES;
        nextResultCallback = null;
        nextGetCallback = null;
        enter();
        try
        {
            final boolean valid = command.decode(buffer, offset, length);
            if (!valid || plane.hasLeft())
            {
                counters.increment(valid ? DhtCounters.OPS_FAILED : DhtCounters.DROP_MALFORMED);
                final DhtStatus status = valid ? DhtStatus.TIMEOUT : DhtStatus.INVALID;
                if (valid && command.op == DhtMessageFlyweight.OP_GET)
                {
                    getCallback.onValues(status, Collections.emptyList());
                }
                else
                {
                    resultCallback.onResult(status);
                }
                return;
            }
            start(command.op, command.key, command.value, command.ttlSeconds, resultCallback, getCallback);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void onDelivered(final RoutedFlyweight routed)
    {
        enter();
        try
        {
            handle(routed);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void onTick(final long nowNs)
    {
        enter();
        try
        {
            if (neighboursChanged)
            {
                neighboursChanged = false;
                transferToNewNeighbours();
            }
            if (nowNs >= nextSweepNs)
            {
                nextSweepNs = nowNs + context.sweepIntervalNs();
                counters.add(DhtCounters.VALUES_EXPIRED, store.sweep(nowNs));
            }
            for (int i = pendingList.size() - 1; i >= 0; i--)
            {
                if (i < pendingList.size())
                {
                    retry(pendingList.get(i), nowNs);
                }
            }
            for (int i = 0; i < tickListeners.size(); i++)
            {
                tickListeners.get(i).onTick(nowNs);
            }
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void onConnectionsChanged()
    {
        neighboursChanged = true;
    }

    @Override
    public void digest(final MessageDigest md)
    {
        store.digest(md);
        final ByteBuffer b = ByteBuffer.allocate(8);
        for (final DhtOperation o : pendingList)
        {
            b.clear();
            b.putLong(o.token);
            md.update(b.array());
            md.update(o.state);
        }
        for (final Address a : lastNear)
        {
            md.update(a.toBytes());
        }
        for (int i = 0; i < DhtCounters.COUNT; i++)
        {
            b.clear();
            b.putLong(counters.get(i));
            md.update(b.array());
        }
    }

    // ---------------------------------------------------------------------------------- dispatch bookkeeping

    private void enter()
    {
        depth++;
    }

    private void exit()
    {
        if (depth == 1 && !draining)
        {
            draining = true;
            try
            {
                while (true)
                {
                    final byte[] local = localMessages.poll();
                    if (local != null)
                    {
                        localRouted.wrap(new UnsafeBuffer(local), 0, local.length);
                        handle(localRouted);
                        continue;
                    }
                    final Deferred d = deferred.poll();
                    if (d == null)
                    {
                        break;
                    }
                    depth--;
                    try
                    {
                        runCommand(d.command, d.result, d.get, plane.nowNs());
                    }
                    finally
                    {
                        depth++;
                    }
                }
            }
            finally
            {
                draining = false;
            }
        }
        depth--;
    }

    // ----------------------------------------------------------------------------------------- client side

    private void start(
        final int op, final byte[] key, final byte[] value, final int ttl, final DhtResultCallback resultCallback,
        final DhtGetCallback getCallback)
    {
        final Address base = DhtKeys.keyAddress(key);
        final Address[] addresses = new Address[replicaOffsets.length];
        for (int i = 0; i < addresses.length; i++)
        {
            addresses[i] = base.add(replicaOffsets[i]);
        }
        final DhtOperation o =
            new DhtOperation(plane.nextToken(), op, key, value, ttl, addresses, resultCallback, getCallback);
        pending.put(o.token, o);
        pendingList.add(o);
        counters.increment(DhtCounters.OPS_STARTED);
        o.deadlineNs = plane.nowNs() + timeoutNs();
        for (int i = 0; i < addresses.length; i++)
        {
            sendRequest(o, i);
        }
    }

    private long timeoutNs()
    {
        return Math.max(context.minRequestTimeoutNs(), 4 * plane.requestTimeoutNs());
    }

    private void sendRequest(final DhtOperation o, final int replica)
    {
        o.sends[replica]++;
        counters.increment(DhtCounters.REQUESTS_SENT);
        final int length;
        if (o.op == DhtMessageFlyweight.OP_GET)
        {
            length = DhtMessageFlyweight.writeHeader(body, o.op, 0, replica, 0, o.pageStart[replica], o.key, 0, 0);
        }
        else
        {
            final int at = DhtMessageFlyweight.writeHeader(body, o.op, 0, replica, 0, o.ttlSeconds, o.key, 1, 0);
            length = DhtMessageFlyweight.putEntry(body, at, o.value, o.ttlSeconds);
        }
        route(RoutingMode.GREEDY, o.replicaAddresses[replica], o.token, length);
    }

    private void retry(final DhtOperation o, final long nowNs)
    {
        if (o.graceEndsNs >= 0 && nowNs >= o.graceEndsNs)
        {
            finishGet(o);
            return;
        }
        if (nowNs < o.deadlineNs)
        {
            return;
        }
        o.round++;
        for (int i = 0; i < o.state.length; i++)
        {
            if (o.state[i] == DhtOperation.PENDING)
            {
                if (o.sends[i] >= context.maxSends())
                {
                    o.state[i] = DhtOperation.FAILED;
                }
                else
                {
                    counters.increment(DhtCounters.REQUESTS_RESENT);
                    sendRequest(o, i);
                }
            }
        }
        o.deadlineNs = nowNs + timeoutNs() * Math.min(o.round, 4);
        evaluate(o);
    }

    private void onReply(final long token)
    {
        final DhtOperation o = pending.get(token);
        final int replica = message.replica();
        if (o == null || replica >= o.state.length || o.state[replica] != DhtOperation.PENDING)
        {
            counters.increment(DhtCounters.REPLIES_LATE);
            return;
        }
        counters.increment(DhtCounters.REPLIES);
        final DhtStatus status = DhtStatus.values()[message.status()];
        if (o.op != DhtMessageFlyweight.OP_GET)
        {
            o.state[replica] = DhtOperation.ANSWERED;
            o.status[replica] = status;
            o.added[replica] = status == DhtStatus.OK && (message.flags() & DhtMessageFlyweight.FLAG_EXISTED) == 0;
            evaluate(o);
            return;
        }
        if (status != DhtStatus.OK)
        {
            o.state[replica] = DhtOperation.FAILED;
            evaluate(o);
            return;
        }
        if (message.ttlOrStart() != o.pageStart[replica])
        {
            counters.increment(DhtCounters.REPLIES_LATE);
            return;
        }
        final ArrayList<DhtValue> page = o.pages.get(replica);
        final int n = message.entries();
        for (int i = 0; i < n && page.size() < context.maxGetValues(); i++)
        {
            page.add(new DhtValue(message.value(i), message.remainingSeconds(i)));
        }
        o.pageStart[replica] += n;
        if (n > 0 && o.pageStart[replica] < message.total() && page.size() < context.maxGetValues())
        {
            o.sends[replica] = 0;
            sendRequest(o, replica);
            return;
        }
        o.state[replica] = DhtOperation.ANSWERED;
        o.status[replica] = DhtStatus.OK;
        evaluate(o);
    }

    private void evaluate(final DhtOperation o)
    {
        final int majority = context.majority();
        final int answered = o.count(DhtOperation.ANSWERED);
        final int failed = o.count(DhtOperation.FAILED);
        final int open = o.state.length - answered - failed;
        if (o.op == DhtMessageFlyweight.OP_GET)
        {
            if (answered == o.state.length || (answered >= majority && open == 0))
            {
                finishGet(o);
            }
            else if (answered + open < majority)
            {
                complete(o, DhtStatus.TIMEOUT, Collections.emptyList());
            }
            else if (answered >= majority && o.graceEndsNs < 0)
            {
                o.graceEndsNs = plane.nowNs() + timeoutNs();
            }
            return;
        }
        final int ok = o.countStatus(DhtStatus.OK);
        if (ok >= majority)
        {
            complete(o, DhtStatus.OK, null);
        }
        else if (ok + open < majority)
        {
            final DhtStatus s = o.countStatus(DhtStatus.EXISTS) > 0 ? DhtStatus.EXISTS :
                o.countStatus(DhtStatus.TOO_LARGE) > 0 ? DhtStatus.TOO_LARGE :
                o.countStatus(DhtStatus.INVALID) > 0 ? DhtStatus.INVALID : DhtStatus.TIMEOUT;
            if (o.op == DhtMessageFlyweight.OP_CREATE)
            {
                rollBack(o);
            }
            complete(o, s, null);
        }
    }

    private void rollBack(final DhtOperation o)
    {
        for (int i = 0; i < o.state.length; i++)
        {
            if (o.state[i] == DhtOperation.ANSWERED && o.added[i])
            {
                final int at = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_DELETE, 0, i,
                    DhtMessageFlyweight.FLAG_NO_REPLY, 1, o.key, 1, 0);
                route(RoutingMode.GREEDY, o.replicaAddresses[i], o.token,
                    DhtMessageFlyweight.putEntry(body, at, o.value, 1));
            }
        }
    }

    private void finishGet(final DhtOperation o)
    {
        final int answered = o.count(DhtOperation.ANSWERED);
        final ArrayList<byte[]> distinct = new ArrayList<>();
        final ArrayList<int[]> tally = new ArrayList<>();
        for (int r = 0; r < o.state.length; r++)
        {
            if (o.state[r] != DhtOperation.ANSWERED)
            {
                continue;
            }
            for (final DhtValue v : o.pages.get(r))
            {
                int k = 0;
                while (k < distinct.size() && !Arrays.equals(distinct.get(k), v.value()))
                {
                    k++;
                }
                if (k == distinct.size())
                {
                    distinct.add(v.value());
                    tally.add(new int[] {0, 0, 0});
                }
                final int[] t = tally.get(k);
                t[0]++;
                t[1] = Math.max(t[1], v.remainingSeconds());
            }
        }
        final ArrayList<DhtValue> result = new ArrayList<>();
        for (int k = 0; k < distinct.size(); k++)
        {
            final int[] t = tally.get(k);
            if (2 * t[0] >= answered && t[1] > 0)
            {
                result.add(new DhtValue(distinct.get(k), t[1]));
                if (t[0] < answered)
                {
                    writeBack(o, distinct.get(k), t[1]);
                }
            }
        }
        result.sort((a, b) -> Arrays.compareUnsigned(a.value(), b.value()));
        complete(o, DhtStatus.OK, result);
    }

    private void writeBack(final DhtOperation o, final byte[] value, final int remainingSeconds)
    {
        for (int r = 0; r < o.state.length; r++)
        {
            if (o.state[r] != DhtOperation.ANSWERED || contains(o.pages.get(r), value))
            {
                continue;
            }
            counters.increment(DhtCounters.WRITE_BACKS);
            final int at = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_PUT, 0, r,
                DhtMessageFlyweight.FLAG_NO_REPLY, remainingSeconds, o.key, 1, 0);
            route(RoutingMode.GREEDY, o.replicaAddresses[r], o.token,
                DhtMessageFlyweight.putEntry(body, at, value, remainingSeconds));
        }
    }

    private static boolean contains(final List<DhtValue> values, final byte[] value)
    {
        for (final DhtValue v : values)
        {
            if (Arrays.equals(v.value(), value))
            {
                return true;
            }
        }
        return false;
    }

    private void complete(final DhtOperation o, final DhtStatus status, final List<DhtValue> values)
    {
        pending.remove(o.token);
        pendingList.remove(o);
        counters.increment(status == DhtStatus.OK ? DhtCounters.OPS_OK : DhtCounters.OPS_FAILED);
        if (o.op == DhtMessageFlyweight.OP_GET)
        {
            o.getCallback.onValues(status, status == DhtStatus.OK ? values : Collections.emptyList());
        }
        else
        {
            o.resultCallback.onResult(status);
        }
    }

    // ---------------------------------------------------------------------------------------- replica side

    private void handle(final RoutedFlyweight routed)
    {
        final int bodyOffset = routed.offset() + RoutedFlyweight.EXTENSION_BODY_OFFSET;
        final int bodyLength = routed.length() - RoutedFlyweight.EXTENSION_BODY_OFFSET;
        if (bodyLength <= 0 || !message.wrap(routed.buffer(), bodyOffset, bodyLength) ||
            message.replica() >= replicaOffsets.length)
        {
            counters.increment(DhtCounters.DROP_MALFORMED);
            return;
        }
        final int op = message.op();
        if (op == DhtMessageFlyweight.OP_REPLY)
        {
            onReply(routed.token());
            return;
        }
        final long token = routed.token();
        final Address source = routed.source();
        final byte[] key = message.key();
        final int replica = message.replica();
        final Address at = DhtKeys.keyAddress(key).add(replicaOffsets[replica]);
        final long now = plane.nowNs();
        final int flags = message.flags();
        switch (op)
        {
            case DhtMessageFlyweight.OP_COPY:
                counters.increment(DhtCounters.COPIES_RECEIVED);
                for (int i = 0; i < message.entries(); i++)
                {
                    final int remaining = message.remainingSeconds(i);
                    if (remaining > 0 && remaining <= context.maxTtlSeconds())
                    {
                        store.put(at, key, replica, message.value(i), now + remaining * 1_000_000_000L, now);
                    }
                }
                return;
            case DhtMessageFlyweight.OP_GET:
                counters.increment(DhtCounters.REQUESTS_SERVED);
                replyValues(source, token, key, replica, at, Math.max(0, message.ttlOrStart()));
                return;
            default:
                break;
        }
        counters.increment(DhtCounters.REQUESTS_SERVED);
        final byte[] value = message.value(0);
        final int ttl = message.ttlOrStart();
        DhtStatus status = DhtStatus.OK;
        int replyFlags = 0;
        if (op == DhtMessageFlyweight.OP_DELETE)
        {
            store.delete(at, value);
            if ((flags & DhtMessageFlyweight.FLAG_BACKUP) == 0)
            {
                forwardToBackup(at, key, replica, value, 0, token);
            }
        }
        else if (ttl < 1 || ttl > context.maxTtlSeconds())
        {
            status = DhtStatus.INVALID;
        }
        else
        {
            final long expiresNs = now + ttl * 1_000_000_000L;
            status = op == DhtMessageFlyweight.OP_CREATE ?
                store.create(at, key, replica, value, expiresNs, now) :
                store.put(at, key, replica, value, expiresNs, now);
            if (status == DhtStatus.OK)
            {
                replyFlags = store.lastWasNew() ? 0 : DhtMessageFlyweight.FLAG_EXISTED;
                final StoredRecord r = store.record(at);
                final StoredValue v = r.values.get(r.indexOf(value));
                forwardToBackup(at, key, replica, value, v.remainingSeconds(now), token);
            }
            else if (status == DhtStatus.TOO_LARGE)
            {
                counters.increment(DhtCounters.TOO_LARGE);
            }
        }
        if ((flags & DhtMessageFlyweight.FLAG_NO_REPLY) == 0)
        {
            final int length = DhtMessageFlyweight.writeHeader(
                body, DhtMessageFlyweight.OP_REPLY, status.ordinal(), replica, replyFlags, 0, key, 0, 0);
            route(RoutingMode.EXACT, source, token, length);
        }
    }

    private void replyValues(
        final Address source, final long token, final byte[] key, final int replica, final Address at, final int start)
    {
        final StoredRecord r = store.record(at);
        final long now = plane.nowNs();
        final int total = r == null ? 0 : r.liveCount(now);
        int p = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_REPLY, DhtStatus.OK.ordinal(), replica, 0,
            start, key, 0, total);
        int count = 0;
        int index = 0;
        if (r != null)
        {
            for (int i = 0; i < r.values.size(); i++)
            {
                final StoredValue v = r.values.get(i);
                if (v.expiresNs <= now)
                {
                    continue;
                }
                if (index++ < start)
                {
                    continue;
                }
                if (p + DhtMessageFlyweight.ENTRY_HEADER_LENGTH + v.bytes.length > DhtMessageFlyweight.MAX_BODY_LENGTH)
                {
                    break;
                }
                p = DhtMessageFlyweight.putEntry(body, p, v.bytes, v.remainingSeconds(now));
                count++;
            }
        }
        DhtMessageFlyweight.patchCount(body, count);
        route(RoutingMode.EXACT, source, token, p);
    }

    private void forwardToBackup(
        final Address at, final byte[] key, final int replica, final byte[] value, final int remainingSeconds,
        final long token)
    {
        final Connection backup = nearestConnection(at);
        if (backup == null)
        {
            return;
        }
        final int length;
        if (remainingSeconds > 0)
        {
            final int p = DhtMessageFlyweight.writeHeader(
                body, DhtMessageFlyweight.OP_COPY, 0, replica, DhtMessageFlyweight.FLAG_BACKUP, 0, key, 1, 0);
            length = DhtMessageFlyweight.putEntry(body, p, value, remainingSeconds);
        }
        else
        {
            final int p = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_DELETE, 0, replica,
                DhtMessageFlyweight.FLAG_BACKUP | DhtMessageFlyweight.FLAG_NO_REPLY, 1, key, 1, 0);
            length = DhtMessageFlyweight.putEntry(body, p, value, 1);
        }
        counters.increment(DhtCounters.COPIES_SENT);
        route(RoutingMode.EXACT, backup.peer(), token, length);
    }

    private Connection nearestConnection(final Address at)
    {
        final ConnectionTable table = plane.table();
        Connection best = null;
        for (int i = 0, n = table.size(); i < n; i++)
        {
            final Connection c = table.get(i);
            if (best == null || c.peer().distance(at).compareTo(best.peer().distance(at)) < 0)
            {
                best = c;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------------------------- state transfer

    private Address[] currentNear()
    {
        final ConnectionTable table = plane.table();
        final ArrayList<Address> near = new ArrayList<>(4);
        for (int k = 0; k < 2 && k < table.size(); k++)
        {
            final Address r = table.right(k).peer();
            final Address l = table.left(k).peer();
            if (!near.contains(r))
            {
                near.add(r);
            }
            if (!near.contains(l))
            {
                near.add(l);
            }
        }
        return near.toArray(new Address[0]);
    }

    private void transferToNewNeighbours()
    {
        final Address[] near = currentNear();
        if (Arrays.equals(near, lastNear))
        {
            return;
        }
        final Address[] previous = lastNear;
        lastNear = near;
        final long now = plane.nowNs();
        for (final Map.Entry<Address, StoredRecord> e : store.records().entrySet())
        {
            final Address at = e.getKey();
            final Address[] before = nearestTwo(at, previous);
            final Address[] after = nearestTwo(at, near);
            for (final Address n : after)
            {
                if (n != null && !n.equals(self) && !n.equals(before[0]) && !n.equals(before[1]))
                {
                    sendRecord(n, e.getValue(), now);
                }
            }
        }
    }

    private Address[] nearestTwo(final Address at, final Address[] others)
    {
        Address first = self;
        Address second = null;
        for (final Address a : others)
        {
            if (a.distance(at).compareTo(first.distance(at)) < 0)
            {
                second = first;
                first = a;
            }
            else if (second == null || a.distance(at).compareTo(second.distance(at)) < 0)
            {
                second = a;
            }
        }
        return new Address[] {first, second};
    }

    private void sendRecord(final Address to, final StoredRecord r, final long now)
    {
        int i = 0;
        while (i < r.values.size())
        {
            int p = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_COPY, 0, r.replica,
                DhtMessageFlyweight.FLAG_BACKUP, 0, r.key, 0, 0);
            int count = 0;
            while (i < r.values.size())
            {
                final StoredValue v = r.values.get(i);
                if (v.expiresNs <= now)
                {
                    i++;
                    continue;
                }
                if (p + DhtMessageFlyweight.ENTRY_HEADER_LENGTH + v.bytes.length > DhtMessageFlyweight.MAX_BODY_LENGTH)
                {
                    break;
                }
                p = DhtMessageFlyweight.putEntry(body, p, v.bytes, v.remainingSeconds(now));
                count++;
                i++;
            }
            if (count == 0)
            {
                break;
            }
            DhtMessageFlyweight.patchCount(body, count);
            counters.increment(DhtCounters.COPIES_SENT);
            route(RoutingMode.EXACT, to, plane.nextToken(), p);
        }
    }

    // --------------------------------------------------------------------------------------------- routing

    private void route(final int mode, final Address destination, final long token, final int length)
    {
        final int result = plane.sendRouted(mode, destination, PAYLOAD_TYPE, token, body, 0, length);
        if (result == ControlPlane.ROUTED_LOCAL)
        {
            final int frameLength = RoutedFlyweight.EXTENSION_BODY_OFFSET + length;
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[frameLength]);
            RoutedFlyweight.writeHeader(frame, 0, mode, 1, 0, self, destination, PAYLOAD_TYPE, token, 0, 0, 0);
            frame.putBytes(RoutedFlyweight.EXTENSION_BODY_OFFSET, body, 0, length);
            localMessages.add(frame.byteArray());
        }
        else if (result == ControlPlane.ROUTED_NO_ROUTE)
        {
            counters.increment(DhtCounters.DROP_NO_ROUTE);
        }
    }
}
