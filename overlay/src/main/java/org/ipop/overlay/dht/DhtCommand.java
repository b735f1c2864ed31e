package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * A DHT operation requested on this node, as journaled (the control plane's command record body), fields in
 * {@link Flyweight#WIRE_ORDER}:
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |      op       |   reserved    |          key length           |  0
 *  +---------------+---------------+-------------------------------+
 *  |         value length          |           reserved            |  4
 *  +-------------------------------+-------------------------------+
 *  |                       TTL seconds                             |  8
 *  +---------------------------------------------------------------+
 *  |                key bytes, then value bytes                    | 12
 *  +---------------------------------------------------------------+
 * </pre>
 * Ops are those of {@link DhtMessageFlyweight} (put, create, get, delete).
 */
public final class DhtCommand
{
    /** Fixed part. */
    public static final int HEADER_LENGTH = 12;
    /** Largest command. */
    public static final int MAX_LENGTH = HEADER_LENGTH + Dht.MAX_KEY_LENGTH + Dht.MAX_VALUE_LENGTH;

    int op;
    int ttlSeconds;
    byte[] key;
    byte[] value;

    /**
     * @param out   buffer of at least {@link #MAX_LENGTH} bytes.
     * @param op    op code.
     * @param key   key (validated).
     * @param value value (validated), or null for get.
     * @param ttl   TTL seconds (writes).
     * @return length written.
     */
    static int encode(final MutableDirectBuffer out, final int op, final byte[] key, final byte[] value, final int ttl)
    {
        final int valueLength = value == null ? 0 : value.length;
        out.putByte(0, (byte)op);
        out.putByte(1, (byte)0);
        out.putShort(2, (short)key.length, Flyweight.WIRE_ORDER);
        out.putShort(4, (short)valueLength, Flyweight.WIRE_ORDER);
        out.putShort(6, (short)0, Flyweight.WIRE_ORDER);
        out.putInt(8, ttl, Flyweight.WIRE_ORDER);
        out.putBytes(HEADER_LENGTH, key);
        if (value != null)
        {
            out.putBytes(HEADER_LENGTH + key.length, value);
        }
        return HEADER_LENGTH + key.length + valueLength;
    }

    /**
     * @param buffer command bytes.
     * @param offset of the command.
     * @param length of the command.
     * @return true if well formed (then the fields are set).
     */
    boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return false;
        }
        op = buffer.getByte(offset) & 0xFF;
        final int keyLength = buffer.getShort(offset + 2, Flyweight.WIRE_ORDER) & 0xFFFF;
        final int valueLength = buffer.getShort(offset + 4, Flyweight.WIRE_ORDER) & 0xFFFF;
        ttlSeconds = buffer.getInt(offset + 8, Flyweight.WIRE_ORDER);
        if (op < DhtMessageFlyweight.OP_PUT || op > DhtMessageFlyweight.OP_DELETE || keyLength < 1 ||
            keyLength > Dht.MAX_KEY_LENGTH || valueLength > Dht.MAX_VALUE_LENGTH ||
            HEADER_LENGTH + keyLength + valueLength != length ||
            (op != DhtMessageFlyweight.OP_GET) != (valueLength > 0))
        {
            return false;
        }
        key = new byte[keyLength];
        buffer.getBytes(offset + HEADER_LENGTH, key);
        value = null;
        if (valueLength > 0)
        {
            value = new byte[valueLength];
            buffer.getBytes(offset + HEADER_LENGTH + keyLength, value);
        }
        return true;
    }
}
