package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;

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
 * Fields in {@link org.ipop.engine.protocol.Flyweight#WIRE_ORDER}; entries as {@link NeighbourEntries}.
 */
public final class LinkReplyFlyweight extends LinkFlyweight
{
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

    public LinkReplyFlyweight()
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

    /** @return a {@code LinkStatus} code. */
    public int status()
    {
        return uint8(STATUS_OFFSET);
    }

    /** @return packed transport address the responder saw the request come from. */
    public long observed()
    {
        return TransportAddress.pack(int32(OBSERVED_IP_OFFSET), uint16(OBSERVED_PORT_OFFSET));
    }

    /** @return responder's overlay address. */
    public Address responder()
    {
        return Address.read(buffer(), offset() + RESPONDER_OFFSET);
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
        writeLinkHeader(out, off, FrameHeader.TYPE_LINK_REPLY, realm, token, types);
        out.putByte(off + STATUS_OFFSET, (byte)status);
        out.putShort(off + OBSERVED_PORT_OFFSET, (short)TransportAddress.port(observed), WIRE_ORDER);
        out.putInt(off + OBSERVED_IP_OFFSET, TransportAddress.ip(observed), WIRE_ORDER);
        responder.write(out, off + RESPONDER_OFFSET);
        FrameHeader.putCountAndReserved(out, off + NEIGHBOUR_COUNT_OFFSET, neighbours);
        return ENTRIES_OFFSET;
    }
}
