package org.ipop.engine.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A 160-bit overlay node address (20 bytes) held without objects as three words: two longs and an int,
 * read little-endian from bytes 0-7, 8-15 and 16-19. Word 0 is the 64-bit prefix tables key on.
 */
public final class NodeAddress
{
    /** Bytes in a node address. */
    public static final int LENGTH = 20;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private NodeAddress()
    {
    }

    public static long word0(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ORDER);
    }

    public static long word1(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ORDER);
    }

    public static int word2(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + 16, ORDER);
    }

    /** Writes an address given as words. */
    public static void put(
        final MutableDirectBuffer buffer, final int offset, final long word0, final long word1, final int word2)
    {
        buffer.putLong(offset, word0, ORDER);
        buffer.putLong(offset + 8, word1, ORDER);
        buffer.putInt(offset + 16, word2, ORDER);
    }

    /** @return true when the 20 bytes at the offset equal the address given as words. */
    public static boolean equals(
        final DirectBuffer buffer, final int offset, final long word0, final long word1, final int word2)
    {
        return buffer.getLong(offset, ORDER) == word0 &&
            buffer.getLong(offset + 8, ORDER) == word1 &&
            buffer.getInt(offset + 16, ORDER) == word2;
    }
}
