package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;

/** A test {@link FrameDevice}: reads frames queued by the test, records frames written. Single threaded. */
class QueueFrameDevice implements FrameDevice
{
    final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    final List<byte[]> written = new ArrayList<>();
    int writeResult = Integer.MAX_VALUE;
    RuntimeException readFailure;
    /** Written, as the C library does, to the reserved field of the record that stops a partial batch. */
    int stopErrno;
    boolean closed;

    @Override
    public int readBatch(final long address, final int capacity, final int maxFrames)
    {
        if (null != readFailure)
        {
            throw readFailure;
        }
        final UnsafeBuffer target = new UnsafeBuffer(address, capacity);
        int offset = 0;
        int count = 0;
        while (count < maxFrames && !inbound.isEmpty())
        {
            final byte[] frame = inbound.peek();
            final int recordLength = FrameBatchDescriptor.recordLength(frame.length);
            if (offset + recordLength > capacity)
            {
                break;
            }
            inbound.poll();
            target.putInt(offset, frame.length);
            target.putInt(offset + 4, 0);
            target.putBytes(offset + FrameBatchDescriptor.HEADER_LENGTH, frame);
            offset += recordLength;
            count++;
        }
        return count;
    }

    @Override
    public int writeBatch(final long address, final int length, final int frameCount)
    {
        if (writeResult < 0)
        {
            return writeResult;
        }
        final UnsafeBuffer source = new UnsafeBuffer(address, length);
        final int accepted = Math.min(frameCount, writeResult);
        int offset = 0;
        for (int i = 0; i < accepted; i++)
        {
            final int frameLength = source.getInt(offset);
            final byte[] frame = new byte[frameLength];
            source.getBytes(offset + FrameBatchDescriptor.HEADER_LENGTH, frame);
            written.add(frame);
            offset += FrameBatchDescriptor.recordLength(frameLength);
        }
        if (accepted < frameCount)
        {
            source.putInt(offset + FrameBatchDescriptor.RESERVED_OFFSET, stopErrno);
        }
        return accepted;
    }

    @Override
    public String name()
    {
        return "queue0";
    }

    @Override
    public void close()
    {
        closed = true;
    }
}
