package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.RoutedFlyweight;

/**
 * The body of a DHT message, carried in a routed frame of payload type {@link ReplicatedDht#PAYLOAD_TYPE} (the
 * routed header's token is the operation's token). Offsets below are from the start of the routed frame; the
 * flyweight itself wraps the body (frame offset 64):
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |      op       |    status     |    replica    |     flags     |  64
 *  +---------------+---------------+---------------+---------------+
 *  |       TTL seconds (writes) or page start (get, reply)         |  68
 *  +-------------------------------+-------------------------------+
 *  |          key length           |          value count          |  72
 *  +-------------------------------+-------------------------------+
 *  |                total live values (get replies)                |  76
 *  +---------------------------------------------------------------+
 *  |                     key bytes (1..256)                        |  80
 *  +-------------------------------+-------------------------------+
 *  |  value length (2)             |  remaining seconds (4) ...    |  value entries, value count of them:
 *  +-------------------------------+-------------------------------+
 *  |  ... remaining seconds        |  value bytes (1..1024) ...    |
 *  +---------------------------------------------------------------+
 * </pre>
 * Ops: 1 put, 2 create, 3 get, 4 delete (requests, one entry except get), 5 reply (status; get replies carry a
 * page of entries), 6 copy (a replica's values handed to a backup or a new neighbour, no reply).
 * Flags: 1 no reply (write-back, rollback), 2 backup (apply only, do not forward), 4 (replies) the value was
 * already live there, so a failed create must not roll it back.
 * Fields in {@link Flyweight#WIRE_ORDER}. {@link #wrap} checks every length against the frame before any field
 * is used.
 */
public final class DhtMessageFlyweight extends Flyweight
{
    /** Op offset (body-relative). */
    public static final int OP_OFFSET = 0;
    /** Status offset. */
    public static final int STATUS_OFFSET = 1;
    /** Replica index offset. */
    public static final int REPLICA_OFFSET = 2;
    /** Flags offset. */
    public static final int FLAGS_OFFSET = 3;
    /** TTL or page start offset. */
    public static final int TTL_OFFSET = 4;
    /** Key length offset. */
    public static final int KEY_LENGTH_OFFSET = 8;
    /** Value count offset. */
    public static final int VALUE_COUNT_OFFSET = 10;
    /** Total values offset. */
    public static final int TOTAL_OFFSET = 12;
    /** Key offset. */
    public static final int KEY_OFFSET = 16;
    /** Fixed header of an entry: length (2) and remaining seconds (4). */
    public static final int ENTRY_HEADER_LENGTH = 6;
    /** Offset of the remaining seconds in an entry. */
    public static final int ENTRY_SECONDS_OFFSET = 2;
    /** Largest body. */
    public static final int MAX_BODY_LENGTH = FrameHeader.MAX_FRAME_LENGTH - RoutedFlyweight.EXTENSION_BODY_OFFSET;
    /** Most entries one body can hold. */
    public static final int MAX_ENTRIES = (MAX_BODY_LENGTH - KEY_OFFSET) / (ENTRY_HEADER_LENGTH + 1);

    /** Put request. */
    public static final int OP_PUT = 1;
    /** Create request. */
    public static final int OP_CREATE = 2;
    /** Get request. */
    public static final int OP_GET = 3;
    /** Delete request. */
    public static final int OP_DELETE = 4;
    /** Reply. */
    public static final int OP_REPLY = 5;
    /** Copy of values to a backup or new neighbour. */
    public static final int OP_COPY = 6;

    /** Flag: do not reply. */
    public static final int FLAG_NO_REPLY = 1;
    /** Flag: backup copy: apply, do not forward. */
    public static final int FLAG_BACKUP = 2;
    /** Reply flag: the write found its value already live (a renewal): a failed create must not roll it back. */
    public static final int FLAG_EXISTED = 4;

    private final int[] entryOffsets = new int[MAX_ENTRIES];
    private int entries;

