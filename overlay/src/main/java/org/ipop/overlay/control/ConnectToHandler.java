package org.ipop.overlay.control;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.NeighbourEntries;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.util.ArrayList;

/**
 * Connect-to messages (Brunet's CTM): a routed request carrying this node's transports and the connection
 * types it wants; the node it reaches links back and answers with its own transports and nearest neighbours.
 * Requests wait for their reply as {@link PendingCtm}s, resent on a deadline of 4 x the adaptive timeout x
 * sends, and given up after {@value #MAX_SENDS} sends or when the node has no connection left. Control-plane
 * thread only; allocates only the pending record of a new request.
 */
final class ConnectToHandler
{
    private static final int MAX_SENDS = 3;

    private final Address self;
    private final ConnectionTable table;
    private final Linker linker;
    private final RttEstimator rtt;
    private final ControlCounters counters;
    private final ControlSender sender;
    private final InputState state;
    private final DeterministicRandom random;
    private final ObservedTransports observed;
    private final EdgeMessenger edges;
    private final RoutedForwarder forwarder;
    private final NearOverlord near;
    private final ShortcutOverlord shortcuts;
    private final Long2ObjectHashMap<PendingCtm> pendingByToken = new Long2ObjectHashMap<>();
    private final ArrayList<PendingCtm> pending = new ArrayList<>();
    private final long[] transports = new long[NeighbourEntries.MAX_TRANSPORTS];
    private final int[] neighbourOffsets = new int[NeighbourEntries.MAX_NEIGHBOURS];

    ConnectToHandler(
        final Address self, final ConnectionTable table, final Linker linker, final RttEstimator rtt,
        final ControlCounters counters, final ControlSender sender, final InputState state,
        final DeterministicRandom random, final ObservedTransports observed, final EdgeMessenger edges,
        final RoutedForwarder forwarder, final NearOverlord near, final ShortcutOverlord shortcuts)
    {
        this.self = self;
        this.table = table;
        this.linker = linker;
        this.rtt = rtt;
        this.counters = counters;
        this.sender = sender;
        this.state = state;
        this.random = random;
        this.observed = observed;
        this.edges = edges;
        this.forwarder = forwarder;
        this.near = near;
        this.shortcuts = shortcuts;
    }

    /**
     * Sends (or resends) a connect-to request.
     *
     * @param mode        routing mode.
     * @param destination destination.
     * @param types       connection types asked for.
     * @param resend      the pending request to resend, or null for a new one.
     * @param via         first hop forced through this connection, or null to route from here.
     * @return the pending request.
     */
    PendingCtm send(
        final int mode, final Address destination, final int types, final PendingCtm resend, final Connection via)
    {
        final UnsafeBuffer sendBuffer = sender.sendBuffer();
        final PendingCtm p = resend != null ? resend : new PendingCtm(random.nextToken(), mode, destination, types);
        final int t = observed.writeTransports(sendBuffer, RoutedFlyweight.ENTRIES_OFFSET);
        RoutedFlyweight.writeHeader(sendBuffer, 0, mode, forwarder.ttl(), 0, self, destination,
            RoutedFlyweight.PAYLOAD_CTM_REQUEST, p.token, types, t, 0);
        final int length = RoutedFlyweight.ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH;
        if (via != null)
        {
            sender.send(via.transport(), length);
        }
        else
        {
            forwarder.originate(mode, destination, 0, length);
        }
        counters.increment(ControlCounter.CTM_SENT);
        p.sends++;
        p.deadlineNs = state.nowNs() + 4 * rtt.timeoutNs() * p.sends;
        if (resend == null)
        {
            pendingByToken.put(p.token, p);
            pending.add(p);
        }
        return p;
    }

    /**
     * @param destination a destination.
     * @return true if a connect-to toward it awaits its reply.
     */
    boolean pendingTo(final Address destination)
    {
        for (int i = 0; i < pending.size(); i++)
        {
            if (pending.get(i).destination.equals(destination))
            {
                return true;
            }
        }
        return false;
    }

    /** Resends requests past their deadline, or gives them up; called at each tick. */
    void expire()
    {
        final long nowNs = state.nowNs();
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final PendingCtm p = pending.get(i);
            if (nowNs < p.deadlineNs)
            {
                continue;
            }
            if (p.sends >= MAX_SENDS || table.size() == 0)
            {
                pending.remove(i);
                pendingByToken.remove(p.token);
                shortcuts.onCtmDone(p.token);
            }
            else
            {
                send(p.mode, p.destination, p.types, p, null);
            }
        }
    }

    /**
     * Input: a connect-to request delivered here. Links to the requester and answers with this node's transports
     * and nearest neighbours (the requester's own request to itself is ignored).
     *
     * @param request the delivered message.
     */
    void onRequest(final RoutedFlyweight request)
    {
        final Address source = request.source();
        if (source.equals(self))
        {
            return;
        }
        final int types = request.connectionTypes() & ConnectionType.ALL;
        final int n = copyTransports(request);
        final long token = request.token();
        linker.link(transports, n, source, types, state.nowNs());
        final UnsafeBuffer sendBuffer = sender.sendBuffer();
        final int t = observed.writeTransports(sendBuffer, RoutedFlyweight.ENTRIES_OFFSET);
        final int nOff = RoutedFlyweight.ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH;
        final int nb = edges.writeNeighbours(sendBuffer, nOff, source);
        RoutedFlyweight.writeHeader(sendBuffer, 0, RoutingMode.EXACT, forwarder.ttl(), 0, self, source,
            RoutedFlyweight.PAYLOAD_CTM_REPLY, token, types, t, nb);
        forwarder.originate(RoutingMode.EXACT, source, 0, nOff + nb * NeighbourEntries.NEIGHBOUR_LENGTH);
    }

    /**
     * Input: a connect-to reply delivered here. Ends the pending request, links to the replier, and considers
     * the neighbours it listed.
     *
     * @param reply the delivered message.
     */
    void onReply(final RoutedFlyweight reply)
    {
        final PendingCtm p = pendingByToken.remove(reply.token());
        if (p != null)
        {
            pending.remove(p);
            shortcuts.onCtmDone(p.token);
        }
        final int n = copyTransports(reply);
        linker.link(transports, n, reply.source(), reply.connectionTypes() & ConnectionType.ALL, state.nowNs());
        final int nb = reply.neighbourCount();
        for (int i = 0; i < nb; i++)
        {
            neighbourOffsets[i] = reply.neighbourOffset(i);
        }
        near.considerNeighbours(reply.buffer(), neighbourOffsets, nb);
    }

    /** @return pending request tokens in send order (for the state digest). */
    long[] pendingTokens()
    {
        final long[] t = new long[pending.size()];
        for (int i = 0; i < t.length; i++)
        {
            t[i] = pending.get(i).token;
        }
        return t;
    }

    private int copyTransports(final RoutedFlyweight message)
    {
        final int n = Math.min(message.transportCount(), transports.length);
        for (int i = 0; i < n; i++)
        {
            transports[i] = message.transport(i);
        }
        return n;
    }
}
