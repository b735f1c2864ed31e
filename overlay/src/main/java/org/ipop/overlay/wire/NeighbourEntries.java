package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;

/**
 * Lists of neighbours and of transport addresses embedded in control frames, fields in
 * {@link Flyweight#WIRE_ORDER}, the overlay address as {@link Address#write} writes it.
 * <pre>
 *  neighbour entry (26 bytes):            transport entry (6 bytes):
 *  +---------------------------------+    +-----------------+---------+
 *  |  overlay address (20)           |    |  IPv4 (4)       | port (2)|
 *  +-----------------+---------------+    +-----------------+---------+
 *  |  IPv4 (4)       |  port (2)     |
 *  +-----------------+---------------+
 * </pre>
 * A frame's transport entries come first, then its neighbour entries.
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

    private static final int PORT_OFFSET = 4;

    private NeighbourEntries()
    {
    }

    /**
     * @param available  bytes from the first entry to the end of the frame.
     * @param transports transport entries declared.
     * @param neighbours neighbour entries declared.
     * @return true if the counts are within limits and the entries fit in {@code available} bytes.
     */
    public static boolean fit(final int available, final int transports, final int neighbours)
    {
        return transports <= MAX_TRANSPORTS && neighbours <= MAX_NEIGHBOURS &&
            available >= transports * TRANSPORT_LENGTH + neighbours * NEIGHBOUR_LENGTH;
    }

    /**
     * @param buffer frame.
     * @param offset of the entry.
     * @return the packed transport address of a transport entry.
     */
    public static long transport(final DirectBuffer buffer, final int offset)
    {
        return TransportAddress.pack(
            buffer.getInt(offset, Flyweight.WIRE_ORDER),
            buffer.getShort(offset + PORT_OFFSET, Flyweight.WIRE_ORDER) & 0xFFFF);
    }

    /**
     * @param buffer    frame.
     * @param offset    of the entry.
     * @param transport packed transport address.
     */
    public static void putTransport(final MutableDirectBuffer buffer, final int offset, final long transport)
    {
        buffer.putInt(offset, TransportAddress.ip(transport), Flyweight.WIRE_ORDER);
        buffer.putShort(offset + PORT_OFFSET, (short)TransportAddress.port(transport), Flyweight.WIRE_ORDER);
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
