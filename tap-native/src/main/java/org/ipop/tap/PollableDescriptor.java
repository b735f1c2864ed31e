package org.ipop.tap;

/**
 * A file descriptor a thread can wait on until it is readable, so an idle thread sleeps in the kernel and
 * wakes the moment input arrives, instead of parking for a fixed time. Implemented by the native devices
 * and endpoints of both bridges and by {@link Doorbell}s ({@code ipop_wait_readable}, {@code ppoll(2)}).
 * <p>
 * Threading: the thread that reads the descriptor waits on it; waiting does not consume input. Waiting
 * does not allocate.
 */
public interface PollableDescriptor
{
    /** @return the file descriptor, or -1 once closed. */
    int fd();

    /**
     * Waits until this descriptor, {@code otherFd} or {@code thirdFd} is readable (or has an error or hang-up a
     * read would report), or until {@code timeoutNs} has passed, whichever comes first.
     *
     * @param otherFd   a second descriptor to wait on at the same time (e.g. {@link #fd()} of another
     *                  {@code PollableDescriptor}), or a negative value for none.
     * @param thirdFd   a third descriptor (e.g. a {@link Doorbell}'s), or a negative value for none.
     * @param timeoutNs the longest wait in nanoseconds; 0 only checks; negative waits without a limit.
     * @return the number of descriptors ready (1 to 3); 0 on timeout; {@code -EINTR} when a signal ended the
     *         wait early (not a timeout: wait again if the reason to wait still holds); {@code -EBADF} when
     *         this descriptor is closed or another is not open.
     */
    int awaitReadable(int otherFd, int thirdFd, long timeoutNs);

    /**
     * {@link #awaitReadable(int, int, long)} on this descriptor and {@code otherFd} alone.
     *
     * @param otherFd   a second descriptor, or a negative value for none.
     * @param timeoutNs the longest wait in nanoseconds; 0 only checks; negative waits without a limit.
     * @return as {@link #awaitReadable(int, int, long)}.
     */
    default int awaitReadable(final int otherFd, final long timeoutNs)
    {
        return awaitReadable(otherFd, -1, timeoutNs);
    }
}
