package org.ipop.overlay.vnet;

import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.DataPlaneCommands;

/**
 * {@link DataPlaneCommands} as engine commands: an edge up binds the peer's id and sets its edge (and drops
 * any relay next hop, its own edge is better); an edge down removes the edge; a next hop relays through a
 * neighbour, or through the destination's own edge when the neighbour is the destination itself.
 * Control-plane thread only. A full command ring delays commands in the proxy's backlog, in order; a command
 * lost to a full backlog is counted and reported by the proxy.
 */
public final class EngineDataPlaneCommands implements DataPlaneCommands
{
    private final EngineProxy proxy;
    private final PeerIds peers;

    /**
     * @param proxy the engine's proxy.
     * @param peers the id registry shared with the route installer.
     */
    public EngineDataPlaneCommands(final EngineProxy proxy, final PeerIds peers)
    {
        this.proxy = proxy;
        this.peers = peers;
    }

    @Override
    public void edgeUp(final Address peer, final int ip, final int port, final int types)
    {
        final int id = peers.idOf(peer);
        if (id > 0 && port > 0 && port <= 65535)
        {
            proxy.setEdge(id, ip, port, 0);
            proxy.removeNextHop(id);
        }
    }

    @Override
    public void edgeDown(final Address peer)
    {
        final int id = peers.existingId(peer);
        if (id > 0)
        {
            proxy.removeEdge(id);
        }
    }

    @Override
    public void nextHop(final Address destination, final Address via)
    {
        final int id = peers.idOf(destination);
        if (id == 0)
        {
            return;
        }
        if (via == null || via.equals(destination))
        {
            proxy.removeNextHop(id);
            return;
        }
        final int viaId = peers.idOf(via);
        if (viaId > 0)
        {
            proxy.setNextHop(id, viaId);
        }
    }
}
