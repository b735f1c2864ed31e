package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

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
 * Fields in {@link org.ipop.engine.protocol.Flyweight#WIRE_ORDER}; entries as {@link NeighbourEntries}.
 * Reader and writer: wrap once, reuse; not thread safe.
 */
public final class LinkRequestFlyweight extends LinkFlyweight
{
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

    public LinkRequestFlyweight()
    {
        super(TRANSPORT_COUNT_OFFSET, NEIGHBOUR_COUNT_OFFSET, ENTRIES_OFFSET);
    }

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
        return wrapWithEntries(buffer, offset, length);
    }

    /** @return true if the initiator names the node it expects to reach. */
    public boolean hasTarget()
    {
        return (uint8(FLAGS_OFFSET) & FLAG_HAS_TARGET) != 0;
    }

    /** @return initiator's overlay address. */
    public Address from()
    {
        return Address.read(buffer(), offset() + FROM_OFFSET);
    }

    /** @return target address; meaningful only if {@link #hasTarget()}. */
    public Address target()
    {
        return Address.read(buffer(), offset() + TARGET_OFFSET);
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
        writeLinkHeader(out, off, FrameHeader.TYPE_LINK_REQUEST, realm, token, types);
        out.putByte(off + FLAGS_OFFSET, (byte)(target != null ? FLAG_HAS_TARGET : 0));
        out.putByte(off + TRANSPORT_COUNT_OFFSET, (byte)transports);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET, (byte)neighbours);
        from.write(out, off + FROM_OFFSET);
        (target != null ? target : Address.ZERO).write(out, off + TARGET_OFFSET);
        return ENTRIES_OFFSET;
    }
}
