package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;

/**
 * What a role that watches connections ({@link LivenessMonitor}) needs from its control plane, and no more.
 * Called on the control-plane thread while an input is being applied.
 */
interface ConnectionHost
{
    /** @return time of the latest input (journaled clock). */
    long nowNs();

    /** @return a fresh non-zero token from the node's journaled random generator. */
    long nextToken();

    /**
     * Sends an edge message (ping, pong, close or status) from the shared send buffer.
     *
     * @param dst     packed transport address of the peer.
     * @param type    a {@code FrameHeader.TYPE_*} edge message type.
     * @param token   token echoed by the answer (pings), 0 otherwise.
     * @param exclude peer left out of a status message's neighbour list, or null.
     */
    void sendEdge(long dst, int type, long token, Address exclude);

    /**
     * Closes a connection; losing one of the nearest neighbours schedules a search.
     *
     * @param c          the connection.
     * @param notifyPeer send a close frame first.
     */
    void close(Connection c, boolean notifyPeer);
}
