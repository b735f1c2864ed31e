package org.ipop.engine.control;

import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.engine.protocol.EthernetDescriptor;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.PeerTrafficCounters;

import static org.ipop.engine.control.RingDescriptor.*;

/**
 * The control plane's handle on the engine: sends control frames, writes frames to the TAP, and changes
 * the forwarding tables by command. The control plane never touches the socket or the TAP itself.
 * <p>
 * <b>Frames</b> ({@link #sendControlFrame}, {@link #sendHandshake}, {@link #writeTapFrame}): any thread may call them (the rings have
 * many producers); they never block or allocate, and return false, after counting it, when the ring is full:
 * the frame was dropped, as a full socket would drop it.
 * <p>
 * <b>Commands</b> (every other {@code boolean} method) are never dropped for a full ring: they take effect
 * when the conductor drains them, in the order they were offered. A command the ring does not take after
 * {@link #COMMAND_OFFER_ATTEMPTS} tries (counted in "command offer retries") waits in an ordered backlog
 * ("commands backlogged") that {@link #flushCommands()} and every later command move to the ring first, so a
 * newer command never overtakes an older one. Only when the backlog is full too is a command lost: it is
 * counted in "commands lost", reported to the error handler, and the method returns false. Commands are sent
 * by one thread at a time: the control-plane thread, which calls {@link #flushCommands()} in its duty cycle
 * (a thread that hands over to it, e.g. by starting it, may send commands first). Commands never allocate
 * unless one is lost. Commands the table rejects (unknown peer, prefix clash, table full) are counted in the
 * "commands rejected" counter.
 * <p>
 * <b>Peer ids.</b> The control plane names each node with a peer id in {@code [1, maxPeers)} of its
 * choosing, binds it to the node's 160-bit address with {@link #addPeer}, then routes, edges and next hops
 * refer to it. Traffic counters are read per peer id. Ids out of range throw
 * {@link IllegalArgumentException}, as do oversized frames: both are programming errors.
 */
public final class EngineProxy
{
    /** Tries of the command ring per command before it goes to the backlog; the conductor drains quickly. */
    public static final int COMMAND_OFFER_ATTEMPTS = 3;

    private final RingBuffer commandRing;
    private final RingBuffer sendRing;
    private final RingBuffer tapWriteRing;
    private final EngineCounters counters;
    private final PeerTrafficCounters trafficCounters;
    private final ErrorHandler errorHandler;
    private final CommandBacklog commandBacklog;
    // One command at a time is encoded here: its type at 0, its payload (RingDescriptor layout) after it. A new
    // command writes its payload at CommandBacklog.PAYLOAD_OFFSET and returns offerCommand(type, length), the one
    // path to the ring; a payload longer than COMMAND_MAX_LENGTH needs that constant raised.
    private final UnsafeBuffer commandBuffer =
        new UnsafeBuffer(new byte[CommandBacklog.PAYLOAD_OFFSET + COMMAND_MAX_LENGTH]);
    private final int maxPeers;
    private final int maxControlLength;
    private final int maxFrameLength;

    /**
     * @param counters               the "ring full", command retry, backlog and loss counters are incremented.
     * @param errorHandler           told of every command lost to a full backlog.
     * @param commandBacklogCapacity bytes of backlog for commands the full command ring refused, a power of two;
     *                               a command takes its length plus 12, aligned to 8 (at most 40 bytes).
     * @param maxControlLength       largest control message accepted by {@link #sendControlFrame}.
     * @param maxFrameLength         largest Ethernet frame accepted by {@link #writeTapFrame}.
     */
    public EngineProxy(
        final RingBuffer commandRing,
        final RingBuffer sendRing,
        final RingBuffer tapWriteRing,
        final EngineCounters counters,
        final PeerTrafficCounters trafficCounters,
        final ErrorHandler errorHandler,
        final int commandBacklogCapacity,
        final int maxControlLength,
        final int maxFrameLength)
    {
        this.commandRing = commandRing;
        this.sendRing = sendRing;
        this.tapWriteRing = tapWriteRing;
        this.counters = counters;
        this.trafficCounters = trafficCounters;
        this.errorHandler = errorHandler;
        this.commandBacklog = new CommandBacklog(commandBacklogCapacity);
        this.maxPeers = trafficCounters.maxPeers();
        this.maxControlLength = maxControlLength;
        this.maxFrameLength = maxFrameLength;
    }

    /** @return the exclusive upper bound of peer ids. */
    public int maxPeers()
    {
        return maxPeers;
    }

