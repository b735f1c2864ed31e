package org.ipop.overlay.wire;

import org.agrona.MutableDirectBuffer;

/**
 * Base of the two messages of the per-edge linking protocol, {@link LinkRequestFlyweight} and
 * {@link LinkReplyFlyweight}, which begin alike: after the {@link FrameHeader}, the realm id (int32) at 4, the
 * request's token (int64) at 8 and the connection type bits (uint8) at 16; each subclass documents its whole
 * layout.
 */
public abstract class LinkFlyweight extends ControlFrameFlyweight
{
    /** Realm id offset. */
    public static final int REALM_OFFSET = 4;
    /** Token offset. */
    public static final int TOKEN_OFFSET = 8;
    /** Connection types offset. */
    public static final int TYPES_OFFSET = 16;

    /**
     * @param transportCountOffset offset of the transport count, or {@link #NO_TRANSPORTS}.
     * @param neighbourCountOffset offset of the neighbour count.
     * @param entriesOffset        offset of the first entry.
     */
    protected LinkFlyweight(final int transportCountOffset, final int neighbourCountOffset, final int entriesOffset)
    {
        super(transportCountOffset, neighbourCountOffset, entriesOffset);
    }

    /** @return realm id. */
    public int realm()
    {
        return int32(REALM_OFFSET);
    }

    /** @return token chosen by the initiator (echoed by the reply). */
    public long token()
    {
        return int64(TOKEN_OFFSET);
    }

    /** @return connection type bits requested or granted. */
    public int connectionTypes()
    {
        return uint8(TYPES_OFFSET);
    }

    /**
     * Writes the frame header and the fields every link message starts with.
     *
     * @param out   buffer.
     * @param off   frame offset.
     * @param type  {@link FrameHeader#TYPE_LINK_REQUEST} or {@link FrameHeader#TYPE_LINK_REPLY}.
     * @param realm realm id.
     * @param token token.
     * @param types connection type bits.
     */
    protected static void writeLinkHeader(
        final MutableDirectBuffer out, final int off, final int type, final int realm, final long token,
        final int types)
    {
        FrameHeader.write(out, off, type);
        out.putInt(off + REALM_OFFSET, realm, WIRE_ORDER);
        out.putLong(off + TOKEN_OFFSET, token, WIRE_ORDER);
        out.putByte(off + TYPES_OFFSET, (byte)types);
    }
}
