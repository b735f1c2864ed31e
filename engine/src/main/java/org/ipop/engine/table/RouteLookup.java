package org.ipop.engine.table;

/**
 * Mutable result of a {@link ForwardingTable} lookup, owned by one agent and reused for every frame.
 * Valid only after a lookup returned true, until the next lookup.
 */
public final class RouteLookup
{
    /** Peer id of the destination node. */
    public int peerId;
    /** Peer id of the edge the frame leaves on: the destination itself or its next hop. */
    public int viaPeerId;
    /** Edge IPv4 address as a.b.c.d int. */
    public int edgeAddress;
    /** Edge UDP port. */
    public int edgePort;
    /** Session id of the edge. */
    public int edgeSessionId;
    /**
     * Key-table slot of the session with the destination node (not the edge's peer: a frame for a node behind a
     * next hop is sealed for the node it is addressed to), or -1 when it has none.
     */
    public int keySlot;
    /** Destination node address words, see {@link org.ipop.engine.protocol.NodeAddress}. */
    public long dstWord0;
    public long dstWord1;
    public int dstWord2;
    /** Local node address words; all zero while the local address is unset. */
    public long localWord0;
    public long localWord1;
    public int localWord2;
}
