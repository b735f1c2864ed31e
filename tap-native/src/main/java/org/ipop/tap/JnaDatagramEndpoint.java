package org.ipop.tap;

/**
 * A UDP socket driven through JNA (direct mapping of the exported C functions): each batch call is one native call around
 * {@code recvmmsg}/{@code sendmmsg}. Obtained from {@code Bridges.byName("jna").openUdp(config)}.
 * <p>
 * Threading and buffers as in {@link DatagramEndpoint}: one receiving and one sending thread; buffers stay
 * owned by the caller. After {@link #close()} the batch calls return {@code -EBADF}. Hot-path calls do not
 * allocate.
 */
public final class JnaDatagramEndpoint extends NativeHandle implements DatagramEndpoint
{
    private final int localAddress;
    private final int localPort;
    private final int maxDatagramLength;

    JnaDatagramEndpoint(final int fd, final int localAddress, final int localPort, final int maxDatagramLength)
    {
        super(fd);
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.maxDatagramLength = maxDatagramLength;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Each datagram needs a slot of {@code DatagramBatchDescriptor.recordLength(maxDatagramLength())} bytes
     * while receiving; records are packed afterwards. Returns {@code -EINVAL} when {@code capacity} is below
     * one slot. A longer datagram is cut and flagged {@link DatagramBatchDescriptor#FLAG_TRUNCATED}.
     */
    @Override
    public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
    {
        return JnaNatives.ipop_udp_receive_batch(fd, address, capacity, maxDatagrams, maxDatagramLength);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Returns {@code -EINVAL} when the first record is malformed (negative length, past {@code length}, or
     * non-zero flags).
     */
    @Override
    public int sendBatch(final long address, final int length, final int count)
    {
        return JnaNatives.ipop_udp_send_batch(fd, address, length, count);
    }

    @Override
    public int localAddress()
    {
        return localAddress;
    }

    @Override
    public int localPort()
    {
        return localPort;
    }

    /** @return the largest payload received whole, in bytes (see {@link UdpConfig#maxDatagramLength()}). */
    public int maxDatagramLength()
    {
        return maxDatagramLength;
    }

    /** @return the kernel's receive buffer size in bytes (SO_RCVBUF, as the kernel doubled it), or -errno. */
    public int receiveBufferSize()
    {
        return JnaNatives.ipop_udp_buffer_size(fd, 1);
    }

    /** @return the kernel's send buffer size in bytes (SO_SNDBUF, as the kernel doubled it), or -errno. */
    public int sendBufferSize()
    {
        return JnaNatives.ipop_udp_buffer_size(fd, 0);
    }

    @Override
    int closeNative(final int fd)
    {
        return JnaNatives.ipop_close(fd);
    }

    @Override
    String describe()
    {
        return "UDP socket " + NativeErrors.ipv4ToString(localAddress) + ":" + localPort;
    }

    @Override
    public String toString()
    {
        return "JnaDatagramEndpoint{" + describe() + ", fd=" + fd + "}";
    }
}
