package org.ipop.tap;

/**
 * Layout of a datagram record in a batch buffer, shared by the C library ({@code ipop_tap.h}) and Java.
 * Records follow each other; each starts at an 8-byte aligned offset from the batch start.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Payload Length (int32, host order)           |
 *  +---------------------------------------------------------------+
 *  |      Peer IPv4 address (4 bytes as on the wire, network order)|
 *  +-------------------------------+-------------------------------+
 *  |  Peer port (uint16, host)     |   Flags (uint16)              |
 *  +-------------------------------+-------------------------------+
 *  |       Reserved (0) / stop errno / key slot / reject reason    |
 *  +---------------------------------------------------------------+
 *  |                  UDP payload ...                             ...
 *  +---------------------------------------------------------------+
 *  |                  padding to the next multiple of 8            |
 * </pre>
 * The address is stored as the four bytes of {@code sin_addr}: read it with a big-endian int read to get
 * {@code a.b.c.d} as {@code (a << 24) | (b << 16) | (c << 8) | d}.
 * <p>
 * Reserved is written as 0. A {@link DatagramEndpoint#sendBatch} that stops before its last record sets the
 * reserved field of the record that stopped it to the errno that stopped it, or 0 when the socket would block
 * (read at {@link #RESERVED_OFFSET} of that record).
 * <p>
 * Flags, by direction:
 * <ul>
 *   <li>receive: {@link #FLAG_TRUNCATED}; with a {@link SessionKeys} table attached to the endpoint (or after
 *   {@link SessionKeys#openBatch}) also {@link SessionKeys#FLAG_OPENED} (reserved = the slot it was opened with,
 *   length without the tag) or {@link SessionKeys#FLAG_REJECTED} (reserved = a {@code SessionKeys.REJECT_*}
 *   reason; drop the record);</li>
 *   <li>send: 0 for a plain record; {@link SessionKeys#FLAG_SEAL} (reserved = the key slot, length including the
 *   tag) to have it sealed by {@link SessionKeys#sealBatch} or by an endpoint with a table attached. Sealing clears
 *   the flag and the reserved field, or replaces the flag with {@link SessionKeys#FLAG_REJECTED} and a reason: a
 *   rejected record is not sent (an endpoint with a table attached skips it and counts it as sent; a plain send
 *   refuses it as malformed).</li>
 * </ul>
 */
public final class DatagramBatchDescriptor
{
    public static final int LENGTH_OFFSET = 0;
    public static final int ADDRESS_OFFSET = 4;
    public static final int PORT_OFFSET = 8;
    public static final int FLAGS_OFFSET = 10;
    public static final int RESERVED_OFFSET = 12;
    public static final int HEADER_LENGTH = 16;
    public static final int ALIGNMENT = 8;

    /**
     * Flag set on receive when the datagram was longer than the endpoint's max datagram length: the record
     * holds only its first bytes (a sealed frame so cut is rejected, never opened).
     */
    public static final int FLAG_TRUNCATED = 1;

    private DatagramBatchDescriptor()
    {
    }

    /** @return bytes a record with a payload of {@code payloadLength} bytes occupies, padding included. */
    public static int recordLength(final int payloadLength)
    {
        return (HEADER_LENGTH + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
