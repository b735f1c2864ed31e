package org.ipop.engine.agent;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.engine.table.ForwardingTable;
import org.ipop.engine.table.PuntTable;
import org.ipop.tap.SessionKeys;

import static org.ipop.engine.control.RingDescriptor.*;

/**
 * Applies the control plane's commands to the {@link ForwardingTable} and the {@link PuntTable}: the tables' only
 * writer. Drains the command ring with a bound per duty cycle; commands a table refuses are counted, never thrown.
 * It also gives the local node address to the session-key table, when one is attached, so frames addressed to
 * this node are opened from the moment the forwarding table knows the address.
 */
public final class EngineConductor implements Agent, MessageHandler
{
    private final RingBuffer commandRing;
    private final ForwardingTable table;
    private final PuntTable puntTable;
    private final AtomicCounter commandsApplied;
    private final AtomicCounter commandsRejected;
    private final int commandLimit;
    private final SessionKeys sessionKeys;
    private final byte[] localNode = new byte[NodeAddress.LENGTH];

    /**
     * @param commandLimit most commands applied per duty cycle.
     * @param sessionKeys  the key table attached to the socket, or null in plaintext mode.
     */
    public EngineConductor(
        final RingBuffer commandRing,
        final ForwardingTable table,
        final PuntTable puntTable,
        final AtomicCounter commandsApplied,
        final AtomicCounter commandsRejected,
        final int commandLimit,
        final SessionKeys sessionKeys)
    {
        this.sessionKeys = sessionKeys;
        this.commandRing = commandRing;
        this.table = table;
        this.puntTable = puntTable;
        this.commandsApplied = commandsApplied;
        this.commandsRejected = commandsRejected;
        this.commandLimit = commandLimit;
    }

    @Override
    public int doWork()
    {
        return commandRing.read(this, commandLimit);
    }

    @Override
    public String roleName()
    {
        return "ipop-conductor";
    }

    /** Applies one command record; called by the ring. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final boolean applied = length >= minLength(msgTypeId) && apply(msgTypeId, buffer, index);
        if (applied)
        {
            commandsApplied.incrementRelease();
        }
        else
        {
            commandsRejected.incrementRelease();
        }
    }

    private boolean apply(final int msgTypeId, final MutableDirectBuffer buffer, final int index)
    {
        final int peerId = buffer.getInt(index + PEER_ID_OFFSET);
        switch (msgTypeId)
        {
            case SET_LOCAL_NODE:
                table.setLocalNode(
                    NodeAddress.word0(buffer, index), NodeAddress.word1(buffer, index), NodeAddress.word2(buffer, index));
                if (null != sessionKeys)
                {
                    buffer.getBytes(index, localNode);
                    sessionKeys.localNode(localNode);
                }
                return true;

            case ADD_PEER:
            {
                final int nodeOffset = index + NODE_OFFSET;
                return table.addPeer(
                    peerId,
                    NodeAddress.word0(buffer, nodeOffset),
                    NodeAddress.word1(buffer, nodeOffset),
                    NodeAddress.word2(buffer, nodeOffset));
            }

            case REMOVE_PEER:
                return table.removePeer(peerId);

            case SET_ROUTE:
                return table.setRoute(buffer.getInt(index + VIP_OFFSET), peerId);

            case REMOVE_ROUTE:
                return table.removeRoute(buffer.getInt(index + VIP_OFFSET));

            case SET_EDGE:
                return table.setEdge(
                    peerId,
                    buffer.getInt(index + EDGE_ADDRESS_OFFSET),
                    buffer.getInt(index + EDGE_PORT_OFFSET),
                    buffer.getInt(index + EDGE_SESSION_OFFSET));

            case REMOVE_EDGE:
                return table.removeEdge(peerId);

            case SET_NEXT_HOP:
                return table.setNextHop(peerId, buffer.getInt(index + VIA_PEER_ID_OFFSET));

            case REMOVE_NEXT_HOP:
                return table.removeNextHop(peerId);

            case ADD_MEMBER:
                return table.addMember(peerId);

            case REMOVE_MEMBER:
                return table.removeMember(peerId);

            case SET_PEER_KEY:
                return table.setPeerKey(peerId, buffer.getInt(index + KEY_SLOT_OFFSET));

            case ADD_PUNT_RULE:
                return puntTable.add(
                    buffer.getInt(index + PUNT_ADDRESS_OFFSET),
                    buffer.getInt(index + PUNT_PROTOCOL_OFFSET),
                    buffer.getInt(index + PUNT_PORT_OFFSET),
                    buffer.getInt(index + PUNT_REASON_OFFSET));

            case REMOVE_PUNT_RULE:
                return puntTable.remove(
                    buffer.getInt(index + PUNT_ADDRESS_OFFSET),
                    buffer.getInt(index + PUNT_PROTOCOL_OFFSET),
                    buffer.getInt(index + PUNT_PORT_OFFSET));

            default:
                return false;
        }
    }

    private static int minLength(final int msgTypeId)
    {
        switch (msgTypeId)
        {
            case SET_LOCAL_NODE: return NodeAddress.LENGTH;
            case ADD_PEER: return NODE_OFFSET + NodeAddress.LENGTH;
            case SET_EDGE: return EDGE_SESSION_OFFSET + 4;
            case ADD_PUNT_RULE: return PUNT_REASON_OFFSET + 4;
            case REMOVE_PUNT_RULE: return PUNT_PORT_OFFSET + 4;
            case SET_ROUTE, REMOVE_ROUTE, SET_NEXT_HOP, SET_PEER_KEY: return 8;
            default: return 4;
        }
    }
}