    public DhtMessageFlyweight()
    {
        super(WIRE_ORDER);
    }

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @return true if the body is complete and within limits.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        this.entries = 0;
        if (length < KEY_OFFSET || length > MAX_BODY_LENGTH)
        {
            return false;
        }
        final int op = op();
        final int keyLength = keyLength();
        final int count = valueCount();
        if (op < OP_PUT || op > OP_COPY || keyLength < 1 || keyLength > Dht.MAX_KEY_LENGTH || count > MAX_ENTRIES ||
            status() >= DhtStatus.values().length || KEY_OFFSET + keyLength > length)
        {
            return false;
        }
        int p = KEY_OFFSET + keyLength;
        for (int i = 0; i < count; i++)
        {
            if (p + ENTRY_HEADER_LENGTH > length)
            {
                return false;
            }
            final int valueLength = uint16(p);
            if (valueLength < 1 || valueLength > Dht.MAX_VALUE_LENGTH ||
                p + ENTRY_HEADER_LENGTH + valueLength > length)
            {
                return false;
            }
            entryOffsets[i] = p;
            p += ENTRY_HEADER_LENGTH + valueLength;
        }
        if ((op == OP_PUT || op == OP_CREATE || op == OP_DELETE) && count != 1)
        {
            return false;
        }
        entries = count;
        return true;
    }

    /** @return op code. */
    public int op()
    {
        return uint8(OP_OFFSET);
    }

    /** @return status (replies): a {@link DhtStatus} ordinal. */
    public int status()
    {
        return uint8(STATUS_OFFSET);
    }

    /** @return replica index. */
    public int replica()
    {
        return uint8(REPLICA_OFFSET);
    }

    /** @return flags. */
    public int flags()
    {
        return uint8(FLAGS_OFFSET);
    }

    /** @return TTL in seconds (writes) or page start (get and replies). */
    public int ttlOrStart()
    {
        return int32(TTL_OFFSET);
    }

    /** @return key length. */
    public int keyLength()
    {
        return uint16(KEY_LENGTH_OFFSET);
    }

    /** @return value entries. */
    public int valueCount()
    {
        return uint16(VALUE_COUNT_OFFSET);
    }

    /** @return total live values at the replica (get replies). */
    public int total()
    {
        return int32(TOTAL_OFFSET);
    }

    /** @return a copy of the key. */
    public byte[] key()
    {
        final byte[] k = new byte[keyLength()];
        buffer().getBytes(offset() + KEY_OFFSET, k);
        return k;
    }

    /**
     * @param i entry index below {@link #valueCount()}.
     * @return a copy of its value.
     */
    public byte[] value(final int i)
    {
        final byte[] v = new byte[uint16(entryOffsets[i])];
        buffer().getBytes(offset() + entryOffsets[i] + ENTRY_HEADER_LENGTH, v);
        return v;
    }

    /**
     * @param i entry index below {@link #valueCount()}.
     * @return its remaining seconds.
     */
    public int remainingSeconds(final int i)
    {
        return int32(entryOffsets[i] + ENTRY_SECONDS_OFFSET);
    }

    /** @return entries validated by the last {@link #wrap}. */
    public int entries()
    {
        return entries;
    }

    /**
     * Writes the fixed fields and the key; entries follow with {@link #putEntry}.
     *
     * @param out        buffer.
     * @param op         op code.
     * @param status     status ordinal.
     * @param replica    replica index.
     * @param flags      flags.
     * @param ttlOrStart TTL or page start.
     * @param key        key bytes.
     * @param count      entries that will follow.
     * @param total      total live values (replies).
     * @return offset of the first entry.
     */
    public static int writeHeader(
        final MutableDirectBuffer out, final int op, final int status, final int replica, final int flags,
        final int ttlOrStart, final byte[] key, final int count, final int total)
    {
        out.putByte(OP_OFFSET, (byte)op);
        out.putByte(STATUS_OFFSET, (byte)status);
        out.putByte(REPLICA_OFFSET, (byte)replica);
        out.putByte(FLAGS_OFFSET, (byte)flags);
        out.putInt(TTL_OFFSET, ttlOrStart, WIRE_ORDER);
        out.putShort(KEY_LENGTH_OFFSET, (short)key.length, WIRE_ORDER);
        out.putShort(VALUE_COUNT_OFFSET, (short)count, WIRE_ORDER);
        out.putInt(TOTAL_OFFSET, total, WIRE_ORDER);
        out.putBytes(KEY_OFFSET, key);
        return KEY_OFFSET + key.length;
    }

    /**
     * @param out              buffer.
     * @param at               offset of the entry.
     * @param value            value bytes.
     * @param remainingSeconds seconds left.
     * @return offset after the entry.
     */
    public static int putEntry(final MutableDirectBuffer out, final int at, final byte[] value, final int remainingSeconds)
    {
        out.putShort(at, (short)value.length, WIRE_ORDER);
        out.putInt(at + ENTRY_SECONDS_OFFSET, remainingSeconds, WIRE_ORDER);
        out.putBytes(at + ENTRY_HEADER_LENGTH, value);
        return at + ENTRY_HEADER_LENGTH + value.length;
    }

    /**
     * @param out    buffer with a header written.
     * @param count  entries actually written.
     */
    public static void patchCount(final MutableDirectBuffer out, final int count)
    {
        out.putShort(VALUE_COUNT_OFFSET, (short)count, WIRE_ORDER);
    }
}
