package org.ipop.tap;

import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking source and sink of Ethernet frames (a TAP device), moved in batches.
 * <p>
 * Buffers are direct memory passed as an address and a length; records inside them follow
 * {@link FrameBatchDescriptor}. Implementations are the JNI bridge and the JNA bridge over the same C
 * functions, and fakes in tests.
 * <p>
 * Threading: one thread reads and one thread writes; they may be different threads. Hot-path methods
 * never throw for I/O errors: they return {@code -errno} (see {@link Errno}).
 */
public interface FrameDevice extends AutoCloseable
{
    /**
     * Reads up to {@code maxFrames} frames, stopping early at EAGAIN or when the next frame might not fit.
     *
     * @param address   start of a direct buffer the frames are written to as records.
     * @param capacity  bytes available from {@code address}; must hold at least one record of MTU size.
     * @param maxFrames upper bound on frames read in this call.
     * @return the number of frames read (0 when none was ready), or {@code -errno} on an error.
     *         The bytes used are the sum of {@link FrameBatchDescriptor#recordLength(int)} over the records.
     */
    int readBatch(long address, int capacity, int maxFrames);

    /**
     * Writes {@code frameCount} frames laid out as records from {@code address}.
     *
     * @return the number of frames written, or {@code -errno} when the first write fails. Fewer than asked when
     *         the device would block or a later write failed: the record that stopped the batch then tells which
     *         (its {@link FrameBatchDescriptor#RESERVED_OFFSET reserved field}: the errno, or 0 for would-block).
     */
    int writeBatch(long address, int length, int frameCount);

    /**
     * Waits until a read could return input, or until {@code timeoutNs} has passed: an idle reader calls it
     * instead of parking, so input ends the wait at once.
     * <p>
     * The native devices wait on their descriptor ({@link PollableDescriptor}). This default, for devices
     * that cannot tell when input arrives (fakes, generators), parks the calling thread for the timeout and
     * returns 0, so a caller idling on it is never worse off than one that parks.
     *
     * @param timeoutNs the longest wait in nanoseconds; 0 only checks.
     * @return a positive value when input (or an error a read would report) is ready; 0 on timeout;
     *         {@code -EBADF} once closed; {@code -EINVAL} when {@code timeoutNs} is negative.
     */
    default int awaitReadable(final long timeoutNs)
    {
        if (timeoutNs < 0)
        {
            return -Errno.EINVAL;
        }
        if (timeoutNs > 0)
        {
            LockSupport.parkNanos(timeoutNs);
        }
        return 0;
    }

    /** @return the interface name, e.g. {@code ipop0}. */
    String name();

    /** Closes the device; idempotent. */
    @Override
    void close();
}
