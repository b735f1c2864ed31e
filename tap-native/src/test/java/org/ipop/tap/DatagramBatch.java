package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A direct buffer of datagram records for tests, encoded and decoded per {@link DatagramBatchDescriptor}. */
final class DatagramBatch
{
    /** One decoded record; {@code address} as {@code (a << 24) | ... | d}. */
    record Datagram(int address, int port, int flags, byte[] payload)
    {
    }

    final ByteBuffer buffer;
    final long address;
    int length;
    int count;

    DatagramBatch(final int capacity)
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

    DatagramBatch clear()
    {
        for (int i = 0; i < buffer.capacity(); i++)
        {
            buffer.put(i, (byte)0xFF);
        }
        length = 0;
        count = 0;
        return this;
    }

    DatagramBatch add(final int peerAddress, final int peerPort, final byte[] payload)
    {
        buffer.putInt(length + DatagramBatchDescriptor.LENGTH_OFFSET, payload.length);
        buffer.order(ByteOrder.BIG_ENDIAN).putInt(length + DatagramBatchDescriptor.ADDRESS_OFFSET, peerAddress)
            .order(ByteOrder.nativeOrder());
        buffer.putShort(length + DatagramBatchDescriptor.PORT_OFFSET, (short)peerPort);
        buffer.putShort(length + DatagramBatchDescriptor.FLAGS_OFFSET, (short)0);
        buffer.putInt(length + DatagramBatchDescriptor.RESERVED_OFFSET, 0);
        buffer.put(length + DatagramBatchDescriptor.HEADER_LENGTH, payload);
        length += DatagramBatchDescriptor.recordLength(payload.length);
        count++;
        return this;
    }

    List<Datagram> decode(final int datagrams)
    {
        final List<Datagram> result = new ArrayList<>(datagrams);
        int offset = 0;
        for (int i = 0; i < datagrams; i++)
        {
            assertEquals(0, offset % DatagramBatchDescriptor.ALIGNMENT, "record " + i + " aligned");
            final int payloadLength = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            assertTrue(payloadLength >= 0 &&
                offset + DatagramBatchDescriptor.HEADER_LENGTH + payloadLength <= capacity(),
                "record " + i + " length " + payloadLength);
            assertEquals(0, buffer.getInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET), "record " + i + " reserved");
            final int peer = buffer.order(ByteOrder.BIG_ENDIAN).getInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET);
            buffer.order(ByteOrder.nativeOrder());
            final int port = buffer.getShort(offset + DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF;
            final int flags = buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF;
            final byte[] payload = new byte[payloadLength];
            buffer.get(offset + DatagramBatchDescriptor.HEADER_LENGTH, payload);
            result.add(new Datagram(peer, port, flags, payload));
            final int end = offset + DatagramBatchDescriptor.recordLength(payloadLength);
            for (int p = offset + DatagramBatchDescriptor.HEADER_LENGTH + payloadLength; p < end; p++)
            {
                assertEquals(0, buffer.get(p), "record " + i + " padding at " + p);
            }
            offset = end;
        }
        return result;
    }
}
