package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlPlaneExtension;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
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
 * where it only renewed it). A get waits for every replica (or for a majority plus one timeout), returns the values
 * held by at least half of the replicas that answered (with their longest remaining lease: a value deleted at a
 * majority is not returned), fetches large results page by page, and writes each value back to answering replicas
 * that missed it. Requests are resent on a timeout (the control plane's adaptive one x4, at least
 * {@link DhtContext#minRequestTimeoutNs()}), {@link DhtContext#maxSends()} times.
 * <p>
 * <b>Claim records.</b> With a {@link DhtRecordPolicy} ({@link #recordPolicy}) the replicas store, renew and delete
 * values of the keys it governs only when they are validly signed by a member, not expired, and not held by another
 * owner; refusals are counted and answered {@link DhtStatus#REFUSED}. Other keys are unaffected.
 * <p>
 * <b>Roles.</b> This class validates, journals and dispatches; {@link DhtClient} runs the operations started here,
 * {@link DhtReplica} serves requests and transfers state, {@link DhtSender} routes bodies (or queues them for
 * local delivery), {@link DhtStore} holds the values.
 * <p>
 * <b>Determinism.</b> Every call of the {@link Dht} methods is an input of the control plane: it is encoded as a
 * {@link DhtCommand} and journaled ({@link ControlPlane#onExtensionCommand}) before it is applied. Calls made while
 * the DHT is itself processing an input (from a callback or a tick listener) are queued and journaled and applied
 * right after, so a replay of the journal, which has no callbacks, applies the same commands in the same order. The
 * store and pending operations are part of the control plane's {@link org.ipop.overlay.control.StateDigest}.
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
    private final Address[] replicaOffsets;
    private final DhtStore store;
    private final DhtCounters counters;
    private final DhtMessageFlyweight message = new DhtMessageFlyweight();
    private final DhtSender sender;
    private final DhtClient client;
    private final DhtReplica replica;
    private final RoutedFlyweight localRouted = new RoutedFlyweight();
    private final DhtCommand command = new DhtCommand();
    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(new byte[DhtCommand.MAX_LENGTH]);
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private final ArrayList<DhtTickListener> tickListeners = new ArrayList<>();
    private LongSupplier clock;
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

    private ReplicatedDht(final ControlPlane plane, final DhtContext context, final DhtCounters counters)
    {
        this.counters = counters;
        this.plane = plane;
        this.context = context.conclude();
        this.replicaOffsets = DhtKeys.replicaOffsets(context.replicas());
        this.store = new DhtStore(context.maxValuesPerKey());
        this.sender = new DhtSender(plane, counters);
        this.client = new DhtClient(plane, this.context, counters, sender, replicaOffsets);
        this.replica = new DhtReplica(plane, this.context, store, counters, sender, replicaOffsets);
        this.clock = plane::nowNs;
    }

    /**
     * Creates the DHT of a control plane and attaches it (journaling its settings). Call right after constructing
     * the control plane, before its first input.
     *
     * @param plane   the node's control plane.
     * @param context settings (concluded here).
     * @return the DHT, counting in private memory.
     */
    public static ReplicatedDht attach(final ControlPlane plane, final DhtContext context)
    {
        return attach(plane, context, new DhtCounters());
    }

    /**
     * Creates the DHT of a control plane with counters allocated by the caller (in the node's counters file)
     * and attaches it (journaling its settings). Call right after constructing the control plane, before its
     * first input.
     *
     * @param plane    the node's control plane.
     * @param context  settings (concluded here).
     * @param counters where the DHT counts, owned by the DHT from now on.
     * @return the DHT.
     */
    public static ReplicatedDht attach(final ControlPlane plane, final DhtContext context, final DhtCounters counters)
    {
        final ReplicatedDht dht = new ReplicatedDht(plane, context, counters);
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
     * Makes this node's replica check records that claim something for a node before storing or deleting them
     * (signed records, see {@code org.ipop.overlay.dht.signed}); refusals are counted ({@code RECORDS_REFUSED_*})
     * and answered with {@link DhtStatus#REFUSED}. Without a policy (the default: simulator, plaintext mode) every
     * value is stored as it comes. Set it before the first input, identically on a replay of this node's journal:
     * the replica's decisions are part of its state.
     *
     * @param policy the policy, or null for none.
     * @return this.
     */
    public ReplicatedDht recordPolicy(final DhtRecordPolicy policy)
    {
        store.policy(policy);
        replica.policy(policy);
        client.policy(policy);
        return this;
    }

    /**
     * Lets the DHT turn this node's own governed values into delete tokens, so that a create that failed is rolled
     * back where it added its record (without it, such a record lives out its short lease).
     *
     * @param sealer this node's record signer, or null.
     * @return this.
     */
    public ReplicatedDht recordSealer(final DhtRecordSealer sealer)
    {
        client.sealer(sealer);
        return this;
    }

    /** @return the current (latest input) time in epoch milliseconds, see {@link DhtContext#epochMillis}. */
    public long epochMillis()
    {
        return context.epochMillis(plane.nowNs());
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
        return client.pendingOperations();
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
                counters.increment(DhtCounter.TOO_LARGE);
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
                counters.increment(valid ? DhtCounter.OPS_FAILED : DhtCounter.DROP_MALFORMED);
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
            client.start(command.op, command.key, command.value, command.ttlSeconds, resultCallback, getCallback);
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
                replica.transferToNewNeighbours();
            }
            if (nowNs >= nextSweepNs)
            {
                nextSweepNs = nowNs + context.sweepIntervalNs();
                counters.add(DhtCounter.VALUES_EXPIRED, store.sweep(nowNs));
            }
            client.onTick(nowNs);
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
        client.digest(md);
        replica.digest(md);
        final ByteBuffer b = ByteBuffer.allocate(8);
        for (final DhtCounter counter : DhtCounter.values())   // declaration order: the digest's order
        {
            b.clear();
            b.putLong(counters.get(counter));
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
                    final byte[] local = sender.pollLocal();
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

    private void handle(final RoutedFlyweight routed)
    {
        final int bodyOffset = routed.offset() + RoutedFlyweight.EXTENSION_BODY_OFFSET;
        final int bodyLength = routed.length() - RoutedFlyweight.EXTENSION_BODY_OFFSET;
        if (bodyLength <= 0 || !message.wrap(routed.buffer(), bodyOffset, bodyLength) ||
            message.replica() >= replicaOffsets.length)
        {
            counters.increment(DhtCounter.DROP_MALFORMED);
            return;
        }
        if (message.op() == DhtMessageFlyweight.OP_REPLY)
        {
            client.onReply(routed.token(), message);
        }
        else
        {
            replica.onRequest(routed, message);
        }
    }
}
