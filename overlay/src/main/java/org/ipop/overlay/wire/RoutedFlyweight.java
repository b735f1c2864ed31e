package org.ipop.overlay.wire;

import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;

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
 * extension validates. Fields in {@link org.ipop.engine.protocol.Flyweight#WIRE_ORDER}; entries as
 * {@link NeighbourEntries}.
 */
public final class RoutedFlyweight extends ControlFrameFlyweight
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

    public RoutedFlyweight()
    {
        super(TRANSPORT_COUNT_OFFSET, NEIGHBOUR_COUNT_OFFSET, ENTRIES_OFFSET);
    }

    /**
     * @param buffer frame (mutable: forwarders rewrite the header in place).
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if the frame is complete for its payload type and within limits.
     */
    public boolean wrap(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        if (length < PROBE_LENGTH)
        {
            return false;
        }
        final int p = payloadType();
        if (p == PAYLOAD_PROBE || p >= FIRST_EXTENSION_PAYLOAD)
        {
            return true;
        }
        return (p == PAYLOAD_CTM_REQUEST || p == PAYLOAD_CTM_REPLY) && entriesComplete();
    }

    /** @return routing mode code. */
    public int mode()
    {
        return uint8(MODE_OFFSET);
    }

    /** @return remaining TTL. */
    public int ttl()
    {
        return uint8(TTL_OFFSET);
    }

    /** @return hops taken so far. */
    public int hops()
    {
        return uint8(HOPS_OFFSET);
    }

    /** @return flags. */
    public int flags()
    {
        return uint8(FLAGS_OFFSET);
    }

    /** @return mode parameter. */
    public int param()
    {
        return int32(PARAM_OFFSET);
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
        putUint8(TTL_OFFSET, ttl);
        putUint8(HOPS_OFFSET, Math.min(hops, 255));
        putUint8(FLAGS_OFFSET, flags);
        putInt32(PARAM_OFFSET, param);
    }

    /** @return source address. */
    public Address source()
    {
        return Address.read(buffer(), offset() + SOURCE_OFFSET);
    }

    /** @return destination address. */
    public Address destination()
    {
        return Address.read(buffer(), offset() + DESTINATION_OFFSET);
    }

    /** @return payload type. */
    public int payloadType()
    {
        return uint8(PAYLOAD_TYPE_OFFSET);
    }

    /** @return payload token. */
    public long token()
    {
        return int64(TOKEN_OFFSET);
    }

    /** @return connection types (connect-to payloads). */
    public int connectionTypes()
    {
        return uint8(TYPES_OFFSET);
    }

    /** @return the wrapped buffer, writable. */
    @Override
    public MutableDirectBuffer buffer()
    {
        return mutableBuffer();
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
        out.putInt(off + PARAM_OFFSET, param, WIRE_ORDER);
        source.write(out, off + SOURCE_OFFSET);
        destination.write(out, off + DESTINATION_OFFSET);
        FrameHeader.putCountAndReserved(out, off + PAYLOAD_TYPE_OFFSET, payloadType);
        out.putLong(off + TOKEN_OFFSET, token, WIRE_ORDER);
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
