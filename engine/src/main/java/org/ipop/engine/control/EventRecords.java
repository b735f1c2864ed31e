package org.ipop.engine.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static org.ipop.engine.control.RingDescriptor.EVENT_ADDRESS_OFFSET;
import static org.ipop.engine.control.RingDescriptor.EVENT_PAYLOAD_OFFSET;
import static org.ipop.engine.control.RingDescriptor.EVENT_PORT_OFFSET;
import static org.ipop.engine.control.RingDescriptor.EVENT_TIME_OFFSET;

/**
 * Writes one record of the event ring (layout in {@link RingDescriptor}): two ints (address and port of a
 * CONTROL_FRAME, reason and 0 of a TAP_FRAME or PEER_FRAME), a time and a frame. Stateless, allocation free.
 */
public final class EventRecords
{
    private EventRecords()
    {
    }

    /**
     * @param ring   the event ring.
     * @param type   {@link RingDescriptor#CONTROL_FRAME}, {@link RingDescriptor#TAP_FRAME} or
     *               {@link RingDescriptor#PEER_FRAME}.
     * @param word0  the record's first int (address or reason).
     * @param word1  the record's second int (port or 0).
     * @param timeNs receive or read time.
     * @return false when the ring is full (nothing written).
     */
    public static boolean offer(
        final RingBuffer ring,
        final int type,
        final int word0,
        final int word1,
        final long timeNs,
        final DirectBuffer frame,
        final int offset,
        final int length)
    {
        final int index = ring.tryClaim(type, EVENT_PAYLOAD_OFFSET + length);
        if (index <= 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + EVENT_ADDRESS_OFFSET, word0);   // EVENT_REASON_OFFSET is the same word
        buffer.putInt(index + EVENT_PORT_OFFSET, word1);
        buffer.putLong(index + EVENT_TIME_OFFSET, timeNs);
        buffer.putBytes(index + EVENT_PAYLOAD_OFFSET, frame, offset, length);
        ring.commit(index);
        return true;
    }
}
