package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.NeighbourEntries;

/**
 * The node's place on the ring. Each tick: the {@link NodeConfig#nearPerSide()} nearest connections per side
 * get the near type; a near-only connection {@link NodeConfig#trimPlaces()} or more places away on both sides
 * loses it; leaf types expire; connections with no type left are closed. Status (nearest neighbours) goes to
 * the nearest left and right neighbour every 2.5-7.5 s. Until placed, an annealing connect-to toward the own
 * address goes out every 2 s; successor and predecessor searches go with it, then every 15-45 s, and at the
 * next tick after one of the nearest neighbours is lost. Any reported node that would be among the nearest on
 * a side is linked to directly. Control-plane thread only.
 */
final class NearOverlord
{
    private static final long JOIN_RETRY_NS = 2_000_000_000L;

    private final OverlordHost host;
    private final ConnectionTable table;
    private final Linker linker;
    private final NodeConfig config;
    private final DeterministicRandom random;
    private final Address self;
    private final long[] oneTransport = new long[1];
    private long nextStatusNs;
    private long nextSearchNs;
    private long placedSinceNs = -1;
    private boolean ringLinked;

    NearOverlord(
        final OverlordHost host, final ConnectionTable table, final Linker linker, final NodeConfig config,
        final DeterministicRandom random)
    {
        this.host = host;
        this.table = table;
        this.linker = linker;
        this.config = config;
        this.random = random;
        this.self = config.address();
    }

    void onTick()
    {
        final long nowNs = host.nowNs();
        final int per = config.nearPerSide();
        for (int i = table.size() - 1; i >= 0; i--)
        {
            if (i >= table.size())
            {
                continue;
            }
            final Connection c = table.get(i);
            final int places = Math.min(i, table.size() - 1 - i);
            if (places < per)
            {
                if ((c.types() & ConnectionType.NEAR) == 0)
                {
                    table.addTypes(c, ConnectionType.NEAR);
                }
            }
            else if (places >= config.trimPlaces() && (c.types() & ConnectionType.NEAR) != 0)
            {
                table.clearTypes(c, ConnectionType.NEAR);
            }
            final boolean leafDone = c.initiatedHere() ?
                placed() && nowNs - c.createdNs() >= config.leafLifetimeNs() :
                nowNs - c.createdNs() >= 6 * config.leafLifetimeNs();
            if ((c.types() & ConnectionType.LEAF) != 0 && leafDone)
            {
                table.clearTypes(c, ConnectionType.LEAF);
            }
            if (c.types() == 0)
            {
                host.close(c, true);
            }
        }
        final boolean isPlaced = placed();
        if (isPlaced && placedSinceNs < 0)
        {
            placedSinceNs = nowNs;
        }
        else if (!isPlaced)
        {
            placedSinceNs = -1;
        }
        if (table.size() > 0 && nowNs >= nextStatusNs)
        {
            nextStatusNs = nowNs + config.statusIntervalNs() / 2 + random.nextLong() % (config.statusIntervalNs() / 2) +
                config.statusIntervalNs() / 2;
            final Connection r = table.right(0);
            final Connection l = table.left(0);
            host.sendEdge(r.transport(), FrameHeader.TYPE_STATUS, 0, r.peer());
            if (l != r)
            {
                host.sendEdge(l.transport(), FrameHeader.TYPE_STATUS, 0, l.peer());
            }
        }
        if (table.size() > 0 && nowNs >= nextSearchNs)
        {
            if (!isPlaced || !ringLinked)
            {
                host.sendCtm(RoutingMode.ANNEALING, self, ConnectionType.NEAR, null, null);
                nextSearchNs = nowNs + JOIN_RETRY_NS;
            }
            else
            {
                final long half = config.searchIntervalNs() / 2;
                nextSearchNs = nowNs + half + (long)(random.nextDouble() * 2 * half);
            }
            host.sendCtm(RoutingMode.SUCCESSOR, self.add(Address.of(0, 0, 1)), ConnectionType.NEAR, null, null);
            host.sendCtm(RoutingMode.PREDECESSOR, self.subtract(Address.of(0, 0, 1)), ConnectionType.NEAR, null, null);
        }
    }

    /** @return true if the nearest connections on both sides carry the near type. */
    boolean placed()
    {
        return table.size() > 0 && (table.right(0).types() & ConnectionType.NEAR) != 0 &&
            (table.left(0).types() & ConnectionType.NEAR) != 0;
    }

    /**
     * Considers every neighbour entry of a status message, connect-to reply or link reply, in order.
     *
     * @param buffer  the message.
     * @param offsets offsets of its neighbour entries.
     * @param count   entries.
     */
    void considerNeighbours(final DirectBuffer buffer, final int[] offsets, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            considerNeighbour(
                NeighbourEntries.neighbourAddress(buffer, offsets[i]),
                NeighbourEntries.neighbourTransport(buffer, offsets[i]));
        }
    }

    /**
     * Links to a reported node if it would be among the nearest on either side.
     *
     * @param peer          reported address.
     * @param peerTransport its transport address.
     */
    void considerNeighbour(final Address peer, final long peerTransport)
    {
        if (peer.equals(self) || peer.addressClass() != Address.NODE_CLASS || table.get(peer) != null ||
            linker.linking(peer) || peerTransport == config.localTransport())
        {
            return;
        }
        final int per = config.nearPerSide();
        if (table.rankOf(peer, 1) < per || table.rankOf(peer, -1) < per)
        {
            oneTransport[0] = peerTransport;
            linker.link(oneTransport, 1, peer, ConnectionType.NEAR, host.nowNs());
        }
    }

    /** Searches for neighbours at the next tick (a near neighbour was lost, or the first connection came up). */
    void searchSoon()
    {
        nextSearchNs = host.nowNs();
    }

    void onLinked(final Connection connection)
    {
        if ((connection.types() & ConnectionType.LEAF) == 0)
        {
            ringLinked = true;
        }
    }

    boolean ringLinked()
    {
        return ringLinked;
    }
}
