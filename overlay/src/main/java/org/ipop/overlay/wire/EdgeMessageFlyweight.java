package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

import java.nio.ByteOrder;

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
 */
public final class EdgeMessageFlyweight
{
    /** Token offset. */
    public static final int TOKEN_OFFSET = 4;
    /** Sender address offset. */
    public static final int SENDER_OFFSET = 12;
    /** Neighbour count offset. */
    public static final int NEIGHBOUR_COUNT_OFFSET = 32;
    /** First neighbour entry offset. */
    public static final int ENTRIES_OFFSET = 36;

    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if complete and within limits.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        if (length < ENTRIES_OFFSET)
        {
            return false;
        }
        final int n = neighbourCount();
        return n <= NeighbourEntries.MAX_NEIGHBOURS && length >= ENTRIES_OFFSET + n * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return token. */
    public long token()
    {
        return buffer.getLong(offset + TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return sender's overlay address. */
    public Address sender()
    {
        return Address.read(buffer, offset + SENDER_OFFSET);
    }

    /** @return number of neighbour entries. */
    public int neighbourCount()
    {
        return buffer.getByte(offset + NEIGHBOUR_COUNT_OFFSET) & 0xFF;
    }

    /**
     * @param i index below {@link #neighbourCount()}.
     * @return offset of the entry.
     */
    public int neighbourOffset(final int i)
    {
        return offset + ENTRIES_OFFSET + i * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
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
        out.putLong(off + TOKEN_OFFSET, token, ByteOrder.BIG_ENDIAN);
        sender.write(out, off + SENDER_OFFSET);
        out.putInt(off + NEIGHBOUR_COUNT_OFFSET, 0);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET, (byte)neighbours);
        return ENTRIES_OFFSET;
    }
}
