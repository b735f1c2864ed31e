package org.ipop.engine.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static org.ipop.engine.control.RingDescriptor.*;

/**
 * Delivers the engine's events (received control frames, punted TAP frames, unverified peer frames) to an
 * {@link EngineEventHandler}. Exactly one thread (the control plane's) may call {@link #poll}. Never
 * allocates.
 */
public final class EngineEventPoller implements MessageHandler
{
    private final RingBuffer eventRing;
    private EngineEventHandler handler;

    public EngineEventPoller(final RingBuffer eventRing)
    {
        this.eventRing = eventRing;
    }

    /**
     * Delivers up to {@code limit} pending events, in arrival order per producing agent.
     *
     * @return the number of events delivered.
     */
    public int poll(final EngineEventHandler handler, final int limit)
    {
        this.handler = handler;
        try
        {
            return eventRing.read(this, limit);
        }
        finally
        {
            this.handler = null;
        }
    }

    /** @return bytes of events waiting in the ring (approximate when producers are active). */
    public int backlog()
    {
        return eventRing.size();
    }

    /** Dispatches one ring record; called by the ring during {@link #poll}. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        decode(handler, msgTypeId, buffer, index, length);
    }

    static void decode(
        final EngineEventHandler handler, final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (length < EVENT_PAYLOAD_OFFSET)
        {
            return;
        }
        final long time = buffer.getLong(index + EVENT_TIME_OFFSET);
        final int payloadOffset = index + EVENT_PAYLOAD_OFFSET;
        final int payloadLength = length - EVENT_PAYLOAD_OFFSET;
        if (CONTROL_FRAME == msgTypeId)
        {
            handler.onControlFrame(
                buffer.getInt(index + EVENT_ADDRESS_OFFSET),
                buffer.getInt(index + EVENT_PORT_OFFSET),
                time,
                buffer,
                payloadOffset,
                payloadLength);
        }
        else if (TAP_FRAME == msgTypeId)
        {
            handler.onTapFrame(buffer.getInt(index + EVENT_REASON_OFFSET), time, buffer, payloadOffset, payloadLength);
        }
        else if (PEER_FRAME == msgTypeId)
        {
            handler.onPeerFrame(buffer.getInt(index + EVENT_REASON_OFFSET), time, buffer, payloadOffset, payloadLength);
        }
    }
}
