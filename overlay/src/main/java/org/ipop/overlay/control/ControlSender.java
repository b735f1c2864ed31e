package org.ipop.overlay.control;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.wire.FrameHeader;

/**
 * The one way control frames leave a node: every frame is counted, folded into the running outbound hash (part
 * of the {@link StateDigest}, so a replay proves it sent the same bytes to the same addresses) and handed to the
 * {@link ControlTransport}. Owns the shared send buffer that the linker and the messaging roles write a frame
 * into before {@link #send}. Control-plane thread only; allocates nothing per frame.
 */
final class ControlSender
{
    private final ControlTransport transport;
    private final ControlCounters counters;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private long outboundHash = 1;

    ControlSender(final ControlTransport transport, final ControlCounters counters)
    {
        this.transport = transport;
        this.counters = counters;
    }

    /** @return the shared buffer a frame is written into (at offset 0) before {@link #send}. */
    UnsafeBuffer sendBuffer()
    {
        return sendBuffer;
    }

    /** @return running hash of every frame sent, destination included. */
    long outboundHash()
    {
        return outboundHash;
    }

    /**
     * Sends the frame at offset 0 of the shared send buffer.
     *
     * @param dst    packed transport address.
     * @param length frame length.
     */
    void send(final long dst, final int length)
    {
        sendFrom(sendBuffer, dst, length);
    }

    /**
     * Sends the frame at offset 0 of {@code buffer}; a refusal by the transport is counted, not retried.
     *
     * @param buffer the frame; read only during the call.
     * @param dst    packed transport address.
     * @param length frame length.
     */
    void sendFrom(final UnsafeBuffer buffer, final long dst, final int length)
    {
        long h = outboundHash * 31 + dst;
        for (int i = 0; i < length; i++)
        {
            h = h * 31 + buffer.getByte(i);
        }
        outboundHash = h;
        counters.increment(ControlCounter.FRAMES_OUT);
        if (!transport.sendControl(TransportAddress.ip(dst), TransportAddress.port(dst), buffer, 0, length))
        {
            counters.increment(ControlCounter.SEND_FAILED);
        }
    }
}
