package org.ipop.engine.idle;

import org.ipop.tap.Doorbell;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Wakes one consumer thread that blocks in the kernel when its rings are empty: the consumer
 * {@link #arm() arms} before it blocks (then checks its rings once more), and a producer that has just
 * committed a record {@link #signal() signals}, which rings the doorbell only if the consumer is armed, so a
 * busy consumer costs its producers a fence and a read and never a system call (the "need wakeup" flag of
 * io_uring's SQPOLL thread and of the kernel's socket wait queues).
 * <p>
 * Why no wake-up is lost: the consumer stores {@code armed = 1} (volatile) and then reads the rings' tail;
 * a producer stores the record (release) and then, after a full fence, reads {@code armed}. Each side's store
 * precedes its load, so at least one side sees the other's store: either the consumer sees the record and
 * does not block, or the producer sees the flag and rings. The compare-and-set means one producer rings per
 * sleep however many signal at once.
 * <p>
 * A wake-up without a doorbell ({@code null}: devices that are not descriptors, INVOKER tests) never lets its
 * consumer block: {@link #arm()} returns false and the idle strategy parks for a bounded time as before.
 * <p>
 * Threading: {@link #signal()} from any producer thread; {@link #arm()}, {@link #disarm()} and
 * {@link #drain()} by the one consumer thread; {@link #close()} by the owner. No method allocates.
 */
public final class ConsumerWakeup implements AutoCloseable
{
    private static final VarHandle ARMED;

    static
    {
        try
        {
            ARMED = MethodHandles.lookup().findVarHandle(ConsumerWakeup.class, "armed", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Doorbell doorbell;
    private volatile int armed;
    private volatile boolean closed;

    /** @param doorbell the consumer's doorbell, owned by this wake-up from now on; null never blocks. */
    public ConsumerWakeup(final Doorbell doorbell)
    {
        this.doorbell = doorbell;
    }

    /** @return a wake-up without a doorbell: its consumer never blocks without a timeout. */
    public static ConsumerWakeup none()
    {
        return new ConsumerWakeup(null);
    }

    /**
     * Called by a producer after it committed a record: rings the doorbell if the consumer is armed.
     *
     * @return true when this call rang the doorbell.
     */
    public boolean signal()
    {
        VarHandle.fullFence();
        if (1 == armed && ARMED.compareAndSet(this, 1, 0))
        {
            doorbell.ring();
            return true;
        }
        return false;
    }

    /**
     * Called by the consumer right before it checks its rings a last time and blocks.
     *
     * @return true when armed: block on {@link #fd()} with the other descriptors; false when the consumer must
     *         not block without a timeout (no doorbell, or closing).
     */
    public boolean arm()
    {
        if (null == doorbell || closed)
        {
            return false;
        }
        armed = 1;
        if (closed)
        {
            armed = 0;
            return false;
        }
        return true;
    }

    /** Called by the consumer when it did not block or has woken: producers stop ringing. */
    public void disarm()
    {
        ARMED.setRelease(this, 0);
    }

    /** Clears the doorbell after a wake, so the next wait blocks until the next ring. */
    public void drain()
    {
        if (null != doorbell)
        {
            doorbell.drain();
        }
    }

    /** @return the doorbell's descriptor to wait on, or -1 without a doorbell. */
    public int fd()
    {
        return null == doorbell ? -1 : doorbell.fd();
    }

    /** @return the doorbell, or null. */
    public Doorbell doorbell()
    {
        return doorbell;
    }

    /** @return true while the consumer is armed (for tests and diagnostics; racy by nature). */
    public boolean isArmed()
    {
        return 1 == armed;
    }

    /**
     * Stops the consumer from blocking without a timeout and wakes it if it does, so its runner can see that
     * it must stop. The doorbell stays open until {@link #close()}.
     */
    public void wakeForClose()
    {
        closed = true;
        if (null != doorbell)
        {
            doorbell.ring();
        }
    }

    /** {@link #wakeForClose()}, then closes the doorbell: call once the consumer thread has stopped. */
    @Override
    public void close()
    {
        wakeForClose();
        if (null != doorbell)
        {
            doorbell.close();
        }
    }

    @Override
    public String toString()
    {
        return "ConsumerWakeup{doorbell=" + doorbell + ", armed=" + armed + ", closed=" + closed + "}";
    }
}
