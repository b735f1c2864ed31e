package org.ipop.overlay.service;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.ipop.overlay.service.frame.FrameSink;

/**
 * Test sink: copies every frame written to the TAP; can be told to refuse frames.
 */
public final class CapturingFrameSink implements FrameSink
{
    public final List<byte[]> frames = new ArrayList<>();
    public boolean refuse;

    @Override
    public boolean writeToTap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (refuse)
        {
            return false;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(copy);
        return true;
    }

    public byte[] takeOnly()
    {
        if (frames.size() != 1)
        {
            throw new AssertionError("expected exactly one frame, got " + frames.size());
        }
        return frames.remove(0);
    }
}
