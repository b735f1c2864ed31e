package org.ipop.overlay.address;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * An immutable 160-bit position on the overlay ring, held as three unsigned words ({@code hi} = bits
 * 159..96, {@code mid} = bits 95..32, {@code lo} = bits 31..0). Its 20 bytes, on the wire, in the engine's
 * tables and in DHT values alike, are those of the engine's {@link NodeAddress}: {@code hi}, {@code mid} and
 * {@code lo} are its words 0, 1 and 2.
 * <p>
 * Arithmetic is modulo 2^160. The least significant bit is the class bit: node addresses have it set
 * ({@link #NODE_CLASS}), DHT keys have it clear ({@link #KEY_CLASS}).
 * Instances are safe to share between threads.
 */
public final class Address implements Comparable<Address>
{
    /** Encoded length in bytes. */
    public static final int LENGTH = NodeAddress.LENGTH;
    /** Class bit value of node addresses. */
    public static final int NODE_CLASS = 1;
    /** Class bit value of DHT keys. */
    public static final int KEY_CLASS = 0;
    /** The zero address (also used on the wire for "no target"). */
    public static final Address ZERO = new Address(0, 0, 0);
    /** Half the ring, 2^159. */
    public static final Address HALF = new Address(Long.MIN_VALUE, 0, 0);

    private static final BigInteger RING = BigInteger.ONE.shiftLeft(160);
    private static final long LO_MASK = 0xFFFF_FFFFL;

    private final long hi;
    private final long mid;
    private final int lo;

    private Address(final long hi, final long mid, final int lo)
    {
        this.hi = hi;
        this.mid = mid;
        this.lo = lo;
    }

    /**
     * @param hi  bits 159..96.
     * @param mid bits 95..32.
     * @param lo  bits 31..0.
     * @return the address of those words.
     */
    public static Address of(final long hi, final long mid, final int lo)
    {
        return new Address(hi, mid, lo);
    }

    /**
     * @param bytes at least 20 bytes as {@link #toBytes()} returns them (any 20 bytes, such as a SHA-1
     *              digest, map to an address); only the first 20 are read.
     * @return the address.
     */
    public static Address fromBytes(final byte[] bytes)
    {
        return read(new UnsafeBuffer(bytes), 0);
    }

    /**
     * Reads an address written by {@link #write(MutableDirectBuffer, int)}. The caller checks bounds.
     *
     * @param buffer to read from.
     * @param offset of the first byte.
     * @return the address.
     */
    public static Address read(final DirectBuffer buffer, final int offset)
    {
        return new Address(
            NodeAddress.word0(buffer, offset), NodeAddress.word1(buffer, offset), NodeAddress.word2(buffer, offset));
    }

    /**
     * Writes the 20 bytes of this address (see {@link NodeAddress}).
     *
     * @param buffer to write to.
     * @param offset of the first byte.
     */
    public void write(final MutableDirectBuffer buffer, final int offset)
    {
        NodeAddress.put(buffer, offset, hi, mid, lo);
    }

    /** @return the 20 bytes of this address, as {@link #write} writes them. */
    public byte[] toBytes()
    {
        final byte[] b = new byte[LENGTH];
        write(new UnsafeBuffer(b), 0);
        return b;
    }

    /** @return the class bit, {@link #NODE_CLASS} or {@link #KEY_CLASS}. */
    public int addressClass()
    {
        return lo & 1;
    }

    /**
     * @param cls {@link #NODE_CLASS} or {@link #KEY_CLASS}.
     * @return this address with the class bit set to {@code cls}.
     */
    public Address withClass(final int cls)
    {
        return new Address(hi, mid, (lo & ~1) | (cls & 1));
    }

    /** @return bits 159..96. */
    public long hi()
    {
        return hi;
    }

    /** @return bits 95..32. */
    public long mid()
    {
        return mid;
    }

    /** @return bits 31..0. */
    public int lo()
    {
        return lo;
    }

    /**
     * @param other addend.
     * @return (this + other) mod 2^160.
     */
    public Address add(final Address other)
    {
        final long l = (lo & LO_MASK) + (other.lo & LO_MASK);
        final long carry0 = l >>> 32;
        final long m = mid + other.mid + carry0;
        final long carry1 = Long.compareUnsigned(m, mid) < 0 || (carry0 != 0 && m == mid) ? 1 : 0;
        return new Address(hi + other.hi + carry1, m, (int)l);
    }

    /**
     * @param other subtrahend.
     * @return (this - other) mod 2^160.
     */
    public Address subtract(final Address other)
    {
        final long l = (lo & LO_MASK) - (other.lo & LO_MASK);
        final long borrow0 = l < 0 ? 1 : 0;
        final long m = mid - other.mid - borrow0;
        final long borrow1 = Long.compareUnsigned(mid, other.mid) < 0 || (borrow0 != 0 && mid == other.mid) ? 1 : 0;
        return new Address(hi - other.hi - borrow1, m, (int)l);
    }

    /**
     * Clockwise (increasing) distance from this address to {@code to}.
     *
     * @param to the end point.
     * @return (to - this) mod 2^160.
     */
    public Address clockwiseTo(final Address to)
    {
        return to.subtract(this);
    }

    /**
     * Ring distance min(|x-y|, 2^160-|x-y|).
     *
     * @param other the other address.
     * @return the shorter way round the ring.
     */
    public Address distance(final Address other)
    {
        final Address a = other.subtract(this);
        final Address b = this.subtract(other);
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * @param other the other address.
     * @return true if {@code other} lies less than half the ring clockwise from this address.
     */
    public boolean isClockwise(final Address other)
    {
        return other.subtract(this).hi >= 0 && !other.equals(this);
    }

    /**
     * Compares two distances from this address without allocating more than needed.
     *
     * @param a first address.
     * @param b second address.
     * @return negative if {@code a} is nearer to this than {@code b}, zero if equally near, else positive.
     */
    public int compareDistance(final Address a, final Address b)
    {
        return distance(a).compareTo(distance(b));
    }

    /**
     * @return log2 of this value read as an unsigned 160-bit integer, or negative infinity for zero.
     */
    public double log2()
    {
        if (hi != 0)
        {
            return 96 + log2Of64(hi, mid);
        }
        if (mid != 0)
        {
            return 32 + log2Of64(mid, (lo & LO_MASK) << 32);
        }
        if (lo != 0)
        {
            return Math.log(lo & LO_MASK) / Math.log(2);
        }
        return Double.NEGATIVE_INFINITY;
    }

    private static double log2Of64(final long top, final long next)
    {
        final int lz = Long.numberOfLeadingZeros(top);
        final long bits = lz == 0 ? top : (top << lz) | (next >>> (64 - lz));
        final double mantissa = (double)(bits >>> 11) / (double)(1L << 53);
        return (63 - lz) + 1 + Math.log(mantissa) / Math.log(2);
    }

    /**
     * @param exponent in [0, 160).
     * @return the address nearest 2^exponent (53 significant bits).
     */
    public static Address powerOfTwo(final double exponent)
    {
        if (exponent < 0 || exponent >= 160)
        {
            throw new IllegalArgumentException("exponent out of range: " + exponent);
        }
        final int whole = (int)Math.floor(exponent);
        final long mantissa = (long)(Math.pow(2.0, exponent - whole) * (1L << 52));
        final BigInteger v = whole >= 52 ?
            BigInteger.valueOf(mantissa).shiftLeft(whole - 52) : BigInteger.valueOf(mantissa >>> (52 - whole));
        return fromBigInteger(v);
    }

    /**
     * @param value a non-negative integer below 2^160.
     * @return that integer as an address.
     */
    public static Address fromBigInteger(final BigInteger value)
    {
        final byte[] raw = value.mod(RING).toByteArray();
        final byte[] b = new byte[LENGTH];
        final int n = Math.min(raw.length, LENGTH);
        System.arraycopy(raw, raw.length - n, b, LENGTH - n, n);
        final ByteBuffer bigEndian = ByteBuffer.wrap(b);
        return new Address(bigEndian.getLong(), bigEndian.getLong(), bigEndian.getInt());
    }

    /** @return this address as a non-negative integer. */
    public BigInteger toBigInteger()
    {
        return new BigInteger(1, ByteBuffer.allocate(LENGTH).putLong(hi).putLong(mid).putInt(lo).array());
    }

    @Override
    public int compareTo(final Address o)
    {
        int c = Long.compareUnsigned(hi, o.hi);
        if (c == 0)
        {
            c = Long.compareUnsigned(mid, o.mid);
            if (c == 0)
            {
                c = Integer.compareUnsigned(lo, o.lo);
            }
        }
        return c;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Address))
        {
            return false;
        }
        final Address a = (Address)o;
        return hi == a.hi && mid == a.mid && lo == a.lo;
    }

    @Override
    public int hashCode()
    {
        long h = hi * 0x9E3779B97F4A7C15L + mid;
        h = h * 0x9E3779B97F4A7C15L + lo;
        return (int)(h ^ (h >>> 32));
    }

    @Override
    public String toString()
    {
        // hand-written hex, not String.format: the status file prints every neighbour's address each second
        final StringBuilder out = new StringBuilder(40);
        appendHex(out, hi, 16);
        appendHex(out, mid, 16);
        appendHex(out, lo, 8);
        return out.toString();
    }

    /** @return the first 8 hex digits, enough to tell nodes apart in logs. */
    public String shortString()
    {
        final StringBuilder out = new StringBuilder(8);
        appendHex(out, hi >>> 32, 8);
        return out.toString();
    }

    private static void appendHex(final StringBuilder out, final long value, final int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.append(Character.forDigit((int)(value >>> shift) & 0xF, 16));
        }
    }
}
