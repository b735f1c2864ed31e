package org.ipop.overlay.service;

import org.agrona.DirectBuffer;
import org.ipop.overlay.service.frame.FrameSink;

/**
 * Hands reply frames to the {@link FrameSink} and counts them as written or refused.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class TapWriter
{
    private final FrameSink sink;
    private final ServiceCounters counters;

    /**
     * @param sink     the TAP side.
     * @param counters to count in.
     */
    public TapWriter(final FrameSink sink, final ServiceCounters counters)
    {
        this.sink = sink;
        this.counters = counters;
    }

    /**
     * @param buffer holding a complete frame; reusable by the caller once this returns.
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if the sink accepted it.
     */
    public boolean write(final DirectBuffer buffer, final int offset, final int length)
    {
        final boolean written = sink.writeToTap(buffer, offset, length);
        counters.increment(written ? ServiceCounter.FRAMES_OUT : ServiceCounter.TAP_WRITE_FAILED);
        return written;
    }
}
