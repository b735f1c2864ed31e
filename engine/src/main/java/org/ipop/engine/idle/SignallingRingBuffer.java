package org.ipop.engine.idle;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A ring buffer that {@link ConsumerWakeup#signal() signals} its consumer's wake-up after every record a
 * producer makes visible ({@link #write} and {@link #commit}), so no producer can forget to wake a consumer
 * that sleeps in the kernel. Everything else is the delegate's.
 * <p>
 * Threading and allocation: as the delegate (a {@code ManyToOneRingBuffer} in the engine); signalling does
 * not allocate.
 */
public final class SignallingRingBuffer implements RingBuffer
{
    private final RingBuffer delegate;
    private final ConsumerWakeup wakeup;

    /**
     * @param delegate the ring.
     * @param wakeup   the wake-up of the thread that reads it.
     */
    public SignallingRingBuffer(final RingBuffer delegate, final ConsumerWakeup wakeup)
    {
        this.delegate = delegate;
        this.wakeup = wakeup;
    }

    /** @return the wake-up of this ring's consumer. */
    public ConsumerWakeup wakeup()
    {
        return wakeup;
    }

    /** @return true when a record is claimed or committed and not yet read (racy, for idle checks). */
    public boolean hasRecords()
    {
        return delegate.producerPosition() != delegate.consumerPosition();
    }

    @Override
    public boolean write(final int msgTypeId, final DirectBuffer srcBuffer, final int offset, final int length)
    {
        final boolean written = delegate.write(msgTypeId, srcBuffer, offset, length);
        if (written)
        {
            wakeup.signal();
        }
        return written;
    }

    @Override
    public void commit(final int index)
    {
        delegate.commit(index);
        wakeup.signal();
    }

    @Override
    public int capacity()
    {
        return delegate.capacity();
    }

    @Override
    public int tryClaim(final int msgTypeId, final int length)
    {
        return delegate.tryClaim(msgTypeId, length);
    }

    @Override
    public void abort(final int index)
    {
        delegate.abort(index);
    }

    @Override
    public int read(final MessageHandler handler)
    {
        return delegate.read(handler);
    }

    @Override
    public int read(final MessageHandler handler, final int messageCountLimit)
    {
        return delegate.read(handler, messageCountLimit);
    }

    @Override
    public int controlledRead(final ControlledMessageHandler handler)
    {
        return delegate.controlledRead(handler);
    }

    @Override
    public int controlledRead(final ControlledMessageHandler handler, final int messageCountLimit)
    {
        return delegate.controlledRead(handler, messageCountLimit);
    }

    @Override
    public int maxMsgLength()
    {
        return delegate.maxMsgLength();
    }

    @Override
    public long nextCorrelationId()
    {
        return delegate.nextCorrelationId();
    }

    @Override
    public AtomicBuffer buffer()
    {
        return delegate.buffer();
    }

    @Override
    public void consumerHeartbeatTime(final long time)
    {
        delegate.consumerHeartbeatTime(time);
    }

    @Override
    public long consumerHeartbeatTime()
    {
        return delegate.consumerHeartbeatTime();
    }

    @Override
    public long producerPosition()
    {
        return delegate.producerPosition();
    }

    @Override
    public long consumerPosition()
    {
        return delegate.consumerPosition();
    }

    @Override
    public int size()
    {
        return delegate.size();
    }

    @Override
    public boolean unblock()
    {
        final boolean unblocked = delegate.unblock();
        if (unblocked)
        {
            wakeup.signal();
        }
        return unblocked;
    }

    @Override
    public String toString()
    {
        return "SignallingRingBuffer{" + delegate + "}";
    }
}
