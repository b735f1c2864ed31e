package org.ipop.overlay.link;

import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.wire.LinkReplyFlyweight;
import org.ipop.overlay.wire.LinkRequestFlyweight;
import org.ipop.overlay.wire.NeighbourEntries;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * The linking protocol of one node (DESIGN.md section 5).
 * <ul>
 *   <li>The initiator sends a link request to every transport address it knows for the peer, resending on
 *   the adaptive timeout up to {@code maxSends} times and never longer than the edge timeout.</li>
 *   <li>The responder checks realm, self, target and leaving, then adds the connection (or merges the
 *   requested types into the existing one) and replies with the transport address it saw the request come
 *   from and its nearest neighbours; the initiator adds the connection on an OK reply.</li>
 *   <li>Simultaneous attempts from both ends: the node with the larger address stays initiator and answers
 *   {@link LinkStatus#IN_PROGRESS}; the smaller one drops its own attempt and accepts. One connection results
 *   on each side, whatever the order of arrival.</li>
 * </ul>
 * Single-threaded (control-plane thread).
 */
public final class Linker
{
    private final int realm;
    private final Address self;
    private final ConnectionTable table;
    private final LinkHost host;
    private final RttEstimator rtt;
    private final int maxSends;
    private final long edgeTimeoutNs;
    private final int maxConnections;
    private final Long2ObjectHashMap<LinkAttempt> byToken = new Long2ObjectHashMap<>();
    private final HashMap<Address, LinkAttempt> byTarget = new HashMap<>();
    private final Long2ObjectHashMap<LinkAttempt> byTransport = new Long2ObjectHashMap<>();
    private final ArrayList<LinkAttempt> attempts = new ArrayList<>();
    private final int[] neighbourOffsets = new int[NeighbourEntries.MAX_NEIGHBOURS];
    private long racesLost;
    private long racesWon;
    private long failures;

    /**
     * @param realm         realm id.
     * @param table         connection table.
     * @param host          the node.
     * @param rtt           shared round-trip estimator.
     * @param maxSends      sends of a request before giving up (1 + retries).
     * @param edgeTimeoutNs  an attempt older than this fails.
     * @param maxConnections requests for new connections beyond this many are refused.
     */
    public Linker(
        final int realm, final ConnectionTable table, final LinkHost host, final RttEstimator rtt, final int maxSends,
        final long edgeTimeoutNs, final int maxConnections)
    {
        this.maxConnections = maxConnections;
        this.realm = realm;
        this.self = table.self();
        this.table = table;
        this.host = host;
        this.rtt = rtt;
        this.maxSends = maxSends;
        this.edgeTimeoutNs = edgeTimeoutNs;
    }

    /**
     * Starts linking to a peer unless already connected (then only merges types locally) or already linking.
     *
     * @param transports packed transport addresses to try; copied.
     * @param count      how many of them.
     * @param target     the peer's address, or null for a bootstrap address whose node is unknown.
     * @param types      connection types wanted.
     * @param nowNs      current time.
     * @return the attempt, or null if none was started.
     */
    public LinkAttempt link(
        final long[] transports, final int count, final Address target, final int types, final long nowNs)
    {
        if (count <= 0 || host.leaving() || self.equals(target))
        {
            return null;
        }
        if (target != null)
        {
            final Connection c = table.get(target);
            if (c != null)
            {
                table.addTypes(c, types);
                return null;
            }
            if (byTarget.containsKey(target))
            {
                return null;
            }
        }
        final int n = Math.min(count, NeighbourEntries.MAX_TRANSPORTS);
        for (int i = 0; i < n; i++)
        {
            if (byTransport.containsKey(transports[i]) || table.byTransport(transports[i]) != null)
            {
                return null;
            }
        }
        final long[] copy = new long[n];
        System.arraycopy(transports, 0, copy, 0, n);
        final LinkAttempt a = new LinkAttempt(host.nextToken(), copy, n, target, types, nowNs);
        attempts.add(a);
        byToken.put(a.token, a);
        if (target != null)
        {
            byTarget.put(target, a);
        }
        for (int i = 0; i < n; i++)
        {
            byTransport.put(copy[i], a);
        }
        send(a, nowNs);
        return a;
    }

    /**
     * @param target a peer address.
     * @return true if an attempt toward it is in progress.
     */
    public boolean linking(final Address target)
    {
        return byTarget.containsKey(target);
    }

    /** @return attempts in progress. */
    public int pending()
    {
        return attempts.size();
    }

    /** @return attempts in progress, in start order (read only). */
    public ArrayList<LinkAttempt> attempts()
    {
        return attempts;
    }

    /** @return races this node gave up as the smaller address. */
    public long racesLost()
    {
        return racesLost;
    }

    /** @return races this node kept as the larger address. */
    public long racesWon()
    {
        return racesWon;
    }

    /** @return attempts that failed for good. */
    public long failures()
    {
        return failures;
    }

    /**
     * Handles a link request that passed {@link LinkRequestFlyweight#wrap}.
     *
     * @param src   packed transport address it came from.
     * @param req   the request.
     * @param nowNs receive time.
     */
    public void onRequest(final long src, final LinkRequestFlyweight req, final long nowNs)
    {
        final Address from = req.from();
        final int types = req.connectionTypes() & ConnectionType.ALL;
        int status = LinkStatus.OK;
        if (req.realm() != realm)
        {
            status = LinkStatus.REALM_MISMATCH;
        }
        else if (from.equals(self))
        {
            status = LinkStatus.CONNECT_TO_SELF;
        }
        else if (req.hasTarget() && !req.target().equals(self))
        {
            status = LinkStatus.TARGET_MISMATCH;
        }
        else if (host.leaving())
        {
            status = LinkStatus.DISCONNECTING;
        }
        else
        {
            final Connection existing = table.get(from);
            if (existing != null && existing.transport() != src)
            {
                status = LinkStatus.ALREADY_CONNECTED;
            }
            else if (existing == null && table.size() >= maxConnections)
            {
                status = LinkStatus.TABLE_FULL;
            }
            else if (existing == null)
            {
                LinkAttempt mine = byTarget.get(from);
                if (mine == null)
                {
                    mine = byTransport.get(src);
                }
                if (mine != null)
                {
                    if (self.compareTo(from) > 0)
                    {
                        racesWon++;
                        status = LinkStatus.IN_PROGRESS;
                    }
                    else
                    {
                        racesLost++;
                        remove(mine);
                    }
                }
            }
        }
        Connection c = null;
        if (status == LinkStatus.OK)
        {
            c = table.add(from, src, types, nowNs);
        }
        final MutableDirectBuffer out = host.sendBuffer();
        final int entries = LinkReplyFlyweight.ENTRIES_OFFSET;
        final int n = status == LinkStatus.OK ? host.writeNeighbours(out, entries, from) : 0;
        LinkReplyFlyweight.writeHeader(out, 0, realm, req.token(), types, status, src, self, n);
        host.send(src, entries + n * NeighbourEntries.NEIGHBOUR_LENGTH);
        if (c != null)
        {
            host.onLinked(c, false);
            final int count = req.neighbourCount();
            for (int i = 0; i < count; i++)
            {
                neighbourOffsets[i] = req.neighbourOffset(i);
            }
            host.onNeighbours(req.buffer(), neighbourOffsets, count);
        }
    }

    /**
     * Handles a link reply that passed {@link LinkReplyFlyweight#wrap}.
     *
     * @param src   packed transport address it came from.
     * @param rep   the reply.
     * @param nowNs receive time.
     * @return false if the reply matched no attempt (dropped).
     */
    public boolean onReply(final long src, final LinkReplyFlyweight rep, final long nowNs)
    {
        final LinkAttempt a = byToken.get(rep.token());
        if (a == null || rep.realm() != realm)
        {
            return false;
        }
        final Address responder = rep.responder();
        final int status = rep.status();
        if (a.target != null && !a.target.equals(responder))
        {
            remove(a);
            failures++;
            host.onLinkFailed(a, LinkStatus.TARGET_MISMATCH);
            return true;
        }
        if (status == LinkStatus.OK)
        {
            if (a.sends == 1)
            {
                rtt.sample(nowNs - a.lastSentNs);
            }
            remove(a);
            if (responder.equals(self))
            {
                return true;
            }
            host.onObservedAddress(rep.observed(), responder);
            final Connection c = table.add(responder, src, a.types, nowNs);
            host.onLinked(c, true);
            final int count = rep.neighbourCount();
            for (int i = 0; i < count; i++)
            {
                neighbourOffsets[i] = rep.neighbourOffset(i);
            }
            host.onNeighbours(rep.buffer(), neighbourOffsets, count);
        }
        else if (status == LinkStatus.IN_PROGRESS)
        {
            remove(a);
        }
        else
        {
            remove(a);
            failures++;
            host.onLinkFailed(a, status);
        }
        return true;
    }

    /**
     * Resends requests whose timeout passed; fails attempts out of sends or older than the edge timeout.
     *
     * @param nowNs current time.
     */
    public void onTimer(final long nowNs)
    {
        for (int i = attempts.size() - 1; i >= 0; i--)
        {
            final LinkAttempt a = attempts.get(i);
            if (nowNs < a.deadlineNs)
            {
                continue;
            }
            if (a.sends >= maxSends || nowNs - a.startedNs >= edgeTimeoutNs || host.leaving())
            {
                remove(a);
                failures++;
                host.onLinkFailed(a, -1);
            }
            else
            {
                send(a, nowNs);
            }
        }
    }

    /**
     * Abandons every attempt toward a peer (used when the peer is found dead or leaves).
     *
     * @param target peer address.
     */
    public void cancel(final Address target)
    {
        final LinkAttempt a = byTarget.get(target);
        if (a != null)
        {
            remove(a);
        }
    }

    private void send(final LinkAttempt a, final long nowNs)
    {
        final MutableDirectBuffer out = host.sendBuffer();
        final int t = host.writeTransports(out, LinkRequestFlyweight.ENTRIES_OFFSET);
        final int nOff = LinkRequestFlyweight.ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH;
        final int n = host.writeNeighbours(out, nOff, a.target);
        LinkRequestFlyweight.writeHeader(out, 0, realm, a.token, a.types, self, a.target, t, n);
        final int length = nOff + n * NeighbourEntries.NEIGHBOUR_LENGTH;
        for (int i = 0; i < a.transportCount; i++)
        {
            host.send(a.transports[i], length);
        }
        a.sends++;
        a.lastSentNs = nowNs;
        a.deadlineNs = nowNs + (rtt.timeoutNs() << Math.min(a.sends - 1, 3));
    }

    private void remove(final LinkAttempt a)
    {
        attempts.remove(a);
        byToken.remove(a.token);
        if (a.target != null && byTarget.get(a.target) == a)
        {
            byTarget.remove(a.target);
        }
        for (int i = 0; i < a.transportCount; i++)
        {
            if (byTransport.get(a.transports[i]) == a)
            {
                byTransport.remove(a.transports[i]);
            }
        }
    }
}
