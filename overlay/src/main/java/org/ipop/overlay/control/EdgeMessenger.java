package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.wire.EdgeMessageFlyweight;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.NeighbourEntries;

/**
 * Messages on one edge (a connection to a peer), both ways: ping and pong (liveness, and round-trip samples
 * for the adaptive timeout), close, and status (the sender's nearest neighbours, which the
 * {@link NearOverlord} considers linking to). A ping from a peer that is neither connected nor being linked
 * is answered with a close, so that a peer still holding a dead edge drops it. Also closes connections for the
 * other roles. Control-plane thread only; allocates nothing.
 */
final class EdgeMessenger
{
    private final NodeConfig config;
    private final Address self;
    private final ConnectionTable table;
    private final Linker linker;
    private final RttEstimator rtt;
    private final ControlCounters counters;
    private final ControlSender sender;
    private final InputState state;
    private final NearOverlord near;
    private final EdgeMessageFlyweight edgeMessage = new EdgeMessageFlyweight();
    private final int[] neighbourOffsets = new int[NeighbourEntries.MAX_NEIGHBOURS];

    EdgeMessenger(
        final NodeConfig config, final ConnectionTable table, final Linker linker, final RttEstimator rtt,
        final ControlCounters counters, final ControlSender sender, final InputState state, final NearOverlord near)
    {
        this.config = config;
        this.self = config.address();
        this.table = table;
        this.linker = linker;
        this.rtt = rtt;
        this.counters = counters;
        this.sender = sender;
        this.state = state;
        this.near = near;
    }

    /**
     * Input: an edge message frame (ping, pong, close or status) from a transport address.
     *
     * @param type   its {@code FrameHeader.TYPE_*}.
     * @param src    packed source transport address.
     * @param buffer the frame; read only during the call.
     * @param offset of the frame.
     * @param length of the frame.
     */
    void onEdgeMessage(final int type, final long src, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!edgeMessage.wrap(buffer, offset, length))
        {
            counters.increment(ControlCounter.DROP_MALFORMED);
            return;
        }
        final long nowNs = state.nowNs();
        final Connection c = table.byTransport(src);
        if (c == null || !c.peer().equals(edgeMessage.sender()))
        {
            if (type == FrameHeader.TYPE_PING && !linker.linking(edgeMessage.sender()))
            {
                sendEdge(src, FrameHeader.TYPE_CLOSE, 0, null);
            }
            counters.increment(ControlCounter.DROP_NOT_CONNECTED);
            return;
        }
        switch (type)
        {
            case FrameHeader.TYPE_PING:
                c.heard(nowNs);
                sendEdge(src, FrameHeader.TYPE_PONG, edgeMessage.token(), null);
                break;
            case FrameHeader.TYPE_PONG:
                if (c.pingToken() != 0 && c.pingToken() == edgeMessage.token() && c.pingSends() == 1)
                {
                    rtt.sample(nowNs - c.pingSentNs());
                }
                c.heard(nowNs);
                break;
            case FrameHeader.TYPE_CLOSE:
                close(c, false);
                break;
            default:
                c.heard(nowNs);
                final int n = edgeMessage.neighbourCount();
                for (int i = 0; i < n; i++)
                {
                    neighbourOffsets[i] = edgeMessage.neighbourOffset(i);
                }
                near.considerNeighbours(edgeMessage.buffer(), neighbourOffsets, n);
                break;
        }
    }

    /**
     * Sends an edge message from the shared send buffer; a status message lists the nearest neighbours.
     *
     * @param dst     packed transport address of the peer.
     * @param type    a {@code FrameHeader.TYPE_*} edge message type.
     * @param token   token echoed by the answer (pings), 0 otherwise.
     * @param exclude peer left out of a status message's neighbour list, or null.
     */
    void sendEdge(final long dst, final int type, final long token, final Address exclude)
    {
        final MutableDirectBuffer sendBuffer = sender.sendBuffer();
        final int n = type == FrameHeader.TYPE_STATUS ?
            writeNeighbours(sendBuffer, EdgeMessageFlyweight.ENTRIES_OFFSET, exclude) : 0;
        EdgeMessageFlyweight.writeHeader(sendBuffer, 0, type, token, self, n);
        sender.send(dst, EdgeMessageFlyweight.ENTRIES_OFFSET + n * NeighbourEntries.NEIGHBOUR_LENGTH);
    }

    /**
     * Closes a connection, telling the peer if asked; losing one of the nearest neighbours schedules a search.
     *
     * @param c          the connection.
     * @param notifyPeer send a close frame first.
     */
    void close(final Connection c, final boolean notifyPeer)
    {
        final boolean wasNear = table.placesAway(c) < config.nearPerSide();
        if (notifyPeer)
        {
            sendEdge(c.transport(), FrameHeader.TYPE_CLOSE, 0, null);
        }
        table.remove(c);
        linker.cancel(c.peer());
        if (wasNear && !state.hasLeft())
        {
            near.searchSoon();
        }
    }

    /**
     * Writes the nearest {@link NodeConfig#nearPerSide()} neighbours per side, alternating right and left from the
     * nearest, each once.
     *
     * @param buffer  destination.
     * @param offset  of the first neighbour entry.
     * @param exclude peer left out (the receiver), or null.
     * @return entries written.
     */
    int writeNeighbours(final MutableDirectBuffer buffer, final int offset, final Address exclude)
    {
        int n = 0;
        final int per = config.nearPerSide();
        final int size = table.size();
        for (int k = 0; k < per && k < size; k++)
        {
            for (int side = 0; side < 2; side++)
            {
                final Connection c = side == 0 ? table.right(k) : table.left(k);
                if (c.peer().equals(exclude) || alreadyListed(buffer, offset, n, c.peer()))
                {
                    continue;
                }
                NeighbourEntries.putNeighbour(buffer, offset + n * NeighbourEntries.NEIGHBOUR_LENGTH, c.peer(),
                    c.transport());
                n++;
            }
        }
        return n;
    }

    private static boolean alreadyListed(final DirectBuffer buffer, final int offset, final int n, final Address a)
    {
        for (int i = 0; i < n; i++)
        {
            if (NeighbourEntries.neighbourAddress(buffer, offset + i * NeighbourEntries.NEIGHBOUR_LENGTH).equals(a))
            {
                return true;
            }
        }
        return false;
    }
}
