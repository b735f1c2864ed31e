package org.ipop.tap;

/**
 * A file descriptor a thread can wait on until it is readable, so an idle thread sleeps in the kernel and
 * wakes the moment input arrives, instead of parking for a fixed time. Implemented by the native devices
 * and endpoints of both bridges ({@code ipop_wait_readable}, {@code ppoll(2)}).
 * <p>
 * Threading: the thread that reads the descriptor waits on it; waiting does not consume input. Waiting
 * does not allocate.
 */
public interface PollableDescriptor
{
    /** @return the file descriptor, or -1 once closed. */
    int fd();

    /**
     * Waits until this descriptor or {@code otherFd} is readable (or has an error or hang-up a read would
     * report), or until {@code timeoutNs} has passed, whichever comes first.
     *
     * @param otherFd   a second descriptor to wait on at the same time (e.g. {@link #fd()} of another
     *                  {@code PollableDescriptor}), or a negative value to wait on this one alone.
     * @param timeoutNs the longest wait in nanoseconds; 0 only checks.
     * @return the number of descriptors ready (1 or 2); 0 on timeout or when a signal ended the wait early;
     *         {@code -EBADF} when this descriptor is closed or either is not open; {@code -EINVAL} when
     *         {@code timeoutNs} is negative.
     */
    int awaitReadable(int otherFd, long timeoutNs);
}
