package org.ipop.tap;

/**
 * The calls on a bare file descriptor as one bridge makes them (wait, close, doorbell ring and drain), so the
 * descriptor classes of both bridges share one implementation ({@link NativeHandle}, {@link Doorbell}) and
 * differ only in their batch calls. Each method returns what its C function returns: a non-negative result or
 * {@code -errno}. No method allocates.
 */
interface DescriptorCalls
{
    /** {@code ipop_wait_readable}. */
    int waitReadable(int fdA, int fdB, int fdC, long timeoutNs);

    /** {@code ipop_close}. */
    int close(int fd);

    /** {@code ipop_doorbell_ring}. */
    int doorbellRing(int fd);

    /** {@code ipop_doorbell_drain}. */
    int doorbellDrain(int fd);
}
