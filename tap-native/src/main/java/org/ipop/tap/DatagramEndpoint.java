package org.ipop.tap;

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
     * @return the number sent (fewer when the socket would block), or {@code -errno} when the first fails.
     */
    int sendBatch(long address, int length, int count);

    /** @return the local IPv4 address in network byte order as an int (as in the records). */
    int localAddress();

    /** @return the local UDP port the socket is bound to (useful after binding port 0). */
    int localPort();

    /** Closes the socket; idempotent. */
    @Override
    void close();
}
