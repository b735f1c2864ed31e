package org.ipop.overlay.dht;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;

/**
 * The replica side of the DHT: applies requests delivered to this node to its {@link DhtStore} and replies, copies
 * accepted writes to the backup (the connection nearest the replica address), and hands records to neighbours that
 * have become one of the two nodes nearest their address (state transfer, with the remaining TTL).
 * Control-plane thread only; driven by {@link ReplicatedDht}.
 */
final class DhtReplica
{
    private final ControlPlane plane;
    private final DhtContext context;
    private final DhtStore store;
    private final DhtCounters counters;
    private final DhtSender sender;
    private final UnsafeBuffer body;
    private final Address self;
    private final Address[] replicaOffsets;
    private Address[] lastNear = new Address[0];
    private DhtRecordPolicy policy;

    DhtReplica(
        final ControlPlane plane, final DhtContext context, final DhtStore store, final DhtCounters counters,
        final DhtSender sender, final Address[] replicaOffsets)
    {
        this.plane = plane;
        this.context = context;
        this.store = store;
        this.counters = counters;
        this.sender = sender;
        this.body = sender.body();
        this.self = plane.address();
        this.replicaOffsets = replicaOffsets;
    }

    void policy(final DhtRecordPolicy policy)
    {
        this.policy = policy;
    }

    void digest(final MessageDigest md)
    {
        for (final Address a : lastNear)
        {
            md.update(a.toBytes());
        }
    }

    /**
     * Serves a request, a copy or a delete delivered here.
     *
     * @param routed  the routed frame (source, token).
     * @param message its validated body (not a reply).
     */
    void onRequest(final RoutedFlyweight routed, final DhtMessageFlyweight message)
    {
        final int op = message.op();
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
                counters.increment(DhtCounter.COPIES_RECEIVED);
                for (int i = 0; i < message.entries(); i++)
                {
                    final int remaining = message.remainingSeconds(i);
                    if (remaining > 0 && remaining <= context.maxTtlSeconds())
                    {
                        final byte[] value = message.value(i);
                        final long expiresNs = admit(key, value, now + remaining * 1_000_000_000L, now);
                        if (expiresNs > now &&
                            store.put(at, key, replica, value, expiresNs, now) == DhtStatus.REFUSED)
                        {
                            counters.increment(DhtCounter.RECORDS_REFUSED_OWNER);
                        }
                    }
                }
                return;
            case DhtMessageFlyweight.OP_GET:
                counters.increment(DhtCounter.REQUESTS_SERVED);
                replyValues(source, token, key, replica, at, Math.max(0, message.ttlOrStart()));
                return;
            default:
                break;
        }
        counters.increment(DhtCounter.REQUESTS_SERVED);
        final byte[] value = message.value(0);
        final int ttl = message.ttlOrStart();
        DhtStatus status = DhtStatus.OK;
        int replyFlags = 0;
        if (op == DhtMessageFlyweight.OP_DELETE)
        {
            status = delete(at, key, value, now);
            if (status == DhtStatus.OK && (flags & DhtMessageFlyweight.FLAG_BACKUP) == 0)
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
            final long expiresNs = admit(key, value, now + ttl * 1_000_000_000L, now);
            if (expiresNs <= now)
            {
                status = DhtStatus.REFUSED;
            }
            else
            {
                status = op == DhtMessageFlyweight.OP_CREATE ?
                    store.create(at, key, replica, value, expiresNs, now) :
                    store.put(at, key, replica, value, expiresNs, now);
            }
            if (status == DhtStatus.OK)
            {
                replyFlags = store.lastWasNew() ? 0 : DhtMessageFlyweight.FLAG_EXISTED;
                final StoredValue v = store.lastStored();
                forwardToBackup(at, key, replica, v.bytes, v.remainingSeconds(now), token);
            }
            else if (status == DhtStatus.TOO_LARGE)
            {
                counters.increment(DhtCounter.TOO_LARGE);
            }
            else if (status == DhtStatus.REFUSED && expiresNs > now)
            {
                counters.increment(DhtCounter.RECORDS_REFUSED_OWNER);
            }
        }
        if ((flags & DhtMessageFlyweight.FLAG_NO_REPLY) == 0)
        {
            final int length = DhtMessageFlyweight.writeHeader(
                body, DhtMessageFlyweight.OP_REPLY, status.ordinal(), replica, replyFlags, 0, key, 0, 0);
            sender.send(RoutingMode.EXACT, source, token, length);
        }
    }

    /**
     * Applies the record policy to a value offered for storing.
     *
     * @return the lease end to store it with (no later than the record's own expiry), or {@code now} or less if
     * refused (counted).
     */
    private long admit(final byte[] key, final byte[] value, final long expiresNs, final long now)
    {
        if (policy == null || !policy.governs(key))
        {
            return expiresNs;
        }
        final long validUntilNs = policy.admit(key, value, now, context.epochMillis(now));
        if (validUntilNs <= now)
        {
            countRefusal(validUntilNs);
            return now;
        }
        return Math.min(expiresNs, validUntilNs);
    }

    private DhtStatus delete(final Address at, final byte[] key, final byte[] value, final long now)
    {
        if (policy == null || !policy.governs(key))
        {
            store.delete(at, value);
            return DhtStatus.OK;
        }
        final long verdict = policy.admitDelete(key, value, context.epochMillis(now));
        if (verdict < 0)
        {
            countRefusal(verdict);
            return DhtStatus.REFUSED;
        }
        final DhtStatus status = store.deleteClaim(at, value, now);
        if (status == DhtStatus.REFUSED)
        {
            counters.increment(DhtCounter.RECORDS_REFUSED_OWNER);
        }
        return status;
    }

    private void countRefusal(final long reason)
    {
        counters.increment(
            reason == DhtRecordPolicy.REFUSED_NOT_MEMBER ? DhtCounter.RECORDS_REFUSED_NOT_MEMBER :
            reason == DhtRecordPolicy.REFUSED_EXPIRED ? DhtCounter.RECORDS_REFUSED_EXPIRED :
            DhtCounter.RECORDS_REFUSED_INVALID);
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
        sender.send(RoutingMode.EXACT, source, token, p);
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
        counters.increment(DhtCounter.COPIES_SENT);
        sender.send(RoutingMode.EXACT, backup.peer(), token, length);
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

    void transferToNewNeighbours()
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
            counters.increment(DhtCounter.COPIES_SENT);
            sender.send(RoutingMode.EXACT, to, plane.nextToken(), p);
        }
    }
}
