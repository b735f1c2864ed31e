package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

import java.nio.ByteOrder;

/**
 * A message routed over the overlay, hop by hop, with its payload. Forwarders rewrite TTL, hops and flags
 * in place.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  version = 1  |   type = 7    |           reserved            |  0
 *  +---------------+---------------+---------------+---------------+
 *  |     mode      |      ttl      |     hops      |    flags      |  4
 *  +---------------+---------------+---------------+---------------+
 *  |                 mode parameter (k for directional)            |  8
 *  +---------------------------------------------------------------+
 *  |                     source address (20)                       | 12
 *  +---------------------------------------------------------------+
 *  |                   destination address (20)                    | 32
 *  +---------------+-----------------------------------------------+
 *  | payload type  |               reserved                        | 52
 *  +---------------+-----------------------------------------------+
 *  |                           token (8)                           | 56
 *  +---------------+---------------+---------------+---------------+
 *  |  conn types   | transport cnt | neighbour cnt |   reserved    | 64   (connect-to payloads only)
 *  +---------------+---------------+---------------+---------------+
 *  |  transport entries (6 each) then neighbour entries (26 each)  | 68
 *  +---------------------------------------------------------------+
 * </pre>
 * Payload types: 1 connect-to request, 2 connect-to reply (both 68 bytes plus entries), 3 probe (64 bytes),
 * 4 and above: extension payloads (the DHT is 4), opaque to forwarders, with a body from offset 64 that the
 * extension validates.
 */
public final class RoutedFlyweight
{
    /** Mode offset. */
    public static final int MODE_OFFSET = 4;
    /** TTL offset. */
    public static final int TTL_OFFSET = 5;
    /** Hops offset. */
    public static final int HOPS_OFFSET = 6;
    /** Flags offset. */
    public static final int FLAGS_OFFSET = 7;
    /** Mode parameter offset. */
    public static final int PARAM_OFFSET = 8;
    /** Source offset. */
    public static final int SOURCE_OFFSET = 12;
    /** Destination offset. */
    public static final int DESTINATION_OFFSET = 32;
    /** Payload type offset. */
    public static final int PAYLOAD_TYPE_OFFSET = 52;
    /** Token offset. */
    public static final int TOKEN_OFFSET = 56;
    /** Connection types offset (connect-to payloads). */
    public static final int TYPES_OFFSET = 64;
    /** Transport count offset (connect-to payloads). */
    public static final int TRANSPORT_COUNT_OFFSET = 65;
    /** Neighbour count offset (connect-to payloads). */
    public static final int NEIGHBOUR_COUNT_OFFSET = 66;
    /** First entry offset (connect-to payloads). */
    public static final int ENTRIES_OFFSET = 68;
    /** Length of a probe. */
    public static final int PROBE_LENGTH = 64;

    /** Connect-to request payload. */
    public static final int PAYLOAD_CTM_REQUEST = 1;
    /** Connect-to reply payload. */
    public static final int PAYLOAD_CTM_REPLY = 2;
    /** Probe payload: counted on delivery, used to observe routing. */
    public static final int PAYLOAD_PROBE = 3;

    /** First payload type owned by a control-plane extension; the body starts at {@link #EXTENSION_BODY_OFFSET}. */
    public static final int FIRST_EXTENSION_PAYLOAD = 4;
    /** Offset of an extension payload's body. */
    public static final int EXTENSION_BODY_OFFSET = 64;

    /** Flag: an annealing message has already been delivered once and takes no further uphill step. */
    public static final int FLAG_DELIVERED = 1;

    private MutableDirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer frame (mutable: forwarders rewrite the header in place).
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if the frame is complete for its payload type and within limits.
     */
    public boolean wrap(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < PROBE_LENGTH)
        {
            return false;
        }
        final int p = payloadType();
        if (p == PAYLOAD_PROBE || p >= FIRST_EXTENSION_PAYLOAD)
        {
            return true;
        }
        if (p != PAYLOAD_CTM_REQUEST && p != PAYLOAD_CTM_REPLY || length < ENTRIES_OFFSET)
        {
            return false;
        }
        final int t = transportCount();
        final int n = neighbourCount();
        return t <= NeighbourEntries.MAX_TRANSPORTS && n <= NeighbourEntries.MAX_NEIGHBOURS &&
            length >= ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH + n * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return routing mode code. */
    public int mode()
    {
        return buffer.getByte(offset + MODE_OFFSET) & 0xFF;
    }

    /** @return remaining TTL. */
    public int ttl()
    {
        return buffer.getByte(offset + TTL_OFFSET) & 0xFF;
    }

