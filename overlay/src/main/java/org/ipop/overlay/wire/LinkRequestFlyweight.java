package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

import java.nio.ByteOrder;

/**
 * Link request: the first message of the per-edge linking protocol.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  version = 1  |   type = 1    |           reserved            |  0
 *  +---------------+---------------+---------------+---------------+
 *  |                          realm id                             |  4
 *  +---------------------------------------------------------------+
 *  |                          token (8)                            |  8
 *  +---------------+---------------+---------------+---------------+
 *  |  conn types   |  flags (1=tgt)| transport cnt | neighbour cnt | 16
 *  +---------------+---------------+---------------+---------------+
 *  |                  initiator address (20)                       | 20
 *  +---------------------------------------------------------------+
 *  |                  target address (20, zero if none)            | 40
 *  +---------------------------------------------------------------+
 *  |  transport entries (6 each) then neighbour entries (26 each)  | 60
 *  +---------------------------------------------------------------+
 * </pre>
 * Reader and writer: wrap once, reuse; not thread safe.
 */
public final class LinkRequestFlyweight
{
    /** Realm id offset. */
    public static final int REALM_OFFSET = 4;
    /** Token offset. */
    public static final int TOKEN_OFFSET = 8;
    /** Connection types offset. */
    public static final int TYPES_OFFSET = 16;
    /** Flags offset. */
    public static final int FLAGS_OFFSET = 17;
    /** Transport count offset. */
    public static final int TRANSPORT_COUNT_OFFSET = 18;
    /** Neighbour count offset. */
    public static final int NEIGHBOUR_COUNT_OFFSET = 19;
    /** Initiator address offset. */
    public static final int FROM_OFFSET = 20;
    /** Target address offset. */
    public static final int TARGET_OFFSET = 40;
    /** Offset of the first transport entry. */
    public static final int ENTRIES_OFFSET = 60;
    /** Flag: the target address is meaningful. */
    public static final int FLAG_HAS_TARGET = 1;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wraps a received frame and checks it is complete.
     *
     * @param buffer frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if the frame is long enough for its declared counts and the counts are within limits.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        if (length < ENTRIES_OFFSET)
        {
            return false;
        }
        final int t = transportCount();
        final int n = neighbourCount();
        return t <= NeighbourEntries.MAX_TRANSPORTS && n <= NeighbourEntries.MAX_NEIGHBOURS &&
            length >= ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH + n * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return realm id. */
    public int realm()
    {
        return buffer.getInt(offset + REALM_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return token chosen by the initiator. */
    public long token()
    {
        return buffer.getLong(offset + TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return connection type bits requested. */
    public int connectionTypes()
    {
        return buffer.getByte(offset + TYPES_OFFSET) & 0xFF;
    }

    /** @return true if the initiator names the node it expects to reach. */
    public boolean hasTarget()
    {
        return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_HAS_TARGET) != 0;
    }

    /** @return number of transport entries. */
    public int transportCount()
    {
        return buffer.getByte(offset + TRANSPORT_COUNT_OFFSET) & 0xFF;
    }

    /** @return number of neighbour entries. */
    public int neighbourCount()
    {
        return buffer.getByte(offset + NEIGHBOUR_COUNT_OFFSET) & 0xFF;
    }

    /** @return initiator's overlay address. */
    public Address from()
    {
        return Address.read(buffer, offset + FROM_OFFSET);
    }

    /** @return target address; meaningful only if {@link #hasTarget()}. */
    public Address target()
    {
        return Address.read(buffer, offset + TARGET_OFFSET);
    }

    /**
     * @param i index below {@link #transportCount()}.
     * @return packed transport address.
     */
    public long transport(final int i)
    {
        return NeighbourEntries.transport(buffer, offset + ENTRIES_OFFSET + i * NeighbourEntries.TRANSPORT_LENGTH);
    }

    /**
     * @param i index below {@link #neighbourCount()}.
     * @return offset of the neighbour entry in the buffer.
     */
    public int neighbourOffset(final int i)
    {
        return offset + ENTRIES_OFFSET + transportCount() * NeighbourEntries.TRANSPORT_LENGTH +
            i * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Writes the fixed part of a link request; entries follow with {@link NeighbourEntries}.
     *
     * @param out        buffer.
     * @param off        frame offset.
     * @param realm      realm id.
     * @param token      token.
     * @param types      connection type bits.
     * @param from       initiator address.
     * @param target     target address or null.
     * @param transports transport count.
     * @param neighbours neighbour count.
     * @return offset of the first transport entry, relative to {@code off}.
     */
    public static int writeHeader(
        final MutableDirectBuffer out, final int off, final int realm, final long token, final int types,
        final Address from, final Address target, final int transports, final int neighbours)
    {
        FrameHeader.write(out, off, FrameHeader.TYPE_LINK_REQUEST);
        out.putInt(off + REALM_OFFSET, realm, ByteOrder.BIG_ENDIAN);
        out.putLong(off + TOKEN_OFFSET, token, ByteOrder.BIG_ENDIAN);
        out.putByte(off + TYPES_OFFSET, (byte)types);
        out.putByte(off + FLAGS_OFFSET, (byte)(target != null ? FLAG_HAS_TARGET : 0));
        out.putByte(off + TRANSPORT_COUNT_OFFSET, (byte)transports);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET, (byte)neighbours);
        from.write(out, off + FROM_OFFSET);
        (target != null ? target : Address.ZERO).write(out, off + TARGET_OFFSET);
        return ENTRIES_OFFSET;
    }
}
