package org.ipop.engine.control;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Commands the command ring could not take, kept in offer order until it can: the control side's overflow, so a
 * full ring delays commands instead of losing them. Each entry is the message type followed by the command
 * payload as it goes on the ring:
 * <pre>
 *   | type (4) | command payload (RingDescriptor layouts) ... |
 * </pre>
 * The storage is allocated once at its full capacity, so appending and draining never allocate. Used by the
 * one thread that sends commands; not thread safe.
 */
final class CommandBacklog implements ExpandableRingBuffer.MessageConsumer
{
    /** Offset of the command payload in an entry, after the message type. */
    static final int PAYLOAD_OFFSET = 4;

    private final ExpandableRingBuffer entries;
    private RingBuffer target;
    private int drained;

    /** @param capacity bytes of storage, a power of two; each entry takes its length plus 8, aligned to 8. */
    CommandBacklog(final int capacity)
    {
        entries = new ExpandableRingBuffer(capacity, capacity, false);
    }

    /** @return true when no command waits. */
    boolean isEmpty()
    {
        return entries.isEmpty();
    }

    /**
     * Appends one entry (type at {@code offset}, payload after it) behind the ones waiting.
     *
     * @return false when the storage is full: nothing was appended.
     */
    boolean append(final DirectBuffer buffer, final int offset, final int length)
    {
        return entries.append(buffer, offset, length);
    }

    /**
     * Writes waiting commands to {@code ring}, oldest first, until the ring refuses one (it stays first).
     *
     * @return commands written.
     */
    int drainTo(final RingBuffer ring)
    {
        target = ring;
        drained = 0;
        try
        {
            entries.consume(this, Integer.MAX_VALUE);
            return drained;
        }
        finally
        {
            target = null;
        }
    }

    @Override
    public boolean onMessage(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        if (target.write(buffer.getInt(offset), buffer, offset + PAYLOAD_OFFSET, length - PAYLOAD_OFFSET))
        {
            drained++;
            return true;
        }
        return false;
    }
}