    /** @return hops taken so far. */
    public int hops()
    {
        return buffer.getByte(offset + HOPS_OFFSET) & 0xFF;
    }

    /** @return flags. */
    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return mode parameter. */
    public int param()
    {
        return buffer.getInt(offset + PARAM_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Rewrites the hop fields for forwarding.
     *
     * @param ttl   new TTL.
     * @param hops  new hop count.
     * @param flags new flags.
     * @param param new mode parameter.
     */
    public void rewrite(final int ttl, final int hops, final int flags, final int param)
    {
        buffer.putByte(offset + TTL_OFFSET, (byte)ttl);
        buffer.putByte(offset + HOPS_OFFSET, (byte)Math.min(hops, 255));
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        buffer.putInt(offset + PARAM_OFFSET, param, ByteOrder.BIG_ENDIAN);
    }

    /** @return source address. */
    public Address source()
    {
        return Address.read(buffer, offset + SOURCE_OFFSET);
    }

    /** @return destination address. */
    public Address destination()
    {
        return Address.read(buffer, offset + DESTINATION_OFFSET);
    }

    /** @return payload type. */
    public int payloadType()
    {
        return buffer.getByte(offset + PAYLOAD_TYPE_OFFSET) & 0xFF;
    }

    /** @return payload token. */
    public long token()
    {
        return buffer.getLong(offset + TOKEN_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return connection types (connect-to payloads). */
    public int connectionTypes()
    {
        return buffer.getByte(offset + TYPES_OFFSET) & 0xFF;
    }

    /** @return transport entry count (connect-to payloads). */
    public int transportCount()
    {
        return buffer.getByte(offset + TRANSPORT_COUNT_OFFSET) & 0xFF;
    }

    /** @return neighbour entry count (connect-to payloads). */
    public int neighbourCount()
    {
        return buffer.getByte(offset + NEIGHBOUR_COUNT_OFFSET) & 0xFF;
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
     * @return offset of the entry.
     */
    public int neighbourOffset(final int i)
    {
        return offset + ENTRIES_OFFSET + transportCount() * NeighbourEntries.TRANSPORT_LENGTH +
            i * NeighbourEntries.NEIGHBOUR_LENGTH;
    }

    /** @return the wrapped buffer. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the wrapped frame. */
    public int offset()
    {
        return offset;
    }

    /** @return length of the wrapped frame. */
    public int length()
    {
        return length;
    }

    /**
     * Writes a routed header and the payload's fixed fields.
     *
     * @param out         buffer.
     * @param off         frame offset.
     * @param mode        routing mode code.
     * @param ttl         TTL.
     * @param param       mode parameter.
     * @param source      source address.
     * @param destination destination address.
     * @param payloadType payload type.
     * @param token       token.
     * @param types       connection types (ignored by probes).
     * @param transports  transport entry count (ignored by probes).
     * @param neighbours  neighbour entry count (ignored by probes).
     * @return offset of the first entry relative to {@code off} (the frame length for probes).
     */
    public static int writeHeader(
        final MutableDirectBuffer out, final int off, final int mode, final int ttl, final int param,
        final Address source, final Address destination, final int payloadType, final long token, final int types,
        final int transports, final int neighbours)
    {
        FrameHeader.write(out, off, FrameHeader.TYPE_ROUTED);
        out.putByte(off + MODE_OFFSET, (byte)mode);
        out.putByte(off + TTL_OFFSET, (byte)ttl);
        out.putByte(off + HOPS_OFFSET, (byte)0);
        out.putByte(off + FLAGS_OFFSET, (byte)0);
        out.putInt(off + PARAM_OFFSET, param, ByteOrder.BIG_ENDIAN);
        source.write(out, off + SOURCE_OFFSET);
        destination.write(out, off + DESTINATION_OFFSET);
        out.putInt(off + PAYLOAD_TYPE_OFFSET, 0);
        out.putByte(off + PAYLOAD_TYPE_OFFSET, (byte)payloadType);
        out.putLong(off + TOKEN_OFFSET, token, ByteOrder.BIG_ENDIAN);
        if (payloadType == PAYLOAD_PROBE)
        {
            return PROBE_LENGTH;
        }
        out.putByte(off + TYPES_OFFSET, (byte)types);
        out.putByte(off + TRANSPORT_COUNT_OFFSET, (byte)transports);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET, (byte)neighbours);
        out.putByte(off + NEIGHBOUR_COUNT_OFFSET + 1, (byte)0);
        return ENTRIES_OFFSET;
    }
}
