package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

/**
 * Ping, pong, close and status: messages between the two ends of one edge.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  version = 1  | type = 3..6   |           reserved            |  0
 *  +---------------+---------------+---------------+---------------+
 *  |                    token (8; 0 for close/status)              |  4
 *  +---------------------------------------------------------------+
 *  |                     sender address (20)                       | 12
 *  +---------------+-----------------------------------------------+
 *  | neighbour cnt |               reserved                        | 32
 *  +---------------+-----------------------------------------------+
 *  |             neighbour entries (26 each, status only)          | 36
 *  +---------------------------------------------------------------+
 * </pre>
 * Fields in {@link org.ipop.engine.protocol.Flyweight#WIRE_ORDER}; entries as {@link NeighbourEntries}.
 */
public final class EdgeMessageFlyweight extends ControlFrameFlyweight
{
    /** Token offset. */
    public static final int TOKEN_OFFSET = 4;
    /** Sender address offset. */
    public static final int SENDER_OFFSET = 12;
    /** Neighbour count offset. */
    public static final int NEIGHBOUR_COUNT_OFFSET = 32;
    /** First neighbour entry offset. */
    public static final int ENTRIES_OFFSET = 36;

    public EdgeMessageFlyweight()
    {
        super(NO_TRANSPORTS, NEIGHBOUR_COUNT_OFFSET, ENTRIES_OFFSET);
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if complete and within limits.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrapWithEntries(buffer, offset, length);
    }

    /** @return token. */
    public long token()
    {
        return int64(TOKEN_OFFSET);
    }

    /** @return sender's overlay address. */
    public Address sender()
    {
        return Address.read(buffer(), offset() + SENDER_OFFSET);
    }

    /**
     * @param out        buffer.
     * @param off        frame offset.
     * @param type       one of ping, pong, close, status.
     * @param token      token.
     * @param sender     sender address.
     * @param neighbours neighbour count.
     * @return offset of the first neighbour entry relative to {@code off}.
     */
    public static int writeHeader(
        final MutableDirectBuffer out, final int off, final int type, final long token, final Address sender,
        final int neighbours)
    {
        FrameHeader.write(out, off, type);
        out.putLong(off + TOKEN_OFFSET, token, WIRE_ORDER);
        sender.write(out, off + SENDER_OFFSET);
        FrameHeader.putCountAndReserved(out, off + NEIGHBOUR_COUNT_OFFSET, neighbours);
        return ENTRIES_OFFSET;
    }
}
