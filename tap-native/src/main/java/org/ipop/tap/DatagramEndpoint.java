package org.ipop.tap;

import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking UDP socket moving datagrams in batches ({@code recvmmsg}/{@code sendmmsg}).
 * <p>
 * Buffers are direct memory passed as an address and a length; records follow
 * {@link DatagramBatchDescriptor}, each carrying the peer's IPv4 address and port.
 * <p>
 * Threading: one receiving thread and one sending thread at most. Hot-path methods return
 * {@code -errno} instead of throwing.
 */
public interface DatagramEndpoint extends AutoCloseable
{
    /**
     * Receives up to {@code maxDatagrams} datagrams, stopping at EAGAIN or when the buffer is full.
     *
     * @return the number of datagrams received (0 when none was ready), or {@code -errno}.
     */
    int receiveBatch(long address, int capacity, int maxDatagrams);

    /**
     * Sends {@code count} datagram records laid out from {@code address}, each to its own peer.
     *
     * @return the number sent, or {@code -errno} when the first fails. Fewer than asked when the socket would
     *         block or a later datagram failed: the record that stopped the batch then tells which
     *         (its {@link DatagramBatchDescriptor#RESERVED_OFFSET reserved field}: the errno, or 0 for would-block).
     */
    int sendBatch(long address, int length, int count);

    /**
     * Waits until a receive could return a datagram, or until {@code timeoutNs} has passed: an idle reader calls it
     * instead of parking, so input ends the wait at once.
     * <p>
     * The native endpoints wait on their descriptor ({@link PollableDescriptor}). This default, for devices
     * that cannot tell when input arrives (fakes, generators), parks the calling thread for the timeout and
     * returns 0, so a caller idling on it is never worse off than one that parks.
     *
     * @param timeoutNs the longest wait in nanoseconds; 0 only checks.
     * @return a positive value when input (or an error a receive would report) is ready; 0 on timeout;
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

    /**
     * Attaches a session-key table: from then on {@link #sendBatch} seals the records flagged
     * {@link SessionKeys#FLAG_SEAL} before sending (records it rejects are marked {@link SessionKeys#FLAG_REJECTED},
     * not sent, and count as consumed), and {@link #receiveBatch} opens what it received (see {@link SessionKeys}).
     * Call once, before the sending and receiving threads start; the caller keeps ownership of the table.
     *
     * @param keys the table.
     * @throws UnsupportedOperationException when the endpoint cannot seal (this default).
     */
    default void attachKeys(final SessionKeys keys)
    {
        throw new UnsupportedOperationException("this endpoint cannot seal or open frames: " + getClass().getName());
    }

    /** @return the local IPv4 address in network byte order as an int (as in the records). */
    int localAddress();

    /** @return the local UDP port the socket is bound to (useful after binding port 0). */
    int localPort();

    /** Closes the socket; idempotent. */
    @Override
    void close();
}
