package org.ipop.tap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Overlay frames (the engine's 56-byte header, then payload and room for the tag) and batches of datagram records
 * with flags and reserved fields, for the {@link SessionKeys} tests.
 */
final class OverlayFrames
{
    static final int HEADER_LENGTH = 56;
    static final int FLAGS_OFFSET = 1;
    static final int TTL_OFFSET = 2;
    static final int HOP_COUNT_OFFSET = 3;
    static final int SESSION_OFFSET = 4;
    static final int NONCE_OFFSET = 8;
    static final int SRC_OFFSET = 16;
    static final int DST_OFFSET = 36;
    static final int FLAG_AEAD = 0x80;
    static final int TYPE_DATA = 1;
    static final int TYPE_CONTROL = 2;
    static final byte[] HOP_BY_HOP = new byte[SessionKeys.NODE_LENGTH];

    /** One decoded record: where it starts, its header fields and a copy of its payload. */
    record Record(int offset, int length, int address, int port, int flags, int reserved, byte[] payload)
    {
    }

    private OverlayFrames()
    {
    }

    /** @return a node address whose 20 bytes are {@code seed, seed + 1, ...}. */
    static byte[] node(final int seed)
    {
        final byte[] node = new byte[SessionKeys.NODE_LENGTH];
        for (int i = 0; i < node.length; i++)
        {
            node[i] = (byte)(seed + i);
        }
        return node;
    }

    /** @return a 32-byte key derived from {@code seed}. */
    static byte[] key(final int seed)
    {
        final byte[] key = new byte[SessionKeys.KEY_LENGTH];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(seed * 31 + i * 7);
        }
        return key;
    }

    /** @return {@code length} bytes of a recognisable pattern. */
    static byte[] payload(final int length, final int seed)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(seed + i * 13);
        }
        return payload;
    }

    /** @return a clear frame: header (version 1, TTL 8), payload, then {@link SessionKeys#TAG_LENGTH} zero bytes. */
    static byte[] frame(final int type, final byte[] source, final byte[] destination, final byte[] payload)
    {
        final byte[] frame = new byte[HEADER_LENGTH + payload.length + SessionKeys.TAG_LENGTH];
        frame[0] = (byte)(0x10 | type);
        frame[TTL_OFFSET] = 8;
        System.arraycopy(source, 0, frame, SRC_OFFSET, source.length);
        System.arraycopy(destination, 0, frame, DST_OFFSET, destination.length);
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
        return frame;
    }

    static int sessionId(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(SESSION_OFFSET);
    }

    static long counter(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getLong(NONCE_OFFSET);
    }

    /** A direct buffer of datagram records whose flags and reserved fields the test sets. */
    static final class Batch
    {
        final ByteBuffer buffer;
        final long address;
        int length;
        int count;

        Batch(final int capacity)
        {
            buffer = DirectBuffers.allocateAligned(capacity, 64);
            address = DirectBuffers.address(buffer);
        }

        int capacityOf()
        {
            return buffer.capacity();
        }

        Batch clear()
        {
            for (int i = 0; i < buffer.capacity(); i++)
            {
                buffer.put(i, (byte)0);
            }
            length = 0;
            count = 0;
            return this;
        }

        /** Appends a record to be sealed with {@code slot}. */
        Batch seal(final int slot, final int peerAddress, final int peerPort, final byte[] frame)
        {
            return add(SessionKeys.FLAG_SEAL, slot, peerAddress, peerPort, frame);
        }

        Batch add(final int flags, final int reserved, final int peerAddress, final int peerPort, final byte[] bytes)
        {
            buffer.putInt(length + DatagramBatchDescriptor.LENGTH_OFFSET, bytes.length);
            buffer.order(ByteOrder.BIG_ENDIAN).putInt(length + DatagramBatchDescriptor.ADDRESS_OFFSET, peerAddress)
                .order(ByteOrder.nativeOrder());
            buffer.putShort(length + DatagramBatchDescriptor.PORT_OFFSET, (short)peerPort);
            buffer.putShort(length + DatagramBatchDescriptor.FLAGS_OFFSET, (short)flags);
            buffer.putInt(length + DatagramBatchDescriptor.RESERVED_OFFSET, reserved);
            buffer.put(length + DatagramBatchDescriptor.HEADER_LENGTH, bytes);
            length += DatagramBatchDescriptor.recordLength(bytes.length);
            count++;
            return this;
        }

        /** @return the first {@code records} records, walked by {@link DatagramBatchDescriptor#recordLength}. */
        List<Record> records(final int records)
        {
            final List<Record> result = new ArrayList<>(records);
            int offset = 0;
            for (int i = 0; i < records; i++)
            {
                final int payloadLength = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
                final int peer = buffer.order(ByteOrder.BIG_ENDIAN).getInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET);
                buffer.order(ByteOrder.nativeOrder());
                final int port = buffer.getShort(offset + DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF;
                final int flags = buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF;
                final int reserved = buffer.getInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET);
                final byte[] payload = new byte[payloadLength];
                buffer.get(offset + DatagramBatchDescriptor.HEADER_LENGTH, payload);
                result.add(new Record(offset, payloadLength, peer, port, flags, reserved, payload));
                offset += DatagramBatchDescriptor.recordLength(payloadLength);
            }
            return result;
        }

        Record record(final int index)
        {
            return records(index + 1).get(index);
        }

        /** Overwrites one byte of record {@code index}'s payload. */
        void putPayloadByte(final int index, final int at, final int value)
        {
            buffer.put(record(index).offset() + DatagramBatchDescriptor.HEADER_LENGTH + at, (byte)value);
        }
    }
}
