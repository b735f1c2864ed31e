package org.ipop.tap;

/**
 * A UDP socket driven through JNA (direct mapping of the exported C functions): each batch call is one native call around
 * {@code recvmmsg}/{@code sendmmsg}. Obtained from {@code Bridges.byName("jna").openUdp(config)}.
 * <p>
 * Threading and buffers as in {@link DatagramEndpoint}: one receiving and one sending thread; buffers stay
 * owned by the caller. After {@link #close()} the batch calls return {@code -EBADF}. Hot-path calls do not
 * allocate.
 */
public final class JnaDatagramEndpoint extends NativeDatagramEndpoint
{
    JnaDatagramEndpoint(final int fd, final int localAddress, final int localPort, final int maxDatagramLength)
    {
        super(fd, localAddress, localPort, maxDatagramLength, JnaDescriptorCalls.INSTANCE);
    }

    @Override
    public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
    {
        final NativeSessionKeys keys = this.keys;
        return keys == null ?
            JnaNatives.ipop_udp_receive_batch(fd, address, capacity, maxDatagrams, maxDatagramLength) :
            JnaNatives.ipop_udp_receive_open_batch(fd, keys.handle(), address, capacity, maxDatagrams, maxDatagramLength);
    }

    @Override
    public int sendBatch(final long address, final int length, final int count)
    {
        final NativeSessionKeys keys = this.keys;
        return keys == null ?
            JnaNatives.ipop_udp_send_batch(fd, address, length, count) :
            JnaNatives.ipop_udp_send_sealed_batch(fd, keys.handle(), address, length, count);
    }

    @Override
    public int receiveBufferSize()
    {
        return JnaNatives.ipop_udp_buffer_size(fd, 1);
    }

    @Override
    public int sendBufferSize()
    {
        return JnaNatives.ipop_udp_buffer_size(fd, 0);
    }
}
