package org.ipop.engine.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The one reader and writer of a 160-bit overlay address (20 bytes), for the engine and the overlay alike
 * (the overlay's {@code Address} reads and writes its bytes here). The address is held without objects as
 * three words, most significant first, each in {@link Flyweight#WIRE_ORDER}:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                word 0: bits 159..96 (int64)                   |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                word 1: bits 95..32 (int64)                    |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                word 2: bits 31..0 (int32)                     | 16
 *  +---------------------------------------------------------------+
 * </pre>
 * Word 0 is the 64-bit prefix the engine's tables key on.
 */
public final class NodeAddress
{
    /** Bytes in a node address. */
    public static final int LENGTH = 20;
    /** Offset of word 0 (bits 159..96). */
    public static final int WORD0_OFFSET = 0;
    /** Offset of word 1 (bits 95..32). */
    public static final int WORD1_OFFSET = 8;
    /** Offset of word 2 (bits 31..0). */
    public static final int WORD2_OFFSET = 16;

    private NodeAddress()
    {
    }

    /** @return bits 159..96 of the address at {@code offset}. */
    public static long word0(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + WORD0_OFFSET, Flyweight.WIRE_ORDER);
    }

    /** @return bits 95..32 of the address at {@code offset}. */
    public static long word1(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + WORD1_OFFSET, Flyweight.WIRE_ORDER);
    }

    /** @return bits 31..0 of the address at {@code offset}. */
    public static int word2(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + WORD2_OFFSET, Flyweight.WIRE_ORDER);
    }

    /** Writes an address given as words at {@code offset}. */
    public static void put(
        final MutableDirectBuffer buffer, final int offset, final long word0, final long word1, final int word2)
    {
        buffer.putLong(offset + WORD0_OFFSET, word0, Flyweight.WIRE_ORDER);
        buffer.putLong(offset + WORD1_OFFSET, word1, Flyweight.WIRE_ORDER);
        buffer.putInt(offset + WORD2_OFFSET, word2, Flyweight.WIRE_ORDER);
    }

    /** @return true when the 20 bytes at the offset equal the address given as words. */
    public static boolean equals(
        final DirectBuffer buffer, final int offset, final long word0, final long word1, final int word2)
    {
        return word0(buffer, offset) == word0 && word1(buffer, offset) == word1 && word2(buffer, offset) == word2;
    }
}
