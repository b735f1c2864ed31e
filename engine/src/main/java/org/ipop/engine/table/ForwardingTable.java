package org.ipop.engine.table;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.ipop.engine.protocol.NodeAddress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The data plane's forwarding state: virtual IPv4 -> peer, peer -> node address, peer -> edge
 * (IPv4, port, session id), peer -> next-hop peer, peer -> key slot, and the local node address.
 * <p>
 * <b>Peer ids.</b> The control plane names every node it wants routed with a small integer peer id in
 * {@code [1, maxPeers)} ({@link #addPeer}); routes, edges and next hops then refer to peer ids. Frames
 * arriving on the wire name nodes by their 160-bit address; the table finds the peer by the address's
 * 64-bit prefix (word 0, see {@link NodeAddress}) and verifies all 20 bytes, so two nodes sharing a prefix
 * are never confused: the second {@link #addPeer} with an existing prefix is rejected.
 * <p>
 * <b>Resolution.</b> A destination peer P leaves on the edge of its next hop if it has one, else on its own
 * edge; the edge's peer must be present and have an edge, otherwise there is no route. Removing a peer
 * clears its edge and next hop; routes naming it, or next hops through it, resolve to no route until
 * they are replaced.
 * <p>
 * <b>Source check.</b> {@link #checkSource} tells whether a frame's source virtual IPv4 belongs to the node that
 * sent it: the route of that address must name the peer whose full 160-bit address is the frame's source.
 * <p>
 * <b>Keys.</b> Each peer may name the slot of the session-key table its DATA frames are sealed with
 * ({@link #setPeerKey}); lookups report the destination's slot. {@link #isAuthenticatedEdge} tells whether a
 * transport address is the edge of a peer holding a key, the condition for relaying a sealed frame that came
 * from it.
 * <p>
 * <b>Members.</b> The peers registered as members of the virtual network ({@link #addMember}) receive a unicast
 * copy of every broadcast and multicast frame; {@link #members} copies their ids out for the sender.
 * <p>
 * <b>Threading.</b> Exactly one writer thread (the engine conductor) calls the mutating methods; any
 * number of reader threads call the {@code resolve*} and {@code isLocalNode} methods concurrently, without
 * locks. A sequence lock over the whole table guarantees each lookup sees one consistent snapshot: a
 * reader that overlapped a write retries, so a route, its peer, next hop and edge are never mixed from two
 * versions. Writes are short and rare; readers never allocate. Capacities are fixed at construction.
 */
public final class ForwardingTable
{
    private static final VarHandle VERSION;
    private static final int PRESENT = 1;
    private static final int HAS_EDGE = 2;
    private static final int MEMBER = 4;

    /** The key slot of a peer without a session key. */
    public static final int NO_KEY_SLOT = -1;

    /** {@link #checkSource}: the address is routed to the sending node. */
    public static final int SOURCE_VERIFIED = 0;
    /** {@link #checkSource}: the address has no route; its owner is unknown here. */
    public static final int SOURCE_UNKNOWN = 1;
    /** {@link #checkSource}: the address is routed to another node than the sender (spoofed or stale). */
    public static final int SOURCE_MISMATCH = 2;

    // The reads run under readStable's seqlock loop; non-capturing lambdas are created once, so lookups
    // allocate nothing.
    private static final int TRUE = 1;
    private static final int FALSE = 0;

    private static final SnapshotRead<int[]> COPY_MEMBERS = (t, key, w0, w1, w2, out) -> t.copyMembers(out);
    private static final SnapshotRead<RouteLookup> RESOLVE_PEER =
        (t, peerId, w0, w1, w2, out) -> t.resolvePeer(peerId, out) ? TRUE : FALSE;
    private static final SnapshotRead<RouteLookup> RESOLVE_VIP =
        (t, vip, w0, w1, w2, out) -> t.resolvePeer(t.vipToPeer.get(vip), out) ? TRUE : FALSE;
    private static final SnapshotRead<RouteLookup> RESOLVE_NODE =
        (t, key, w0, w1, w2, out) -> t.resolveNodePeer(w0, w1, w2, out) ? TRUE : FALSE;
    private static final SnapshotRead<Object> CHECK_SOURCE =
        (t, vip, w0, w1, w2, out) -> t.sourceCheck(vip, w0, w1, w2);
    private static final SnapshotRead<RouteLookup> COPY_LOCAL_NODE = (t, key, w0, w1, w2, out) -> t.copyLocalNode(out);
    private static final SnapshotRead<Object> IS_LOCAL_NODE =
        (t, key, w0, w1, w2, out) -> t.isLocal(w0, w1, w2) ? TRUE : FALSE;
    private static final SnapshotRead<Object> IS_AUTHENTICATED_EDGE =
        (t, key, edge, w1, w2, out) -> 0 != t.keyedEdges.get(edge) ? TRUE : FALSE;

    static
    {
        try
        {
            VERSION = MethodHandles.lookup().findVarHandle(ForwardingTable.class, "version", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long version;

    private final int maxPeers;
    private final int maxRoutes;
    private final int[] flags;
    private final long[] nodeWord0;
    private final long[] nodeWord1;
    private final int[] nodeWord2;
    private final int[] edgeAddress;
    private final int[] edgePort;
    private final int[] edgeSessionId;
    private final int[] nextHop;
    private final int[] keySlot;
    private final Int2IntHashMap vipToPeer;
    // edge (IPv4 << 16 | port) -> number of peers with a key slot whose edge it is
    private final Long2LongHashMap keyedEdges;
    private final Long2LongHashMap prefixToPeer;
    private final int[] members;
    private int memberCount;
    private long localWord0;
    private long localWord1;
    private int localWord2;

    /**
     * @param maxPeers  peer ids are {@code 1..maxPeers-1}.
     * @param maxRoutes most virtual IPv4 routes held at once.
     */
    public ForwardingTable(final int maxPeers, final int maxRoutes)
    {
        if (maxPeers < 2 || maxRoutes < 1)
        {
            throw new IllegalArgumentException("maxPeers must be >= 2 and maxRoutes >= 1: " + maxPeers + ", " + maxRoutes);
        }
        this.maxPeers = maxPeers;
        this.maxRoutes = maxRoutes;
        flags = new int[maxPeers];
        nodeWord0 = new long[maxPeers];
        nodeWord1 = new long[maxPeers];
        nodeWord2 = new int[maxPeers];
        edgeAddress = new int[maxPeers];
        edgePort = new int[maxPeers];
        edgeSessionId = new int[maxPeers];
        nextHop = new int[maxPeers];
        keySlot = new int[maxPeers];
        Arrays.fill(keySlot, NO_KEY_SLOT);
        // sized so that the fixed maximum never triggers a resize, which readers could not survive
        vipToPeer = new Int2IntHashMap(maxRoutes * 2, 0.5f, 0);
        prefixToPeer = new Long2LongHashMap(maxPeers * 2, 0.5f, 0);
        keyedEdges = new Long2LongHashMap(maxPeers * 2, 0.5f, 0);
        members = new int[maxPeers];
    }

    /** @return the exclusive upper bound of peer ids. */
    public int maxPeers()
    {
        return maxPeers;
    }

    /** @return the number of routes currently held (writer thread only). */
    public int routeCount()
    {
        return vipToPeer.size();
    }

    // ---------------------------------------------------------------- writer side (one thread)

    /** Sets the local node address (writer thread only). */
    public void setLocalNode(final long word0, final long word1, final int word2)
    {
        beginWrite();
        localWord0 = word0;
        localWord1 = word1;
        localWord2 = word2;
        endWrite();
    }

    /**
     * Binds a peer id to a node address, replacing the address it had (writer thread only).
     *
     * @return false when the id is out of range or another peer already holds the address's prefix.
     */
    public boolean addPeer(final int peerId, final long word0, final long word1, final int word2)
    {
        if (!validPeerId(peerId))
        {
            return false;
        }
        final int holder = (int)prefixToPeer.get(word0);
        if (0 != holder && holder != peerId)
        {
            return false;
        }

        beginWrite();
        if (0 != (flags[peerId] & PRESENT) && nodeWord0[peerId] != word0)
        {
            prefixToPeer.remove(nodeWord0[peerId]);
        }
        nodeWord0[peerId] = word0;
        nodeWord1[peerId] = word1;
        nodeWord2[peerId] = word2;
        flags[peerId] |= PRESENT;
        prefixToPeer.put(word0, peerId);
        endWrite();
        return true;
    }

    /**
     * Forgets a peer with its edge and next hop (writer thread only).
     *
     * @return false when it was not present.
     */
    public boolean removePeer(final int peerId)
    {
        if (!isPresent(peerId))
        {
            return false;
        }
        beginWrite();
        if (0 != (flags[peerId] & MEMBER))
        {
            dropMember(peerId);
        }
        unkeyEdge(peerId);
        keySlot[peerId] = NO_KEY_SLOT;
        prefixToPeer.remove(nodeWord0[peerId]);
        flags[peerId] = 0;
        nextHop[peerId] = 0;
        edgeAddress[peerId] = 0;
        edgePort[peerId] = 0;
        edgeSessionId[peerId] = 0;
        endWrite();
        return true;
    }

    /**
     * Routes a virtual IPv4 address to a present peer (writer thread only).
     *
     * @return false when the peer is not present or the table holds maxRoutes other routes.
     */
    public boolean setRoute(final int vip, final int peerId)
    {
        if (!isPresent(peerId) || (vipToPeer.size() >= maxRoutes && 0 == vipToPeer.get(vip)))
        {
            return false;
        }
        beginWrite();
        vipToPeer.put(vip, peerId);
        endWrite();
        return true;
    }

    /** @return false when there was no such route (writer thread only). */
    public boolean removeRoute(final int vip)
    {
        if (0 == vipToPeer.get(vip))
        {
            return false;
        }
        beginWrite();
        vipToPeer.remove(vip);
        endWrite();
        return true;
    }

    /** @return false when the peer is not present or the port is out of range (writer thread only). */
    public boolean setEdge(final int peerId, final int ipv4, final int port, final int sessionId)
    {
        if (!isPresent(peerId) || port < 1 || port > 65535)
        {
            return false;
        }
        beginWrite();
        unkeyEdge(peerId);
        edgeAddress[peerId] = ipv4;
        edgePort[peerId] = port;
        edgeSessionId[peerId] = sessionId;
        flags[peerId] |= HAS_EDGE;
        keyEdge(peerId);
        endWrite();
        return true;
    }

    /** @return false when the peer had no edge (writer thread only). */
    public boolean removeEdge(final int peerId)
    {
        if (!isPresent(peerId) || 0 == (flags[peerId] & HAS_EDGE))
        {
            return false;
        }
        beginWrite();
        unkeyEdge(peerId);
        flags[peerId] &= ~HAS_EDGE;
        edgeAddress[peerId] = 0;
        edgePort[peerId] = 0;
        edgeSessionId[peerId] = 0;
        endWrite();
        return true;
    }

    /** @return false when either peer is not present or they are the same (writer thread only). */
    public boolean setNextHop(final int peerId, final int viaPeerId)
    {
        if (!isPresent(peerId) || !isPresent(viaPeerId) || peerId == viaPeerId)
        {
            return false;
        }
        beginWrite();
        nextHop[peerId] = viaPeerId;
        endWrite();
        return true;
    }

    /** @return false when the peer had no next hop (writer thread only). */
    public boolean removeNextHop(final int peerId)
    {
        if (!isPresent(peerId) || 0 == nextHop[peerId])
        {
            return false;
        }
        beginWrite();
        nextHop[peerId] = 0;
        endWrite();
        return true;
    }

    /**
     * Names the key-table slot DATA frames for a present peer are sealed with, or {@link #NO_KEY_SLOT} (writer
     * thread only).
     *
     * @return false when the peer is not present or the slot is below -1.
     */
    public boolean setPeerKey(final int peerId, final int slot)
    {
        if (!isPresent(peerId) || slot < NO_KEY_SLOT)
        {
            return false;
        }
        beginWrite();
        unkeyEdge(peerId);
        keySlot[peerId] = slot;
        keyEdge(peerId);
        endWrite();
        return true;
    }

    /**
     * Makes a present peer a member: it gets a copy of every broadcast and multicast frame (writer thread only).
     *
     * @return false when the peer is not present or already a member.
     */
    public boolean addMember(final int peerId)
    {
        if (!isPresent(peerId) || 0 != (flags[peerId] & MEMBER))
        {
            return false;
        }
        beginWrite();
        flags[peerId] |= MEMBER;
        members[memberCount++] = peerId;
        endWrite();
        return true;
    }

    /** @return false when the peer was not a member (writer thread only). */
    public boolean removeMember(final int peerId)
    {
        if (!isPresent(peerId) || 0 == (flags[peerId] & MEMBER))
        {
            return false;
        }
        beginWrite();
        dropMember(peerId);
        endWrite();
        return true;
    }

    /** @return the number of members (writer thread only). */
    public int memberCount()
    {
        return memberCount;
    }

    private void keyEdge(final int peerId)
    {
        if (0 != (flags[peerId] & HAS_EDGE) && keySlot[peerId] >= 0)
        {
            final long edge = edgeKey(edgeAddress[peerId], edgePort[peerId]);
            keyedEdges.put(edge, keyedEdges.get(edge) + 1);
        }
    }

    private void unkeyEdge(final int peerId)
    {
        if (0 != (flags[peerId] & HAS_EDGE) && keySlot[peerId] >= 0)
        {
            final long edge = edgeKey(edgeAddress[peerId], edgePort[peerId]);
            final long count = keyedEdges.get(edge) - 1;
            if (count <= 0)
            {
                keyedEdges.remove(edge);
            }
            else
            {
                keyedEdges.put(edge, count);
            }
        }
    }

    private static long edgeKey(final int ipv4, final int port)
    {
        return (ipv4 & 0xFFFF_FFFFL) << 16 | (port & 0xFFFF);
    }

    private void dropMember(final int peerId)
    {
        flags[peerId] &= ~MEMBER;
        for (int i = 0; i < memberCount; i++)
        {
            if (members[i] == peerId)
            {
                members[i] = members[--memberCount];
                members[memberCount] = 0;
                return;
            }
        }
    }

    // ---------------------------------------------------------------- reader side (any thread)

    /**
     * Copies the member peer ids into {@code out} (one consistent snapshot). Any thread; never allocates.
     *
     * @param out at least {@link #maxPeers()} long.
     * @return the number of ids copied.
     */
    public int members(final int[] out)
    {
        return readStable(COPY_MEMBERS, 0, 0, 0, 0, out);
    }

    /**
     * Resolves a peer id to the edge a frame for it leaves on. Any thread; never allocates.
     *
     * @return true when the peer is present with a usable route.
     */
    public boolean resolvePeerId(final int peerId, final RouteLookup out)
    {
        return TRUE == readStable(RESOLVE_PEER, peerId, 0, 0, 0, out);
    }

    /**
     * Checks that the source virtual IPv4 of a received frame belongs to the node that sent it. Any thread;
     * never allocates.
     *
     * @param vip           the frame's IPv4 source as {@code a.b.c.d} int.
     * @param buffer        holding the sender's 20-byte node address (the overlay header's source).
     * @param srcNodeOffset of that address.
     * @return {@link #SOURCE_VERIFIED}, {@link #SOURCE_UNKNOWN} or {@link #SOURCE_MISMATCH}.
     */
    public int checkSource(final int vip, final DirectBuffer buffer, final int srcNodeOffset)
    {
        return readStable(CHECK_SOURCE, vip, NodeAddress.word0(buffer, srcNodeOffset),
            NodeAddress.word1(buffer, srcNodeOffset), NodeAddress.word2(buffer, srcNodeOffset), null);
    }

    /**
     * Resolves a virtual IPv4 destination to the edge a frame leaves on. Any thread; never allocates.
     *
     * @param vip destination as a.b.c.d int.
     * @param out filled when a route exists, local node included.
     * @return true when there is a usable route.
     */
    public boolean resolveVip(final int vip, final RouteLookup out)
    {
        return TRUE == readStable(RESOLVE_VIP, vip, 0, 0, 0, out);
    }

    /**
     * Resolves a destination node address read from a frame to the edge it leaves on. Any thread; never allocates.
     *
     * @param buffer holding the 20-byte address at {@code offset}.
     * @return true when the node is a known peer with a usable route.
     */
    public boolean resolveNode(final DirectBuffer buffer, final int offset, final RouteLookup out)
    {
        return TRUE == readStable(RESOLVE_NODE, 0, NodeAddress.word0(buffer, offset),
            NodeAddress.word1(buffer, offset), NodeAddress.word2(buffer, offset), out);
    }

    /**
     * Reads the local node address into {@code out}'s local words. Any thread; never allocates.
     *
     * @return false while no local address has been set (all words zero).
     */
    public boolean localNode(final RouteLookup out)
    {
        return TRUE == readStable(COPY_LOCAL_NODE, 0, 0, 0, 0, out);
    }

    /**
     * @return true when the 20 bytes at the offset are the local node address (set and equal). Any thread; never
     *         allocates.
     */
    public boolean isLocalNode(final DirectBuffer buffer, final int offset)
    {
        return TRUE == readStable(IS_LOCAL_NODE, 0, NodeAddress.word0(buffer, offset),
            NodeAddress.word1(buffer, offset), NodeAddress.word2(buffer, offset), null);
    }

    /**
     * Tells whether a transport address is the edge of a peer that holds a session key, i.e. whether a frame that
     * came from it came from an authenticated neighbour. Any thread; never allocates.
     *
     * @param ipv4 as {@code a.b.c.d} int.
     * @param port UDP port.
     */
    public boolean isAuthenticatedEdge(final int ipv4, final int port)
    {
        return TRUE == readStable(IS_AUTHENTICATED_EDGE, 0, edgeKey(ipv4, port), 0, 0, null);
    }

    /**
     * One read of the table that may overlap a write: it must not fail on torn state (indices are range-checked)
     * and its result is kept only when no write overlapped it. Implemented by the non-capturing constants below,
     * so a lookup allocates nothing.
     *
     * @param <T> what the read fills in, if anything.
     */
    @FunctionalInterface
    private interface SnapshotRead<T>
    {
        /**
         * @param table the table read.
         * @param key   a peer id or virtual IPv4, when the read takes one.
         * @param word0 node address word 0, when the read takes an address (see {@link NodeAddress}).
         * @param word1 node address word 1.
         * @param word2 node address word 2.
         * @param out   filled by the read, or null.
         * @return the read's result.
         */
        int read(ForwardingTable table, int key, long word0, long word1, int word2, T out);
    }

    /**
     * The seqlock's read side, the one retry loop of the table: waits out a write in progress (odd version),
     * runs {@code read}, and repeats it until no write overlapped it.
     */
    private <T> int readStable(
        final SnapshotRead<T> read, final int key, final long word0, final long word1, final int word2, final T out)
    {
        while (true)
        {
            final long version = (long)VERSION.getAcquire(this);
            if (0 == (version & 1))
            {
                final int result = read.read(this, key, word0, word1, word2, out);
                VarHandle.loadLoadFence();
                if ((long)VERSION.getOpaque(this) == version)
                {
                    return result;
                }
            }
            Thread.onSpinWait();
        }
    }

    private int copyMembers(final int[] out)
    {
        final int count = Math.max(0, Math.min(memberCount, out.length));
        System.arraycopy(members, 0, out, 0, count);
        return count;
    }

    private int sourceCheck(final int vip, final long word0, final long word1, final int word2)
    {
        final int peerId = vipToPeer.get(vip);
        if (!isPresent(peerId))
        {
            return SOURCE_UNKNOWN;
        }
        return isNode(peerId, word0, word1, word2) ? SOURCE_VERIFIED : SOURCE_MISMATCH;
    }

    private boolean resolveNodePeer(final long word0, final long word1, final int word2, final RouteLookup out)
    {
        final int peerId = (int)prefixToPeer.get(word0);
        return validPeerId(peerId) && isNode(peerId, word0, word1, word2) && resolvePeer(peerId, out);
    }

    private int copyLocalNode(final RouteLookup out)
    {
        out.localWord0 = localWord0;
        out.localWord1 = localWord1;
        out.localWord2 = localWord2;
        return 0 != (out.localWord0 | out.localWord1 | out.localWord2) ? TRUE : FALSE;
    }

    private boolean isLocal(final long word0, final long word1, final int word2)
    {
        return 0 != (localWord0 | localWord1 | localWord2) &&
            localWord0 == word0 && localWord1 == word1 && localWord2 == word2;
    }

    private boolean resolvePeer(final int peerId, final RouteLookup out)
    {
        if (!isPresent(peerId))
        {
            return false;
        }
        int via = nextHop[peerId];
        if (via <= 0 || via >= maxPeers)
        {
            via = peerId;
        }
        if ((PRESENT | HAS_EDGE) != (flags[via] & (PRESENT | HAS_EDGE)))
        {
            return false;
        }

        out.peerId = peerId;
        out.viaPeerId = via;
        out.edgeAddress = edgeAddress[via];
        out.edgePort = edgePort[via];
        out.edgeSessionId = edgeSessionId[via];
        out.keySlot = keySlot[peerId];
        out.dstWord0 = nodeWord0[peerId];
        out.dstWord1 = nodeWord1[peerId];
        out.dstWord2 = nodeWord2[peerId];
        out.localWord0 = localWord0;
        out.localWord1 = localWord1;
        out.localWord2 = localWord2;
        return true;
    }

    private boolean validPeerId(final int peerId)
    {
        return peerId > 0 && peerId < maxPeers;
    }

    private boolean isPresent(final int peerId)
    {
        return validPeerId(peerId) && 0 != (flags[peerId] & PRESENT);
    }

    private boolean isNode(final int peerId, final long word0, final long word1, final int word2)
    {
        return nodeWord0[peerId] == word0 && nodeWord1[peerId] == word1 && nodeWord2[peerId] == word2;
    }

    private void beginWrite()
    {
        VERSION.setOpaque(this, (long)VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    private void endWrite()
    {
        VERSION.setRelease(this, (long)VERSION.getOpaque(this) + 1);
    }
}
