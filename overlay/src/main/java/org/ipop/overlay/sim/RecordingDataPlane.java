package org.ipop.overlay.sim;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.DataPlaneCommands;

import java.util.HashMap;
import java.util.Map;

/**
 * The data plane as the simulator sees it: records the edges and next hops the control plane installs, so
 * tests can check that connections show up as routes.
 */
public final class RecordingDataPlane implements DataPlaneCommands
{
    private final HashMap<Address, Long> edges = new HashMap<>();
    private final HashMap<Address, Address> nextHops = new HashMap<>();

    @Override
    public void edgeUp(final Address peer, final int ip, final int port, final int types)
    {
        edges.put(peer, TransportAddress.pack(ip, port));
    }

    @Override
    public void edgeDown(final Address peer)
    {
        edges.remove(peer);
        nextHops.values().removeIf(peer::equals);
    }

    @Override
    public void nextHop(final Address destination, final Address via)
    {
        if (via == null)
        {
            nextHops.remove(destination);
        }
        else
        {
            nextHops.put(destination, via);
        }
    }

    /** @return edges installed: peer to packed transport address (read only). */
    public Map<Address, Long> edges()
    {
        return edges;
    }

    /** @return next hops installed: destination to neighbour (read only). */
    public Map<Address, Address> nextHops()
    {
        return nextHops;
    }
}
