package org.ipop.engine.status;

/**
 * Every counter of the engine's data plane, with its stable type id (family {@link CounterFamily#ENGINE},
 * 1000-1999) and label. Ids are grouped by the thread that writes the counter, a hundred per writer, so a new
 * counter takes the next free id of its writer's group: 1001- TAP receiver, 1101- UDP receiver, 1201-
 * conductor, 1301- any thread. {@link EngineCounters} allocates them all.
 * <p>
 * Frame counts are frames, byte counts are bytes of Ethernet frame (TAP side) or of UDP payload (UDP side).
 */
public enum EngineCounter implements CounterDescriptor
{
    // TAP receiver (also the socket's only sender)
    TAP_FRAMES_IN(1001, "tap frames in"),
    TAP_BYTES_IN(1002, "tap bytes in"),
    TAP_READ_BATCHES(1003, "tap read batches"),
    TAP_READ_ERRORS(1004, "tap read errors"),
    UDP_DATAGRAMS_OUT(1005, "udp datagrams out"),
    UDP_BYTES_OUT(1006, "udp bytes out"),
    UDP_SEND_BATCHES(1007, "udp send batches"),
    UDP_SEND_ERRORS(1008, "udp send errors"),
    UDP_SEND_DROPPED(1009, "udp send dropped (socket full or send error)"),
    FRAMES_PUNTED(1010, "tap frames punted to control plane"),
    CONTROL_FRAMES_OUT(1011, "control frames out"),
    FRAMES_FORWARDED_OUT(1012, "forwarded frames out"),
    DROP_TAP_TRUNCATED(1013, "drop tap truncated"),
    DROP_TAP_OVERSIZE(1014, "drop tap oversize"),
    DROP_TAP_UNSUPPORTED(1015, "drop tap unsupported ethertype"),
    DROP_PUNT_RING_FULL(1016, "drop punt ring full"),
    DROP_SEND_RECORD_INVALID(1017, "drop send record invalid"),
    BROADCAST_COPIES(1018, "broadcast copies out"),
    DROP_BROADCAST_NO_MEMBERS(1019, "drop broadcast no members"),
    DROP_BROADCAST_NO_ROUTE(1020, "drop broadcast copy no route"),
    DROP_NO_SESSION_KEY(1021, "drop data frame for a peer without session key"),
    DROP_CONTROL_CLEAR(1022, "drop control frame without key slot (keys attached)"),
    SEAL_REJECTED(1023, "drop send rejected by key table (slot inactive or exhausted)"),
    HANDSHAKE_FRAMES_OUT(1024, "handshake frames out"),

    // UDP receiver (also the TAP's writer)
    UDP_DATAGRAMS_IN(1101, "udp datagrams in"),
    UDP_BYTES_IN(1102, "udp bytes in"),
    UDP_RECEIVE_BATCHES(1103, "udp receive batches"),
    UDP_RECEIVE_ERRORS(1104, "udp receive errors"),
    TAP_FRAMES_OUT(1105, "tap frames out"),
    TAP_BYTES_OUT(1106, "tap bytes out"),
    TAP_WRITE_BATCHES(1107, "tap write batches"),
    TAP_WRITE_ERRORS(1108, "tap write errors"),
    TAP_WRITE_DROPPED(1109, "tap write dropped (device full or write error)"),
    CONTROL_FRAMES_IN(1110, "control frames in"),
    FRAMES_FORWARDED(1111, "frames forwarded"),
    DROP_TRUNCATED(1112, "drop udp truncated"),
    DROP_UNKNOWN_VERSION(1113, "drop udp unknown version"),
    DROP_UNKNOWN_TYPE(1114, "drop udp unknown type"),
    DROP_UNSUPPORTED_FLAGS(1115, "drop udp unsupported flags"),
    DROP_OVERSIZE(1116, "drop udp oversize"),
    DROP_NO_ROUTE(1117, "drop udp no route"),
    DROP_TTL_EXPIRED(1118, "drop udp ttl expired"),
    DROP_RETURN_TO_SENDER(1119, "drop udp next hop is the sender"),
    DROP_FORWARD_RING_FULL(1120, "drop forward ring full"),
    DROP_CONTROL_RING_FULL(1121, "drop control event ring full"),
    DROP_SOURCE_MISMATCH(1122, "drop udp source ip of another node"),
    DROP_NOT_IPV4(1123, "drop udp payload not ipv4"),
    FRAMES_SOURCE_UNKNOWN(1124, "udp frames with unknown source punted"),
    DROP_NO_SESSION(1125, "drop sealed frame no session"),
    DROP_BAD_TAG(1126, "drop sealed frame bad tag"),
    DROP_REPLAY(1127, "drop sealed frame replayed"),
    DROP_WRONG_PEER(1128, "drop sealed frame wrong peer"),
    DROP_MALFORMED_SEALED(1129, "drop sealed frame malformed"),
    DROP_RELAY_UNAUTHENTICATED(1130, "drop sealed frame to relay from unauthenticated edge"),
    DROP_HANDSHAKE_RATE_LIMITED(1131, "drop handshake rate limited"),
    DROP_UNAUTHENTICATED(1132, "drop clear frame (keys attached)"),
    HANDSHAKE_FRAMES_IN(1133, "handshake frames in"),
    FRAMES_OPENED(1134, "sealed frames opened"),

    // conductor
    COMMANDS_APPLIED(1201, "commands applied"),
    COMMANDS_REJECTED(1202, "commands rejected"),

    // the thread sending commands (control plane), and any thread: the control-plane proxy and error handlers
    COMMAND_OFFER_RETRIES(1301, "command offer retries (command ring full)"),
    SEND_RING_FULL(1302, "control send ring full"),
    TAP_WRITE_RING_FULL(1303, "tap write ring full"),
    ERRORS(1304, "errors"),
    COMMANDS_BACKLOGGED(1305, "commands backlogged (command ring full)"),
    COMMANDS_LOST(1306, "commands lost (command backlog full)"),
    /** Errors of the node's control thread, kept beside the engine's so one reader of the file sees both. */
    CONTROL_ERRORS(1307, "control-plane errors");

    private final int id;
    private final String label;

    EngineCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public String label()
    {
        return label;
    }
}
