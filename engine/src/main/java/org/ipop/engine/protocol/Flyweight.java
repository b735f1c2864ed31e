package org.ipop.engine.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Base of every flyweight over wire bytes, in the engine and in the layers above it: a window
 * {@code [offset, offset + length)} over a buffer, checked against the buffer once when wrapped, and typed
 * field accessors relative to the window's start in one byte order.
 * <p>
 * Two byte orders exist and each flyweight uses exactly one:
 * <ul>
 *   <li>{@link #WIRE_ORDER}, little-endian: every multi-byte field of the overlay's own formats (the overlay
 *   frame header, control frames, DHT messages, the admin channel), as Aeron's; a node address is written
 *   by {@link NodeAddress} in the same order.</li>
 *   <li>{@link #NETWORK_ORDER}, big-endian: the Ethernet, ARP, IPv4, UDP, ICMP, DHCP and DNS fields of frames
 *   on the virtual network, whose order is fixed by their protocols.</li>
 * </ul>
 * The field layout of each format is documented once, in the subclass's Javadoc, with {@code *_OFFSET}
 * constants relative to the window's start.
 * <p>
 * Wrapping checks only that the window lies inside the buffer; what a subclass's {@code wrap} returns tells
 * whether the bytes in the window form a valid message. Not thread safe: one instance per thread, rewrapped
 * per message; the buffer is not copied and must not change while wrapped.
 */
public abstract class Flyweight
{
    /** Byte order of the overlay's own wire formats. */
    public static final ByteOrder WIRE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Byte order of Internet protocol headers (network byte order). */
    public static final ByteOrder NETWORK_ORDER = ByteOrder.BIG_ENDIAN;

    private final ByteOrder byteOrder;
    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;
    private int length;

    /**
     * @param byteOrder of every multi-byte field this flyweight reads and writes: {@link #WIRE_ORDER} or
     *                  {@link #NETWORK_ORDER}.
     */
    protected Flyweight(final ByteOrder byteOrder)
    {
        this.byteOrder = byteOrder;
    }

    /**
     * Points this flyweight at {@code length} bytes of {@code buffer} from {@code offset}. Writes through the
     * put methods need a {@link MutableDirectBuffer}.
     *
     * @throws IndexOutOfBoundsException when the window does not lie inside the buffer (a caller's bug, never
     *                                   a property of received bytes).
     */
    protected final void wrapBuffer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new IndexOutOfBoundsException(
                "window offset=" + offset + " length=" + length + " outside capacity=" + buffer.capacity());
        }
        this.buffer = buffer;
        this.mutableBuffer = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        this.length = length;
    }

    /** @return the byte order of this flyweight's fields. */
    public final ByteOrder byteOrder()
    {
        return byteOrder;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the wrapped buffer for writing, or null when it is read-only. */
    protected final MutableDirectBuffer mutableBuffer()
    {
        return mutableBuffer;
    }

    /** @return offset of the window's first byte in the buffer. */
    public final int offset()
    {
        return offset;
    }

    /** @return length of the window in bytes, as wrapped. */
    public final int length()
    {
        return length;
    }

    /** @return the unsigned byte at {@code field} from the window's start. */
    protected final int uint8(final int field)
    {
        return buffer.getByte(offset + field) & 0xFF;
    }

    /** @return the unsigned 16-bit field at {@code field} from the window's start. */
    protected final int uint16(final int field)
    {
        return buffer.getShort(offset + field, byteOrder) & 0xFFFF;
    }

    /** @return the 32-bit field at {@code field} from the window's start. */
    protected final int int32(final int field)
    {
        return buffer.getInt(offset + field, byteOrder);
    }

    /** @return the 64-bit field at {@code field} from the window's start. */
    protected final long int64(final int field)
    {
        return buffer.getLong(offset + field, byteOrder);
    }

    /** Writes the low byte of {@code value} at {@code field} from the window's start. */
    protected final void putUint8(final int field, final int value)
    {
        mutableBuffer.putByte(offset + field, (byte)value);
    }

    /** Writes the low 16 bits of {@code value} at {@code field} from the window's start. */
    protected final void putUint16(final int field, final int value)
    {
        mutableBuffer.putShort(offset + field, (short)value, byteOrder);
    }

    /** Writes a 32-bit field at {@code field} from the window's start. */
    protected final void putInt32(final int field, final int value)
    {
        mutableBuffer.putInt(offset + field, value, byteOrder);
    }

    /** Writes a 64-bit field at {@code field} from the window's start. */
    protected final void putInt64(final int field, final long value)
    {
        mutableBuffer.putLong(offset + field, value, byteOrder);
    }
}
