package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;

/**
 * A {@link SessionKeys} that follows the record contract without any cryptography, and allocates nothing: sealing
 * sets the AEAD flag and writes the slot as the peer's index (the tag bytes stay as they are); opening marks every
 * AEAD-flagged frame for the local node or all zeros opened (length less the tag, reserved = the header's session
 * id). It lets the allocation test measure the agents' sealed paths, which {@link
 * org.ipop.engine.testkit.JdkSessionKeys} (allocating in the JDK's ciphers) would hide.
 */
final class MarkingSessionKeys implements SessionKeys
{
    private final UnsafeBuffer batch = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer localNode = new UnsafeBuffer(new byte[NODE_LENGTH]);
    private long counter;

    @Override
    public int capacity()
    {
        return 1024;
    }

    @Override
    public void localNode(final byte[] node)
    {
        localNode.putBytes(0, node);
    }

    @Override
    public void install(
        final int slot, final int cipher, final byte[] peerNode, final int peerIndex, final byte[] sendKey, final byte[] receiveKey)
    {
    }

    @Override
    public void remove(final int slot)
    {
    }

    @Override
    public boolean isActive(final int slot)
    {
        return true;
    }

    @Override
    public long sendCounter(final int slot)
    {
        return counter;
    }

    @Override
    public int sealBatch(final long address, final int length, final int count)
    {
        final UnsafeBuffer buffer = batch;
        buffer.wrap(address, length);
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            final int datagramLength = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            if (0 != (buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & FLAG_SEAL))
            {
                final int frame = offset + DatagramBatchDescriptor.HEADER_LENGTH;
                buffer.putByte(frame + OverlayFrameFlyweight.FLAGS_OFFSET, (byte)OverlayFrameFlyweight.FLAG_AEAD);
                buffer.putInt(frame + OverlayFrameFlyweight.SESSION_ID_OFFSET,
                    buffer.getInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET), ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(frame + OverlayFrameFlyweight.NONCE_OFFSET, ++counter, ByteOrder.LITTLE_ENDIAN);
            }
            offset += DatagramBatchDescriptor.recordLength(datagramLength);
        }
        return 0;
    }

    @Override
    public int openBatch(final long address, final int capacity, final int count)
    {
        final UnsafeBuffer buffer = batch;
        buffer.wrap(address, capacity);
        int opened = 0;
        int offset = 0;
        int writeOffset = 0;
        for (int i = 0; i < count; i++)
        {
            final int datagramLength = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            final int frame = offset + DatagramBatchDescriptor.HEADER_LENGTH;
            int length = datagramLength;
            if (datagramLength >= OverlayFrameFlyweight.HEADER_LENGTH + TAG_LENGTH &&
                0 != (buffer.getByte(frame + OverlayFrameFlyweight.FLAGS_OFFSET) & OverlayFrameFlyweight.FLAG_AEAD) &&
                isZeroOrLocal(buffer, frame + OverlayFrameFlyweight.DST_NODE_OFFSET))
            {
                length = datagramLength - TAG_LENGTH;
                buffer.putInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET, length);
                buffer.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)FLAG_OPENED);
                buffer.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET,
                    buffer.getInt(frame + OverlayFrameFlyweight.SESSION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
                opened++;
            }
            if (writeOffset != offset)
            {
                // the batch stays packed, as the C library keeps it
                buffer.putBytes(writeOffset, buffer, offset, DatagramBatchDescriptor.HEADER_LENGTH + length);
            }
            writeOffset += DatagramBatchDescriptor.recordLength(length);
            offset += DatagramBatchDescriptor.recordLength(datagramLength);
        }
        return opened;
    }

    private boolean isZeroOrLocal(final UnsafeBuffer buffer, final int offset)
    {
        boolean zero = true;
        boolean local = true;
        for (int i = 0; i < NodeAddress.LENGTH; i++)
        {
            final byte b = buffer.getByte(offset + i);
            zero &= 0 == b;
            local &= localNode.getByte(i) == b;
        }
        return zero || local;
    }

    @Override
    public void close()
    {
    }
}
