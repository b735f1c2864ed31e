package org.ipop.tools.admin;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * A response on the admin channel, fields in {@link Flyweight#WIRE_ORDER}:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Correlation ID (of the request)               |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                             Code                              |  8
 *  +---------------------------------------------------------------+
 *  |                         Entry count                           | 12
 *  +---------------------------------------------------------------+
 *  |            Entries omitted (did not fit the response)         | 16
 *  +---------------------------------------------------------------+
 *  |                     Entry length, entry bytes               ... 20, repeated
 *  +---------------------------------------------------------------+
 * </pre>
 * Entries are status lines (UTF-8) for a status request, the values read for a get, nothing for a
 * successful write, and one human-readable reason for every error code. A response is at most
 * {@link AdminChannel#MAX_RESPONSE_LENGTH} bytes; Aeron fragments it and the client reassembles it. A
 * response to a request too short to hold a correlation id carries {@link #NULL_CORRELATION_ID}.
 */
public final class AdminResponseFlyweight extends Flyweight
{
    /** Offset of the correlation id (int64). */
    public static final int CORRELATION_ID_OFFSET = 0;
    /** Offset of the code (int32). */
    public static final int CODE_OFFSET = 8;
    /** Offset of the entry count (int32). */
    public static final int COUNT_OFFSET = 12;
    /** Offset of the number of entries left out (int32). */
    public static final int OMITTED_OFFSET = 16;
    /** Offset of the first entry. */
    public static final int ENTRIES_OFFSET = 20;
    /** Correlation id of a response to a request whose own id could not be read. */
    public static final long NULL_CORRELATION_ID = 0;

    /** Success. */
    public static final int CODE_OK = 0;
    /** Create: the key already holds a live value from someone else. */
    public static final int CODE_EXISTS = 1;
    /** Key or value over the DHT's limits. */
    public static final int CODE_TOO_LARGE = 2;
    /** No majority of replicas answered in time. */
    public static final int CODE_TIMEOUT = 3;
    /** No majority answered and this node is not placed on the ring yet. */
    public static final int CODE_NOT_PLACED = 4;
    /** A well-formed request with a bad argument (empty key or value, TTL out of range). */
    public static final int CODE_INVALID = 5;
    /** The request could not be decoded. */
    public static final int CODE_MALFORMED = 6;
    /** Too many requests in flight on the node. */
    public static final int CODE_BUSY = 7;

    public AdminResponseFlyweight()
    {
        super(WIRE_ORDER);
    }

    /**
     * Wraps a received response and checks that its entries lie within {@code length} bytes.
     *
     * @return false for a truncated or inconsistent response.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        if (length < ENTRIES_OFFSET)
        {
            return false;
        }
        final int count = count();
        if (count < 0 || omitted() < 0)
        {
            return false;
        }
        int at = ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            if (at + 4 > length)
            {
                return false;
            }
            final int entryLength = int32(at);
            if (entryLength < 0 || entryLength > length - at - 4)
            {
                return false;
            }
            at += 4 + entryLength;
        }
        return at == length;
    }

    /** @return the correlation id of the request answered. */
    public long correlationId()
    {
        return int64(CORRELATION_ID_OFFSET);
    }

    /** @return the code. */
    public int code()
    {
        return int32(CODE_OFFSET);
    }

    /** @return the number of entries. */
    public int count()
    {
        return int32(COUNT_OFFSET);
    }

    /** @return how many entries the node left out because the response was full. */
    public int omitted()
    {
        return int32(OMITTED_OFFSET);
    }

    /** @return copies of the entries (only after a successful {@link #wrap}). */
    public List<byte[]> entries()
    {
        final int count = count();
        final List<byte[]> entries = new ArrayList<>(count);
        int at = ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            final byte[] entry = new byte[int32(at)];
            buffer().getBytes(offset() + at + 4, entry);
            entries.add(entry);
            at += 4 + entry.length;
        }
        return entries;
    }

    /** @return the name of {@code code}, as {@code ipop} prints it. */
    public static String codeName(final int code)
    {
        switch (code)
        {
            case CODE_OK:
                return "ok";
            case CODE_EXISTS:
                return "exists";
            case CODE_TOO_LARGE:
                return "too large";
            case CODE_TIMEOUT:
                return "timeout";
            case CODE_NOT_PLACED:
                return "not placed";
            case CODE_INVALID:
                return "invalid";
            case CODE_MALFORMED:
                return "malformed request";
            case CODE_BUSY:
                return "busy";
            default:
                return "code " + code;
        }
    }

    /**
     * Writes responses into one buffer: {@link #begin}, then {@link #append} entries while they fit, then
     * {@link #length()}. Entries that do not fit are counted as omitted. Not thread-safe; reuse it.
     */
    public static final class Encoder
    {
        private final MutableDirectBuffer buffer;
        private final int capacity;
        private int length;
        private int count;
        private int omitted;

        /**
         * @param buffer   where responses are written, from offset 0.
         * @param capacity largest response, at most the buffer's capacity.
         */
        public Encoder(final MutableDirectBuffer buffer, final int capacity)
        {
            if (capacity > buffer.capacity() || capacity < ENTRIES_OFFSET)
            {
                throw new IllegalArgumentException("capacity " + capacity + " for a buffer of " + buffer.capacity());
            }
            this.buffer = buffer;
            this.capacity = capacity;
        }

        /** Starts a response with no entries. */
        public Encoder begin(final long correlationId, final int code)
        {
            buffer.putLong(CORRELATION_ID_OFFSET, correlationId, WIRE_ORDER);
            buffer.putInt(CODE_OFFSET, code, WIRE_ORDER);
            count = 0;
            omitted = 0;
            length = ENTRIES_OFFSET;
            writeCounts();
            return this;
        }

        /** @return true when {@code entry} was added; false (and counted as omitted) when it did not fit. */
        public boolean append(final byte[] entry)
        {
            if (omitted > 0 || entry.length > capacity - length - 4)
            {
                omitted++;
                writeCounts();
                return false;
            }
            buffer.putInt(length, entry.length, WIRE_ORDER);
            buffer.putBytes(length + 4, entry);
            length += 4 + entry.length;
            count++;
            writeCounts();
            return true;
        }

        /** @return true when the UTF-8 of {@code entry} was added. */
        public boolean append(final String entry)
        {
            return append(entry.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** @return the response's length in bytes. */
        public int length()
        {
            return length;
        }

        /** @return the buffer written. */
        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        private void writeCounts()
        {
            buffer.putInt(COUNT_OFFSET, count, WIRE_ORDER);
            buffer.putInt(OMITTED_OFFSET, omitted, WIRE_ORDER);
        }
    }
}
