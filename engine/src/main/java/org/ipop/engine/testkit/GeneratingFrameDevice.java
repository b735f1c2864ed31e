package org.ipop.engine.testkit;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;

/**
 * A {@link FrameDevice} that reads copies of preset template frames in rotation, as many as asked, and
 * counts what is written to it (keeping a copy of the last frame written). Never allocates after
 * construction. Reads and writes may come from different threads; the counts are published with
 * release semantics for readers on other threads.
 */
public final class GeneratingFrameDevice implements FrameDevice
{
    private static final int MAX_FRAME = 65536;

    private final UnsafeBuffer readTarget = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer writeSource = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer[] templates;
    private final UnsafeBuffer lastWritten = new UnsafeBuffer(new byte[MAX_FRAME]);
    private int nextTemplate;
    private volatile long framesRead;
    private volatile long framesWritten;
    private volatile long bytesWritten;
    private int lastWrittenLength;
    private volatile long readLimit = Long.MAX_VALUE;

    /** @param templates frames to read in rotation; copied. */
    public GeneratingFrameDevice(final byte[]... templates)
    {
        this.templates = new UnsafeBuffer[templates.length];
        for (int i = 0; i < templates.length; i++)
        {
            this.templates[i] = new UnsafeBuffer(templates[i].clone());
        }
    }

    /** Stops reading frames once {@code limit} frames in total have been read (reads then return 0); any thread. */
    public GeneratingFrameDevice readLimit(final long limit)
    {
        this.readLimit = limit;
        return this;
    }

    @Override
    public int readBatch(final long address, final int capacity, final int maxFrames)
    {
        if (0 == templates.length)
        {
            return 0;
        }
        final UnsafeBuffer target = readTarget;
        target.wrap(address, capacity);
        final long limit = readLimit;
        long read = framesRead;
        int offset = 0;
        int count = 0;
        while (count < maxFrames && read < limit)
        {
            final UnsafeBuffer template = templates[nextTemplate];
            final int length = template.capacity();
            final int recordLength = FrameBatchDescriptor.recordLength(length);
            if (offset + recordLength > capacity)
            {
                break;
            }
            target.putInt(offset + FrameBatchDescriptor.LENGTH_OFFSET, length);
            target.putInt(offset + FrameBatchDescriptor.RESERVED_OFFSET, 0);
            target.putBytes(offset + FrameBatchDescriptor.HEADER_LENGTH, template, 0, length);
            offset += recordLength;
            count++;
            read++;
            if (++nextTemplate == templates.length)
            {
                nextTemplate = 0;
            }
        }
        framesRead = read;
        return count;
    }

    @Override
    public int writeBatch(final long address, final int length, final int frameCount)
    {
        final UnsafeBuffer source = writeSource;
        source.wrap(address, length);
        long bytes = 0;
        int offset = 0;
        int lastOffset = 0;
        int lastLength = 0;
        for (int i = 0; i < frameCount; i++)
        {
            final int frameLength = source.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET);
            lastOffset = offset + FrameBatchDescriptor.HEADER_LENGTH;
            lastLength = frameLength;
            bytes += frameLength;
            offset += FrameBatchDescriptor.recordLength(frameLength);
        }
        if (frameCount > 0)
        {
            lastWritten.putBytes(0, source, lastOffset, Math.min(lastLength, MAX_FRAME));
            lastWrittenLength = lastLength;
        }
        bytesWritten += bytes;
        framesWritten += frameCount;
        return frameCount;
    }

    /** @return frames read so far. */
    public long framesRead()
    {
        return framesRead;
    }

    /** @return frames written so far. */
    public long framesWritten()
    {
        return framesWritten;
    }

    /** @return bytes of frames written so far. */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    /** @return the last frame written (valid up to {@link #lastWrittenLength()}); writer thread only. */
    public UnsafeBuffer lastWritten()
    {
        return lastWritten;
    }

    public int lastWrittenLength()
    {
        return lastWrittenLength;
    }

    @Override
    public String name()
    {
        return "generating0";
    }

    @Override
    public void close()
    {
    }
}
