package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;

/**
 * Commands the control plane issues to the data plane so that connections show up as routes. Called on
 * the control-plane thread; the engine's implementation enqueues each command to its conductor (counting
 * failed offers); the simulator's records the resulting tables.
 */
public interface DataPlaneCommands
{
    /**
     * An edge to an overlay node is up: frames for {@code peer} go to this transport address.
     *
     * @param peer  the neighbour's overlay address.
     * @param ip    its IPv4 transport address.
     * @param port  its UDP port.
     * @param types connection type bits ({@link org.ipop.overlay.connection.ConnectionType}).
     */
    void edgeUp(Address peer, int ip, int port, int types);

    /**
     * The edge to {@code peer} is gone; routes through it are removed.
     *
     * @param peer the former neighbour.
     */
    void edgeDown(Address peer);

    /**
     * Frames for {@code destination} leave through the edge to {@code via}.
     *
     * @param destination an overlay address the data plane has traffic for.
     * @param via         a neighbour with an edge up, or null to remove the route.
     */
    void nextHop(Address destination, Address via);
}
