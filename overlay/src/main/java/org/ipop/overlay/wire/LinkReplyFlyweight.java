package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;

import java.nio.ByteOrder;

/**
 * Link reply: the responder's answer, with the transport address it saw the request come from (how a node
 * learns its NAT-mapped public address) and the responder's nearest neighbours.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  version = 1  |   type = 2    |           reserved            |  0
 *  +---------------+---------------+---------------+---------------+
 *  |                          realm id                             |  4
 *  +---------------------------------------------------------------+
 *  |                          token (8)                            |  8
 *  +---------------+---------------+-------------------------------+
 *  |  conn types   |    status     |       observed port           | 16
 *  +---------------+---------------+-------------------------------+
 *  |                       observed IPv4                           | 20
 *  +---------------------------------------------------------------+
 *  |                  responder address (20)                       | 24
 *  +---------------+-----------------------------------------------+
 *  | neighbour cnt |               reserved                        | 44
 *  +---------------+-----------------------------------------------+
 *  |                  neighbour entries (26 each)                  | 48
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class LinkReplyFlyweight
{
    /** Realm id offset. */
    public static final int REALM_OFFSET = 4;
    /** Token offset. */
    public static final int TOKEN_OFFSET = 8;
    /** Connection types offset. */
    public static final int TYPES_OFFSET = 16;
    /** Status offset. */
    public static final int STATUS_OFFSET = 17;
    /** Observed port offset. */
    public static final int OBSERVED_PORT_OFFSET = 18;
    /** Observed IPv4 offset. */
    public static final int OBSERVED_IP_OFFSET = 20;
    /** Responder address offset. */
    public static final int RESPONDER_OFFSET = 24;
    /** Neighbour count offset. */
    public static final int NEIGHBOUR_COUNT_OFFSET = 44;
    /** First neighbour entry offset. */
    public static final int ENTRIES_OFFSET = 48;

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

    /** @return realm id. */
    public int realm()
    {
        return buffer.getInt(offset + REALM_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return token of the request answered. */
    public long token()
    {
        return buffer.getLong(offset + TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return connection types granted. */
    public int connectionTypes()
    {
        return buffer.getByte(offset + TYPES_OFFSET) & 0xFF;
    }

    /** @return a {@code LinkStatus} code. */
    public int status()
    {
        return buffer.getByte(offset + STATUS_OFFSET) & 0xFF;
    }

    /** @return packed transport address the responder saw the request come from. */
    public long observed()
    {
        return TransportAddress.pack(
            buffer.getInt(offset + OBSERVED_IP_OFFSET, ByteOrder.BIG_ENDIAN),
            buffer.getShort(offset + OBSERVED_PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    /** @return responder's overlay address. */
    public Address responder()
    {
        return Address.read(buffer, offset + RESPONDER_OFFSET);
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
     * @param realm      realm id.
     * @param token      token of the request.
     * @param types      connection types.
     * @param status     status code.
     * @param observed   packed transport address the request came from.
     * @param responder  responder address.
     * @param neighbours neighbour count.
     * @return offset of the first neighbour entry relative to {@code off}.
     */
    public static int writeHeader(
        final MutableDirectBuffer out, final int off, final int realm, final long token, final int types,
        final int status, final long observed, final Address responder, final int neighbours)
    {
        FrameHeader.write(out, off, FrameHeader.TYPE_LINK_REPLY);
        out.putInt(off + REALM_OFFSET, realm, ByteOrder.BIG_ENDIAN);
        out.putLong(off + TOKEN_OFFSET, token, ByteOrder.BIG_ENDIAN);
        out.putByte(off + TYPES_OFFSET, (byte)types);
        out.putByte(off + STATUS_OFFSET, (byte)status);
        out.putShort(off + OBSERVED_PORT_OFFSET, (short)(observed & 0xFFFF), ByteOrder.BIG_ENDIAN);
        out.putInt(off + OBSERVED_IP_OFFSET, (int)(observed >>> 16), ByteOrder.BIG_ENDIAN);
        responder.write(out, off + RESPONDER_OFFSET);
        out.putInt(off + NEIGHBOUR_COUNT_OFFSET, 0);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET, (byte)neighbours);
        return ENTRIES_OFFSET;
    }
}
