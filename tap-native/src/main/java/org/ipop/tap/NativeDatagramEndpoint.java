package org.ipop.tap;

/**
 * A UDP socket of the C library, shared by the JNI and JNA bridges, whose subclasses make the hot-path
 * calls (static natives or JNA direct mapping).
 * <p>
 * Threading and buffers as in {@link DatagramEndpoint}: one receiving and one sending thread; buffers stay
 * owned by the caller. After {@link #close()} the batch calls return {@code -EBADF}. Hot-path calls do not
 * allocate.
 * <p>
 * {@link #receiveBatch}: each datagram needs a slot of
 * {@code DatagramBatchDescriptor.recordLength(maxDatagramLength())} bytes while receiving; records are packed
 * afterwards. Returns {@code -EINVAL} when {@code capacity} is below one slot. A longer datagram is cut and
 * flagged {@link DatagramBatchDescriptor#FLAG_TRUNCATED}.
 * <p>
 * {@link #sendBatch}: returns {@code -EINVAL} when the first record is malformed (negative length, past
 * {@code length}, or non-zero flags).
 */
public abstract class NativeDatagramEndpoint extends NativeHandle implements DatagramEndpoint
{
    private final int localAddress;
    private final int localPort;
    final int maxDatagramLength;

    NativeDatagramEndpoint(
        final int fd, final int localAddress, final int localPort, final int maxDatagramLength, final DescriptorCalls calls)
    {
        super(fd, calls);
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.maxDatagramLength = maxDatagramLength;
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
    public abstract int receiveBufferSize();

    /** @return the kernel's send buffer size in bytes (SO_SNDBUF, as the kernel doubled it), or -errno. */
    public abstract int sendBufferSize();

    @Override
    String describe()
    {
        return "UDP socket " + NativeErrors.ipv4ToString(localAddress) + ":" + localPort;
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + describe() + ", fd=" + fd + "}";
    }
}
