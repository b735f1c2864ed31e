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
 * {@code length}, or non-zero flags other than {@link SessionKeys#FLAG_SEAL} with a table attached).
 */
public abstract class NativeDatagramEndpoint extends NativeHandle implements DatagramEndpoint
{
    private final int localAddress;
    private final int localPort;
    final int maxDatagramLength;
    /** The attached key table, or null: the batch calls then seal and open (read once per call). */
    volatile NativeSessionKeys keys;

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

    /**
     * Attaches a table opened by either bridge (both call the same library); with it, a send is
     * {@code ipop_udp_send_sealed_batch} (seal, then sendmmsg; rejected records count as sent and are not) and a
     * receive is {@code ipop_udp_receive_open_batch} (recvmmsg, then open each datagram before packing).
     */
    @Override
    public void attachKeys(final SessionKeys keys)
    {
        if (keys != null && !(keys instanceof NativeSessionKeys))
        {
            throw new IllegalArgumentException("not a native session-key table: " + keys);
        }
        this.keys = (NativeSessionKeys)keys;
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
