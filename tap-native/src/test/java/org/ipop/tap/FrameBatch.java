package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A direct buffer of frame records for tests: {@link #add} encodes records as {@link FrameBatchDescriptor}
 * describes them, {@link #decode} reads records back and checks their framing (reserved and padding
 * bytes zero).
 */
final class FrameBatch
{
    final ByteBuffer buffer;
    final long address;
    int length;
    int count;

    FrameBatch(final int capacity)
    {
        buffer = DirectBuffers.allocateAligned(capacity, 64);
        address = DirectBuffers.address(buffer);
    }

    int capacity()
    {
        return buffer.capacity();
    }

    /** Asserts native code wrote nothing at or after {@code offset} since {@link #clear()}. */
    void assertUntouchedFrom(final int offset)
    {
        for (int i = offset; i < buffer.capacity(); i++)
        {
            assertEquals((byte)0xFF, buffer.get(i), "byte " + i + " beyond the capacity passed was written");
        }
    }

    /** Empties the batch and fills the buffer with 0xFF so stale bytes are visible. */
    FrameBatch clear()
    {
        for (int i = 0; i < buffer.capacity(); i++)
        {
            buffer.put(i, (byte)0xFF);
        }
        length = 0;
        count = 0;
        return this;
    }

    FrameBatch add(final byte[] frame)
    {
        buffer.putInt(length + FrameBatchDescriptor.LENGTH_OFFSET, frame.length);
        buffer.putInt(length + FrameBatchDescriptor.RESERVED_OFFSET, 0);
        buffer.put(length + FrameBatchDescriptor.HEADER_LENGTH, frame);
        length += FrameBatchDescriptor.recordLength(frame.length);
        count++;
        return this;
    }

    /** Decodes the first record without checking its padding (for a record ending at the capacity). */
    byte[] decodeUnpadded()
    {
        final byte[] frame = new byte[buffer.getInt(FrameBatchDescriptor.LENGTH_OFFSET)];
        buffer.get(FrameBatchDescriptor.HEADER_LENGTH, frame);
        return frame;
    }

    /** Decodes {@code frames} records from the start of the buffer, asserting their framing. */
    List<byte[]> decode(final int frames)
    {
        final List<byte[]> result = new ArrayList<>(frames);
        int offset = 0;
        for (int i = 0; i < frames; i++)
        {
            assertEquals(0, offset % FrameBatchDescriptor.ALIGNMENT, "record " + i + " aligned");
            final int frameLength = buffer.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET);
            assertTrue(frameLength > 0 && offset + FrameBatchDescriptor.HEADER_LENGTH + frameLength <= capacity(),
                "record " + i + " length " + frameLength);
            assertEquals(0, buffer.getInt(offset + FrameBatchDescriptor.RESERVED_OFFSET), "record " + i + " reserved");
            final byte[] frame = new byte[frameLength];
            buffer.get(offset + FrameBatchDescriptor.HEADER_LENGTH, frame);
            result.add(frame);
            final int end = offset + FrameBatchDescriptor.recordLength(frameLength);
            for (int p = offset + FrameBatchDescriptor.HEADER_LENGTH + frameLength; p < end; p++)
            {
                assertEquals(0, buffer.get(p), "record " + i + " padding at " + p);
            }
            offset = end;
        }
        return result;
    }
}
