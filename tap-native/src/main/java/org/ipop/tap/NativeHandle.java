package org.ipop.tap;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Owns one file descriptor of the C library and closes it exactly once: {@link #close()} swaps the
 * descriptor for -1 atomically, so concurrent or repeated closes close it once, and later hot-path calls
 * pass -1 to C and return {@code -EBADF} rather than touching a descriptor number the process reused.
 */
abstract class NativeHandle implements PollableDescriptor, AutoCloseable
{
    private static final AtomicIntegerFieldUpdater<NativeHandle> FD_UPDATER =
        AtomicIntegerFieldUpdater.newUpdater(NativeHandle.class, "fd");

    /** The descriptor, or -1 once closed; read by subclasses on every hot-path call. */
    volatile int fd;

    /** The bridge's calls on the descriptor itself. */
    final DescriptorCalls calls;

    NativeHandle(final int fd, final DescriptorCalls calls)
    {
        this.fd = fd;
        this.calls = calls;
    }

    /** @return the file descriptor (e.g. for poll/epoll), or -1 once closed. */
    @Override
    public int fd()
    {
        return fd;
    }

    /**
     * Waits on this descriptor alone; see {@link PollableDescriptor#awaitReadable(int, long)}.
     *
     * @return 1 when readable, 0 on timeout, {@code -EINTR} when a signal ended the wait, {@code -EBADF} once
     *         closed, {@code -EINVAL} for a negative timeout (a bounded wait; the three-descriptor form waits
     *         without a limit).
     */
    public int awaitReadable(final long timeoutNs)
    {
        if (timeoutNs < 0)
        {
            return -Errno.EINVAL;
        }
        return calls.waitReadable(fd, -1, -1, timeoutNs);
    }

    @Override
    public int awaitReadable(final int otherFd, final int thirdFd, final long timeoutNs)
    {
        return calls.waitReadable(fd, otherFd, thirdFd, timeoutNs);
    }

    /** @return true once {@link #close()} has been called. */
    public boolean isClosed()
    {
        return fd < 0;
    }

    /**
     * Closes the descriptor; idempotent and safe to call from any thread, but only after the threads doing
     * I/O on this object have stopped.
     *
     * @throws NativeException when the kernel reports the close failed (the descriptor is gone anyway).
     */
    @Override
    public void close()
    {
        final int old = FD_UPDATER.getAndSet(this, -1);
        if (old >= 0)
        {
            final int result = calls.close(old);
            if (result < 0)
            {
                throw NativeErrors.close(describe(), old, result);
            }
        }
    }

    /** @return what this descriptor is, for messages, e.g. {@code TAP ipop0}. */
    abstract String describe();
}
