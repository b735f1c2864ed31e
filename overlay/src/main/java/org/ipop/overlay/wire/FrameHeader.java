package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * The 4-byte header every control frame starts with. All multi-byte fields of every control frame are in
 * {@link Flyweight#WIRE_ORDER} (little-endian, like the overlay frame header the engine puts in front of them);
 * overlay addresses are written by {@link org.ipop.overlay.address.Address#write}.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |    version    |     type      |           reserved            |
 *  +---------------+---------------+---------------+---------------+
 * </pre>
 * Types: 1 link request, 2 link reply, 3 ping, 4 pong, 5 close, 6 status, 7 routed.
 */
public final class FrameHeader
{
    /** Current wire version. */
    public static final byte VERSION = 1;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the type byte. */
    public static final int TYPE_OFFSET = 1;
    /** Header length. */
    public static final int LENGTH = 4;

    /** Link request. */
    public static final int TYPE_LINK_REQUEST = 1;
    /** Link reply. */
    public static final int TYPE_LINK_REPLY = 2;
    /** Liveness ping. */
    public static final int TYPE_PING = 3;
    /** Liveness pong. */
    public static final int TYPE_PONG = 4;
    /** Close of a connection. */
    public static final int TYPE_CLOSE = 5;
    /** Neighbour status. */
    public static final int TYPE_STATUS = 6;
    /** Message routed over the overlay. */
    public static final int TYPE_ROUTED = 7;

    /** Largest control frame the overlay sends or accepts (a DHT request with a 256-byte key and 1 KB value fits). */
    public static final int MAX_FRAME_LENGTH = 1400;

    private FrameHeader()
    {
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the frame type, or -1 if the frame is shorter than the header or has another version.
     */
    public static int type(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < LENGTH || length > MAX_FRAME_LENGTH || buffer.getByte(offset + VERSION_OFFSET) != VERSION)
        {
            return -1;
        }
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * Writes the header: version, type and zeroed reserved bytes.
     *
     * @param buffer to write to.
     * @param offset of the frame.
     * @param type   the frame type.
     */
    public static void write(final MutableDirectBuffer buffer, final int offset, final int type)
    {
        buffer.putByte(offset + VERSION_OFFSET, VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
        buffer.putShort(offset + 2, (short)0);
    }

    /**
     * Writes a one-byte count followed by three reserved zero bytes, the shape every entry count of a control
     * frame has.
     *
     * @param buffer to write to.
     * @param index  of the count byte.
     * @param count  0..255.
     */
    public static void putCountAndReserved(final MutableDirectBuffer buffer, final int index, final int count)
    {
        buffer.putInt(index, 0);
        buffer.putByte(index, (byte)count);
    }
}
