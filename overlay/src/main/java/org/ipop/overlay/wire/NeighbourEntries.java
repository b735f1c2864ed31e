package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;

import java.nio.ByteOrder;

/**
 * Lists of neighbours and of transport addresses embedded in control frames.
 * <pre>
 *  neighbour entry (26 bytes):            transport entry (6 bytes):
 *  +---------------------------------+    +-----------------+---------+
 *  |  overlay address (20)           |    |  IPv4 (4)       | port (2)|
 *  +-----------------+---------------+    +-----------------+---------+
 *  |  IPv4 (4)       |  port (2)     |
 *  +-----------------+---------------+
 * </pre>
 */
public final class NeighbourEntries
{
    /** Length of one neighbour entry. */
    public static final int NEIGHBOUR_LENGTH = Address.LENGTH + 6;
    /** Length of one transport entry. */
    public static final int TRANSPORT_LENGTH = 6;
    /** Most neighbours a frame may carry. */
    public static final int MAX_NEIGHBOURS = 8;
    /** Most transport addresses a frame may carry. */
    public static final int MAX_TRANSPORTS = 4;

    private NeighbourEntries()
    {
    }

    /**
     * @param buffer frame.
     * @param offset of the entry.
     * @return the packed transport address of a transport entry.
     */
    public static long transport(final DirectBuffer buffer, final int offset)
    {
        return TransportAddress.pack(
            buffer.getInt(offset, ByteOrder.BIG_ENDIAN), buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    /**
     * @param buffer    frame.
     * @param offset    of the entry.
     * @param transport packed transport address.
     */
    public static void putTransport(final MutableDirectBuffer buffer, final int offset, final long transport)
    {
        buffer.putInt(offset, TransportAddress.ip(transport), ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 4, (short)TransportAddress.port(transport), ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer frame.
     * @param offset of the neighbour entry.
     * @return its overlay address.
     */
    public static Address neighbourAddress(final DirectBuffer buffer, final int offset)
    {
        return Address.read(buffer, offset);
    }

    /**
     * @param buffer frame.
     * @param offset of the neighbour entry.
     * @return its packed transport address.
     */
    public static long neighbourTransport(final DirectBuffer buffer, final int offset)
    {
        return transport(buffer, offset + Address.LENGTH);
    }

    /**
     * @param buffer    frame.
     * @param offset    of the neighbour entry.
     * @param address   overlay address.
     * @param transport packed transport address.
     */
    public static void putNeighbour(
        final MutableDirectBuffer buffer, final int offset, final Address address, final long transport)
    {
        address.write(buffer, offset);
        putTransport(buffer, offset + Address.LENGTH, transport);
    }
}
