package org.ipop.tools.admin;

import org.ipop.overlay.dht.Dht;

/**
 * What the admin channel's node end needs from the node. Every method is called on the control-plane
 * thread only (the thread that runs {@link AdminServerAgent}).
 */
public interface AdminNodeView
{
    /** @return the node's status, one {@code key value...} line each, lines separated by {@code '\n'}. */
    String status();

    /** @return the node's DHT; its callbacks run on the control-plane thread. */
    Dht dht();

    /** @return the bytes put in front of every {@code ipop dht} key (see {@code IpopKeys.userPrefix}). */
    byte[] userKeyPrefix();

    /** @return true once the node has near neighbours on both sides (its DHT requests can reach replicas). */
    boolean placed();

    /** @return the largest TTL the DHT accepts, in seconds. */
    int maxTtlSeconds();

    /**
     * Acts on a revocation and spreads it.
     *
     * @param revocation the encoded CA-signed revocation.
     * @return null when accepted, else why not (one line).
     */
    String revoke(byte[] revocation);
}
