package org.ipop.overlay.dht;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.routing.RoutingMode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The requesting side of the DHT: sends an operation's request to every replica address, resends on timeouts,
 * counts replies toward a majority, pages through get results, rolls back failed creates where they added their
 * value, writes returned values back to replicas that missed them, and completes the operation's callback once.
 * Control-plane thread only; driven by {@link ReplicatedDht}.
 */
final class DhtClient
{
    /** How long the delete token of a rollback stays usable. */
    static final long ROLLBACK_TOKEN_MS = 30_000L;

    private final ControlPlane plane;
    private final DhtContext context;
    private final DhtCounters counters;
    private final DhtSender sender;
    private final UnsafeBuffer body;
    private final Address[] replicaOffsets;
    private final Long2ObjectHashMap<DhtOperation> pending = new Long2ObjectHashMap<>();
    private final ArrayList<DhtOperation> pendingList = new ArrayList<>();
    private DhtRecordPolicy policy;
    private DhtRecordSealer sealer;

    DhtClient(
        final ControlPlane plane, final DhtContext context, final DhtCounters counters, final DhtSender sender,
        final Address[] replicaOffsets)
    {
        this.plane = plane;
        this.context = context;
        this.counters = counters;
        this.sender = sender;
        this.body = sender.body();
        this.replicaOffsets = replicaOffsets;
    }

    void policy(final DhtRecordPolicy policy)
    {
        this.policy = policy;
    }

    void sealer(final DhtRecordSealer sealer)
    {
        this.sealer = sealer;
    }

    int pendingOperations()
    {
        return pendingList.size();
    }

    void onTick(final long nowNs)
    {
        for (int i = pendingList.size() - 1; i >= 0; i--)
        {
            if (i < pendingList.size())
            {
                retry(pendingList.get(i), nowNs);
            }
        }
    }

    void digest(final MessageDigest md)
    {
        final ByteBuffer b = ByteBuffer.allocate(8);
        for (final DhtOperation o : pendingList)
        {
            b.clear();
            b.putLong(o.token);
            md.update(b.array());
            md.update(o.state);
        }
    }

    void start(
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
        counters.increment(DhtCounter.OPS_STARTED);
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
        counters.increment(DhtCounter.REQUESTS_SENT);
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
        sender.send(RoutingMode.GREEDY, o.replicaAddresses[replica], o.token, length);
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
                    counters.increment(DhtCounter.REQUESTS_RESENT);
                    sendRequest(o, i);
                }
            }
        }
        o.deadlineNs = nowNs + timeoutNs() * Math.min(o.round, 4);
        evaluate(o);
    }

    void onReply(final long token, final DhtMessageFlyweight message)
    {
        final DhtOperation o = pending.get(token);
        final int replica = message.replica();
        if (o == null || replica >= o.state.length || o.state[replica] != DhtOperation.PENDING)
        {
            counters.increment(DhtCounter.REPLIES_LATE);
            return;
        }
        counters.increment(DhtCounter.REPLIES);
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
            counters.increment(DhtCounter.REPLIES_LATE);
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
                o.countStatus(DhtStatus.REFUSED) > 0 ? DhtStatus.REFUSED :
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
        byte[] deleteValue = o.value;
        if (policy != null && policy.governs(o.key))
        {
            // a governed value is deleted with its owner's token, never with its own bytes
            deleteValue = sealer == null ? null :
                sealer.deleteTokenFor(o.key, o.value, context.epochMillis(plane.nowNs()) + ROLLBACK_TOKEN_MS);
            if (deleteValue == null)
            {
                return;
            }
        }
        for (int i = 0; i < o.state.length; i++)
        {
            if (o.state[i] == DhtOperation.ANSWERED && o.added[i])
            {
                final int at = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_DELETE, 0, i,
                    DhtMessageFlyweight.FLAG_NO_REPLY, 1, o.key, 1, 0);
                sender.send(RoutingMode.GREEDY, o.replicaAddresses[i], o.token,
                    DhtMessageFlyweight.putEntry(body, at, deleteValue, 1));
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
            counters.increment(DhtCounter.WRITE_BACKS);
            final int at = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_PUT, 0, r,
                DhtMessageFlyweight.FLAG_NO_REPLY, remainingSeconds, o.key, 1, 0);
            sender.send(RoutingMode.GREEDY, o.replicaAddresses[r], o.token,
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
        counters.increment(status == DhtStatus.OK ? DhtCounter.OPS_OK : DhtCounter.OPS_FAILED);
        if (o.op == DhtMessageFlyweight.OP_GET)
        {
            o.getCallback.onValues(status, status == DhtStatus.OK ? values : Collections.emptyList());
        }
        else
        {
            o.resultCallback.onResult(status);
        }
    }
}
