package org.ipop.tools.admin;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * A request on the admin channel, fields in {@link Flyweight#WIRE_ORDER}:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Correlation ID                         |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                             Type                              |  8
 *  +---------------------------------------------------------------+
 *  |                   TTL seconds (0: default)                    | 12
 *  +---------------------------------------------------------------+
 *  |                          Key length                           | 16
 *  +---------------------------------------------------------------+
 *  |                          Key bytes                          ...
 *  +---------------------------------------------------------------+
 *  |                         Value length                          |
 *  +---------------------------------------------------------------+
 *  |                         Value bytes                         ...
 *  +---------------------------------------------------------------+
 * </pre>
 * {@link #TYPE_STATUS} and {@link #TYPE_DHT_GET} carry an empty value; {@link #TYPE_STATUS} an empty key;
 * {@link #TYPE_REVOKE} carries the encoded revocation as its key and an empty value.
 * The correlation id is chosen by the client (Aeron's {@code nextCorrelationId()}, unique per driver) and
 * echoed in the response. {@link #wrap} validates every length against the frame, so truncated or garbage
 * frames are reported, never read past.
 */
public final class AdminRequestFlyweight extends Flyweight
{
    /** Offset of the correlation id (int64). */
    public static final int CORRELATION_ID_OFFSET = 0;
    /** Offset of the type (int32). */
    public static final int TYPE_OFFSET = 8;
    /** Offset of the TTL in seconds (int32). */
    public static final int TTL_OFFSET = 12;
    /** Offset of the key length (int32). */
    public static final int KEY_LENGTH_OFFSET = 16;
    /** Offset of the key bytes. */
    public static final int KEY_OFFSET = 20;
    /** Smallest valid request: header, empty key, empty value. */
    public static final int MIN_LENGTH = KEY_OFFSET + 4;

    /** Print the node's status lines. */
    public static final int TYPE_STATUS = 1;
    /** Read the values under a key. */
    public static final int TYPE_DHT_GET = 2;
    /** Add a value under a key. */
    public static final int TYPE_DHT_PUT = 3;
    /** Store a value only if the key has none. */
    public static final int TYPE_DHT_CREATE = 4;
    /** Act on a CA-signed revocation (the key holds its encoding) and spread it through the DHT. */
    public static final int TYPE_REVOKE = 5;

    private int valueLengthOffset;
    private String error;

    public AdminRequestFlyweight()
    {
        super(WIRE_ORDER);
    }

    /**
     * Encodes a request.
     *
     * @param out           destination, at least {@link #length} bytes from {@code offset}.
     * @param offset        where the request starts.
     * @param correlationId echoed in the response.
     * @param type          one of the {@code TYPE_*} constants.
     * @param ttlSeconds    lease of written values, 0 for the default.
     * @param key           key bytes (empty for status).
     * @param value         value bytes (empty for status and get).
     * @return bytes written.
     */
    public static int encode(
        final MutableDirectBuffer out,
        final int offset,
        final long correlationId,
        final int type,
        final int ttlSeconds,
        final byte[] key,
        final byte[] value)
    {
        out.putLong(offset + CORRELATION_ID_OFFSET, correlationId, WIRE_ORDER);
        out.putInt(offset + TYPE_OFFSET, type, WIRE_ORDER);
        out.putInt(offset + TTL_OFFSET, ttlSeconds, WIRE_ORDER);
        out.putInt(offset + KEY_LENGTH_OFFSET, key.length, WIRE_ORDER);
        out.putBytes(offset + KEY_OFFSET, key);
        final int valueLengthAt = offset + KEY_OFFSET + key.length;
        out.putInt(valueLengthAt, value.length, WIRE_ORDER);
        out.putBytes(valueLengthAt + 4, value);
        return length(key, value);
    }

    /** @return the encoded length of a request with this key and value. */
    public static int length(final byte[] key, final byte[] value)
    {
        return MIN_LENGTH + key.length + value.length;
    }

    /**
     * Wraps and validates a received request.
     *
     * @return true when every field lies within {@code length} bytes and the type is known; otherwise
     *         {@link #error()} says why (and {@link #correlationId()} is valid when {@code length >= 8}).
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        this.error = null;
        if (length < MIN_LENGTH)
        {
            error = "truncated request (" + length + " bytes, at least " + MIN_LENGTH + ")";
            return false;
        }
        final int keyLength = int32(KEY_LENGTH_OFFSET);
        if (keyLength < 0 || keyLength > length - MIN_LENGTH)
        {
            error = "bad key length " + keyLength + " in a " + length + "-byte request";
            return false;
        }
        valueLengthOffset = KEY_OFFSET + keyLength;
        final int valueLength = int32(valueLengthOffset);
        if (valueLength != length - MIN_LENGTH - keyLength)
        {
            error = "bad value length " + valueLength + " in a " + length + "-byte request";
            return false;
        }
        final int type = type();
        if (type < TYPE_STATUS || type > TYPE_REVOKE)
        {
            error = "unknown request type " + type;
            return false;
        }
        return true;
    }

    /** @return why the last {@link #wrap} failed, or null. */
    public String error()
    {
        return error;
    }

    /** @return the correlation id (valid when at least 8 bytes were wrapped). */
    public long correlationId()
    {
        return int64(CORRELATION_ID_OFFSET);
    }

    /** @return the type. */
    public int type()
    {
        return int32(TYPE_OFFSET);
    }

    /** @return the TTL in seconds, 0 for the default. */
    public int ttlSeconds()
    {
        return int32(TTL_OFFSET);
    }

    /** @return a copy of the key. */
    public byte[] key()
    {
        final byte[] key = new byte[valueLengthOffset - KEY_OFFSET];
        buffer().getBytes(offset() + KEY_OFFSET, key);
        return key;
    }

    /** @return a copy of the value. */
    public byte[] value()
    {
        final byte[] value = new byte[int32(valueLengthOffset)];
        buffer().getBytes(offset() + valueLengthOffset + 4, value);
        return value;
    }

    /** @return the name of request type {@code type}, for messages. */
    public static String typeName(final int type)
    {
        switch (type)
        {
            case TYPE_STATUS:
                return "status";
            case TYPE_DHT_GET:
                return "dht get";
            case TYPE_DHT_PUT:
                return "dht put";
            case TYPE_DHT_CREATE:
                return "dht create";
            case TYPE_REVOKE:
                return "revoke";
            default:
                return "type " + type;
        }
    }
}
