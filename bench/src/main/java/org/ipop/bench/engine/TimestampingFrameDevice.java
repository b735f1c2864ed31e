package org.ipop.bench.engine;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;

/**
 * A TAP stand-in for latency runs: reads emit frames on a fixed schedule, each stamped with its scheduled
 * send time (so a stalled pipeline is charged for the frames it delayed: no coordinated omission); writes
 * record now minus the stamp into a histogram. Reader and writer may be different threads, but the
 * histogram belongs to the writer until {@link #frames()} reaches the expected count.
 */
final class TimestampingFrameDevice implements FrameDevice
{
    /** Offset of the stamp in the frame: just after the IPv4 header. */
    static final int STAMP_OFFSET = 34;

    private final UnsafeBuffer template;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final Histogram histogram;
    private final long intervalNs;
    private final long frameCount;
    private long nextSendNs;
    private long sent;
    private volatile long written;

    TimestampingFrameDevice(final byte[] template, final long intervalNs, final long frameCount, final Histogram histogram)
    {
        this.template = new UnsafeBuffer(template.clone());
        this.intervalNs = intervalNs;
        this.frameCount = frameCount;
        this.histogram = histogram;
    }

    /** Starts the schedule now; frames are due from this point on. */
    void start()
    {
        nextSendNs = System.nanoTime();
    }

    @Override
    public int readBatch(final long address, final int capacity, final int maxFrames)
    {
        if (0 == nextSendNs)
        {
            return 0;
        }
        final long now = System.nanoTime();
        view.wrap(address, capacity);
        final int length = template.capacity();
        final int recordLength = FrameBatchDescriptor.recordLength(length);
        int offset = 0;
        int count = 0;
        while (count < maxFrames && sent < frameCount && nextSendNs <= now && offset + recordLength <= capacity)
        {
            view.putInt(offset + FrameBatchDescriptor.LENGTH_OFFSET, length);
            view.putInt(offset + FrameBatchDescriptor.RESERVED_OFFSET, 0);
            view.putBytes(offset + FrameBatchDescriptor.HEADER_LENGTH, template, 0, length);
            view.putLong(offset + FrameBatchDescriptor.HEADER_LENGTH + STAMP_OFFSET, nextSendNs);
            nextSendNs += intervalNs;
            sent++;
            offset += recordLength;
            count++;
        }
        return count;
    }

    @Override
    public int writeBatch(final long address, final int length, final int frameCount)
    {
        final long now = System.nanoTime();
        view.wrap(address, length);
        int offset = 0;
        for (int i = 0; i < frameCount; i++)
        {
            final int frameLength = view.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET);
            histogram.recordValue(Math.max(0, now - view.getLong(offset + FrameBatchDescriptor.HEADER_LENGTH + STAMP_OFFSET)));
            offset += FrameBatchDescriptor.recordLength(frameLength);
        }
        written += frameCount;
        return frameCount;
    }

    /** @return frames written (received end to end) so far. */
    long frames()
    {
        return written;
    }

    @Override
    public String name()
    {
        return "stamp0";
    }

    @Override
    public void close()
    {
    }
}