    /** @return the largest control message {@link #sendControlFrame} accepts, in bytes. */
    public int maxControlLength()
    {
        return maxControlLength;
    }

    /**
     * Sends a control message in clear: {@link #sendControlFrame(int, int, int, DirectBuffer, int, int)} with
     * {@link RingDescriptor#NO_KEY_SLOT}, which the engine drops (counted) once a key table is attached.
     */
    public boolean sendControlFrame(final int ipv4, final int port, final DirectBuffer buffer, final int offset, final int length)
    {
        return sendControlFrame(ipv4, port, NO_KEY_SLOT, buffer, offset, length);
    }

    /**
     * Sends a control message in a CONTROL overlay frame from the node's one UDP socket. The engine writes
     * the header: version, type CONTROL, TTL 1, the local node as source, a zero destination; with a key table
     * attached it seals the frame with {@code keySlot} (the session with that neighbour).
     *
     * @param ipv4    destination as {@code a.b.c.d} int.
     * @param port    destination UDP port, 1..65535.
     * @param keySlot the key-table slot of the session with the neighbour, or {@link RingDescriptor#NO_KEY_SLOT}
     *                for clear (plaintext mode only).
     * @param buffer  holding the control message, copied before return.
     * @return false when the send ring is full.
     */
    public boolean sendControlFrame(
        final int ipv4, final int port, final int keySlot, final DirectBuffer buffer, final int offset, final int length)
    {
        if (keySlot < NO_KEY_SLOT)
        {
            throw new IllegalArgumentException("key slot must be >= -1: " + keySlot);
        }
        return offerSend(SEND_CONTROL, ipv4, port, keySlot, buffer, offset, length);
    }

    /**
     * Sends a handshake message in a clear HANDSHAKE overlay frame (type 3, TTL 1, the local node as source, a zero
     * destination) from the node's one UDP socket.
     *
     * @param ipv4   destination as {@code a.b.c.d} int.
     * @param port   destination UDP port, 1..65535.
     * @param buffer holding the handshake message, copied before return.
     * @return false when the send ring is full.
     */
    public boolean sendHandshake(final int ipv4, final int port, final DirectBuffer buffer, final int offset, final int length)
    {
        return offerSend(SEND_HANDSHAKE, ipv4, port, 0, buffer, offset, length);
    }

    private boolean offerSend(
        final int type, final int ipv4, final int port, final int keySlot, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (length < 0 || length > maxControlLength)
        {
            throw new IllegalArgumentException("control message length must be 0.." + maxControlLength + ": " + length);
        }
        checkPort(port);
        final int index = sendRing.tryClaim(type, SEND_PAYLOAD_OFFSET + length);
        if (index <= 0)
        {
            counters.sendRingFull.increment();
            return false;
        }
        final AtomicBuffer ringBuffer = sendRing.buffer();
        ringBuffer.putInt(index + SEND_ADDRESS_OFFSET, ipv4);
        ringBuffer.putInt(index + SEND_PORT_OFFSET, port);
        ringBuffer.putInt(index + SEND_SLOT_OFFSET, keySlot);
        ringBuffer.putInt(index + SEND_SLOT_OFFSET + 4, 0);
        ringBuffer.putBytes(index + SEND_PAYLOAD_OFFSET, buffer, offset, length);
        sendRing.commit(index);
        return true;
    }

