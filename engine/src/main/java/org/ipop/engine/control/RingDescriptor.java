package org.ipop.engine.control;

/**
 * Layouts of the records on the engine's four rings, all in native byte order (rings never leave the
 * process). Offsets are from the start of a record's payload as given to a ring's message handler.
 * <pre>
 *  Command ring (control plane -> conductor), ManyToOneRingBuffer:
 *    SET_LOCAL_NODE   | node address (20)                                   |
 *    ADD_PEER         | peer id (4) | node address (20)                     |
 *    REMOVE_PEER      | peer id (4)                                         |
 *    SET_ROUTE        | peer id (4) | virtual IPv4 (4)                      |
 *    REMOVE_ROUTE     | 0 (4)       | virtual IPv4 (4)                      |
 *    SET_EDGE         | peer id (4) | IPv4 (4) | port (4) | session id (4)  |
 *    REMOVE_EDGE      | peer id (4)                                         |
 *    SET_NEXT_HOP     | peer id (4) | via peer id (4)                       |
 *    REMOVE_NEXT_HOP  | peer id (4)                                         |
 *    ADD_MEMBER       | peer id (4)                                         |
 *    REMOVE_MEMBER    | peer id (4)                                         |
 *    ADD_PUNT_RULE    | IPv4 (4) | protocol (4) | port (4) | reason (4)     |
 *    REMOVE_PUNT_RULE | IPv4 (4) | protocol (4) | port (4) | 0 (4)          |
 *    SET_PEER_KEY     | peer id (4) | key slot (4), -1: none                |
 *
 *  Send ring (control plane and UDP receiver -> the socket's sender), ManyToOneRingBuffer:
 *    SEND_CONTROL     | IPv4 (4) | port (4) | key slot (4) | 0 (4) | control message ...   |  engine adds the header
 *    FORWARD_FRAME    | IPv4 (4) | port (4) | 0 (4)        | 0 (4) | whole overlay frame ... |  sent as is
 *    SEND_HANDSHAKE   | IPv4 (4) | port (4) | 0 (4)        | 0 (4) | handshake message ...   |  engine adds the header
 *
 *  TAP write ring (control plane -> TAP writer), ManyToOneRingBuffer:
 *    WRITE_FRAME      | Ethernet frame ...                                  |
 *
 *  Event ring (agents -> control plane), ManyToOneRingBuffer:
 *    CONTROL_FRAME    | IPv4 (4) | port (4) | receive time ns (8) | whole overlay frame ... |
 *    TAP_FRAME        | reason (4) | 0 (4)  | read time ns (8)    | Ethernet frame ...      |
 *    PEER_FRAME       | reason (4) | 0 (4)  | receive time ns (8) | whole overlay frame ... |
 * </pre>
 * IPv4 addresses are {@code a.b.c.d} ints ({@code a << 24 | ...}); node addresses as on the wire. A punt rule's
 * destination is {@link org.ipop.engine.table.PuntTable#ANY_ADDRESS} (0) for every address, its protocol the IPv4
 * protocol number (UDP only today), its reason one of {@link PuntReason}; a punt rule is keyed by destination,
 * protocol and port.
 * <p>
 * A key slot is a slot of the session-key table ({@code org.ipop.tap.SessionKeys}) attached to the socket: a
 * SEND_CONTROL record with a slot is sealed with it; slot -1 sends in clear, which only plaintext mode (no key
 * table) allows. SET_PEER_KEY names the slot DATA frames for a peer are sealed with. With a key table attached,
 * CONTROL_FRAME events carry the opened frame (tag removed) whose session id is the local slot that opened it, so
 * the control plane knows the authenticated sender; clear HANDSHAKE frames come as CONTROL_FRAME events too.
 */
public final class RingDescriptor
{
    // command ring message types
    public static final int SET_LOCAL_NODE = 1;
    public static final int ADD_PEER = 2;
    public static final int REMOVE_PEER = 3;
    public static final int SET_ROUTE = 4;
    public static final int REMOVE_ROUTE = 5;
    public static final int SET_EDGE = 6;
    public static final int REMOVE_EDGE = 7;
    public static final int SET_NEXT_HOP = 8;
    public static final int REMOVE_NEXT_HOP = 9;
    public static final int ADD_MEMBER = 10;
    public static final int REMOVE_MEMBER = 11;
    public static final int ADD_PUNT_RULE = 12;
    public static final int REMOVE_PUNT_RULE = 13;
    public static final int SET_PEER_KEY = 14;

    public static final int PEER_ID_OFFSET = 0;
    public static final int NODE_OFFSET = 4;
    public static final int VIP_OFFSET = 4;
    public static final int EDGE_ADDRESS_OFFSET = 4;
    public static final int EDGE_PORT_OFFSET = 8;
    public static final int EDGE_SESSION_OFFSET = 12;
    public static final int VIA_PEER_ID_OFFSET = 4;
    public static final int PUNT_ADDRESS_OFFSET = 0;
    public static final int PUNT_PROTOCOL_OFFSET = 4;
    public static final int PUNT_PORT_OFFSET = 8;
    public static final int PUNT_REASON_OFFSET = 12;
    public static final int KEY_SLOT_OFFSET = 4;
    public static final int COMMAND_MAX_LENGTH = 24;

    // send ring message types
    public static final int SEND_CONTROL = 1;
    public static final int FORWARD_FRAME = 2;
    public static final int SEND_HANDSHAKE = 3;

    public static final int SEND_ADDRESS_OFFSET = 0;
    public static final int SEND_PORT_OFFSET = 4;
    public static final int SEND_SLOT_OFFSET = 8;
    public static final int SEND_PAYLOAD_OFFSET = 16;

    /** The key slot of a record sent in clear (plaintext mode only), and of a peer without a key. */
    public static final int NO_KEY_SLOT = -1;

    // TAP write ring message type
    public static final int WRITE_FRAME = 1;

    // event ring message types
    public static final int CONTROL_FRAME = 1;
    public static final int TAP_FRAME = 2;
    public static final int PEER_FRAME = 3;

    public static final int EVENT_ADDRESS_OFFSET = 0;
    public static final int EVENT_PORT_OFFSET = 4;
    public static final int EVENT_REASON_OFFSET = 0;
    public static final int EVENT_TIME_OFFSET = 8;
    public static final int EVENT_PAYLOAD_OFFSET = 16;

    private RingDescriptor()
    {
    }
}