    /**
     * Writes an Ethernet frame to the local TAP (ARP replies, DHCP and DNS answers).
     *
     * @param buffer holding the frame, copied before return.
     * @return false when the TAP write ring is full.
     */
    public boolean writeTapFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > maxFrameLength)
        {
            throw new IllegalArgumentException("frame length must be 1.." + maxFrameLength + ": " + length);
        }
        final int index = tapWriteRing.tryClaim(WRITE_FRAME, length);
        if (index <= 0)
        {
            counters.tapWriteRingFull.increment();
            return false;
        }
        tapWriteRing.buffer().putBytes(index, buffer, offset, length);
        tapWriteRing.commit(index);
        return true;
    }

    /**
     * Sets this node's 160-bit address, written as the source of every frame the engine sends and matched
     * against the destination of every DATA frame received.
     *
     * @param buffer holding 20 bytes at {@code offset}.
     */
    public boolean setLocalNode(final DirectBuffer buffer, final int offset)
    {
        commandBuffer.putBytes(CommandBacklog.PAYLOAD_OFFSET, buffer, offset, NodeAddress.LENGTH);
        return offerCommand(SET_LOCAL_NODE, NodeAddress.LENGTH);
    }

    /** Binds {@code peerId} to the 20-byte node address in {@code buffer} at {@code offset}. */
    public boolean addPeer(final int peerId, final DirectBuffer buffer, final int offset)
    {
        checkPeerId(peerId);
        commandBuffer.putInt(CommandBacklog.PAYLOAD_OFFSET + PEER_ID_OFFSET, peerId);
        commandBuffer.putBytes(CommandBacklog.PAYLOAD_OFFSET + NODE_OFFSET, buffer, offset, NodeAddress.LENGTH);
        return offerCommand(ADD_PEER, NODE_OFFSET + NodeAddress.LENGTH);
    }

    /** Forgets a peer with its edge and next hop; routes to it resolve to no route until replaced. */
    public boolean removePeer(final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(REMOVE_PEER, peerId, 0, 0, 0, 4);
    }

    /** Routes virtual IPv4 {@code vip} ({@code a.b.c.d} int) to the node with {@code peerId}. */
    public boolean setRoute(final int vip, final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(SET_ROUTE, peerId, vip, 0, 0, 8);
    }

    /** Removes the route of virtual IPv4 {@code vip}. */
    public boolean removeRoute(final int vip)
    {
        return offerInts(REMOVE_ROUTE, 0, vip, 0, 0, 8);
    }

    /**
     * Sets the edge (transport address and session) frames to {@code peerId} leave on.
     *
     * @param ipv4      the peer's transport IPv4 as {@code a.b.c.d} int.
     * @param port      the peer's UDP port, 1..65535.
     * @param sessionId written into every frame sent on this edge (the key id once encryption lands).
     */
    public boolean setEdge(final int peerId, final int ipv4, final int port, final int sessionId)
    {
        checkPeerId(peerId);
        checkPort(port);
        return offerInts(SET_EDGE, peerId, ipv4, port, sessionId, 16);
    }

    /** Removes the edge of {@code peerId}. */
    public boolean removeEdge(final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(REMOVE_EDGE, peerId, 0, 0, 0, 4);
    }

    /** Sends frames for {@code peerId} through the edge of {@code viaPeerId} (relay by the overlay). */
    public boolean setNextHop(final int peerId, final int viaPeerId)
    {
        checkPeerId(peerId);
        checkPeerId(viaPeerId);
        return offerInts(SET_NEXT_HOP, peerId, viaPeerId, 0, 0, 8);
    }

    /** Sends frames for {@code peerId} on its own edge again. */
    public boolean removeNextHop(final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(REMOVE_NEXT_HOP, peerId, 0, 0, 0, 4);
    }

    /**
     * Names the key-table slot DATA frames for {@code peerId} are sealed with (the session between this node and
     * that one), or {@link RingDescriptor#NO_KEY_SLOT}: none, so that, once a key table is attached, frames for
     * the peer are dropped (counted) and its edge no longer counts as authenticated for relaying.
     *
     * @param keySlot slot index, or -1.
     */
    public boolean setPeerKey(final int peerId, final int keySlot)
    {
        checkPeerId(peerId);
        if (keySlot < NO_KEY_SLOT)
        {
            throw new IllegalArgumentException("key slot must be >= -1: " + keySlot);
        }
        return offerInts(SET_PEER_KEY, peerId, keySlot, 0, 0, 8);
    }

    /** Makes {@code peerId} a member: it gets a unicast copy of every broadcast and multicast frame from the TAP. */
    public boolean addMember(final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(ADD_MEMBER, peerId, 0, 0, 0, 4);
    }

    /** Stops copying broadcast and multicast frames to {@code peerId}. */
    public boolean removeMember(final int peerId)
    {
        checkPeerId(peerId);
        return offerInts(REMOVE_MEMBER, peerId, 0, 0, 0, 4);
    }

    /**
     * Asks the engine to punt, with {@code reason}, the unfragmented IPv4 datagrams from the TAP to
     * {@code ipv4:port} over {@code protocol} instead of forwarding them; replaces the reason of the same rule.
     * Without a rule a datagram is forwarded like any other frame, whatever its port. The engine holds
     * {@link org.ipop.engine.table.PuntTable#DEFAULT_CAPACITY} rules; more are rejected (counted).
     *
     * @param ipv4     destination as {@code a.b.c.d} int, or {@link org.ipop.engine.table.PuntTable#ANY_ADDRESS}.
     * @param protocol IPv4 protocol number; only {@link EthernetDescriptor#IP_PROTOCOL_UDP}.
     * @param port     destination port, 1..65535.
     * @param reason   reported with each punted frame, 1..255; one of {@link PuntReason} by convention.
     */
    public boolean addPuntRule(final int ipv4, final int protocol, final int port, final int reason)
    {
        checkPuntRule(protocol, port);
        if (reason < 1 || reason > 255)
        {
            throw new IllegalArgumentException("punt reason must be 1..255: " + reason);
        }
        return offerInts(ADD_PUNT_RULE, ipv4, protocol, port, reason, 16);
    }

    /** Removes the punt rule for {@code ipv4:port} over {@code protocol}; such datagrams are forwarded again. */
    public boolean removePuntRule(final int ipv4, final int protocol, final int port)
    {
        checkPuntRule(protocol, port);
        return offerInts(REMOVE_PUNT_RULE, ipv4, protocol, port, 0, 16);
    }

    /** @return frames sent from the local TAP to {@code peerId} since start (monotonic). */
    public long sentFrames(final int peerId)
    {
        return trafficCounters.sentFrames(peerId);
    }

    /** @return Ethernet bytes sent from the local TAP to {@code peerId} since start (monotonic). */
    public long sentBytes(final int peerId)
    {
        return trafficCounters.sentBytes(peerId);
    }

    /** @return frames this node relayed toward {@code peerId} for other nodes (monotonic). */
    public long forwardedFrames(final int peerId)
    {
        return trafficCounters.forwardedFrames(peerId);
    }

    /** @return overlay bytes this node relayed toward {@code peerId} for other nodes (monotonic). */
    public long forwardedBytes(final int peerId)
    {
        return trafficCounters.forwardedBytes(peerId);
    }

    /**
     * Moves commands waiting in the backlog to the command ring, oldest first, as far as the ring takes them.
     * The control-plane thread calls it once per duty cycle; every command also calls it first.
     *
     * @return commands moved (work done).
     */
    public int flushCommands()
    {
        return commandBacklog.isEmpty() ? 0 : commandBacklog.drainTo(commandRing);
    }

    /** @return true when commands wait in the backlog for room in the command ring. */
    public boolean hasBackloggedCommands()
    {
        return !commandBacklog.isEmpty();
    }

    private boolean offerInts(final int type, final int i0, final int i1, final int i2, final int i3, final int length)
    {
        final UnsafeBuffer buffer = commandBuffer;
        buffer.putInt(CommandBacklog.PAYLOAD_OFFSET, i0);
        if (length > 4)
        {
            buffer.putInt(CommandBacklog.PAYLOAD_OFFSET + 4, i1);
        }
        if (length > 8)
        {
            buffer.putInt(CommandBacklog.PAYLOAD_OFFSET + 8, i2);
            buffer.putInt(CommandBacklog.PAYLOAD_OFFSET + 12, i3);
        }
        return offerCommand(type, length);
    }

    /**
     * The one path of every command: offers the command encoded in {@link #commandBuffer} (payload of
     * {@code length} bytes at {@link CommandBacklog#PAYLOAD_OFFSET}) to the ring after any backlog, retrying a
     * few times, else appends it to the backlog.
     *
     * @return false only when the command was lost (backlog full).
     */
    private boolean offerCommand(final int type, final int length)
    {
        flushCommands();
        if (commandBacklog.isEmpty())   // else the ring is full and this command must queue behind the backlog
        {
            for (int attempt = 1; ; attempt++)
            {
                if (commandRing.write(type, commandBuffer, CommandBacklog.PAYLOAD_OFFSET, length))
                {
                    return true;
                }
                if (attempt >= COMMAND_OFFER_ATTEMPTS)
                {
                    break;
                }
                counters.commandOfferRetries.increment();
                Thread.yield();
            }
        }
        commandBuffer.putInt(0, type);
        if (commandBacklog.append(commandBuffer, 0, CommandBacklog.PAYLOAD_OFFSET + length))
        {
            counters.commandsBacklogged.increment();
            return true;
        }
        counters.commandsLost.increment();
        errorHandler.onError(new IllegalStateException(
            "engine command " + type + " lost: command ring and backlog full (conductor not draining?)"));
        return false;
    }

    private void checkPeerId(final int peerId)
    {
        if (peerId < 1 || peerId >= maxPeers)
        {
            throw new IllegalArgumentException("peer id must be 1.." + (maxPeers - 1) + ": " + peerId);
        }
    }

    private static void checkPuntRule(final int protocol, final int port)
    {
        if (EthernetDescriptor.IP_PROTOCOL_UDP != protocol)
        {
            throw new IllegalArgumentException("punt rules are for UDP (17) only: " + protocol);
        }
        checkPort(port);
    }

    private static void checkPort(final int port)
    {
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }
}
