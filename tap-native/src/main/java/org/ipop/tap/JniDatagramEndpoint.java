package org.ipop.tap;

/**
 * A UDP socket driven through JNI (static natives registered by {@code JNI_OnLoad}): each batch call is one native call around
 * {@code recvmmsg}/{@code sendmmsg}. Obtained from {@code Bridges.byName("jni").openUdp(config)}.
 * <p>
 * Threading and buffers as in {@link DatagramEndpoint}: one receiving and one sending thread; buffers stay
 * owned by the caller. After {@link #close()} the batch calls return {@code -EBADF}. Hot-path calls do not
 * allocate.
 */
public final class JniDatagramEndpoint extends NativeDatagramEndpoint
{
    JniDatagramEndpoint(final int fd, final int localAddress, final int localPort, final int maxDatagramLength)
    {
        super(fd, localAddress, localPort, maxDatagramLength, JniDescriptorCalls.INSTANCE);
    }

    @Override
    public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
    {
        final NativeSessionKeys keys = this.keys;
        return keys == null ?
            JniNatives.udpReceiveBatch(fd, address, capacity, maxDatagrams, maxDatagramLength) :
            JniNatives.udpReceiveOpenBatch(fd, keys.handle(), address, capacity, maxDatagrams, maxDatagramLength);
    }

    @Override
    public int sendBatch(final long address, final int length, final int count)
    {
        final NativeSessionKeys keys = this.keys;
        return keys == null ?
            JniNatives.udpSendBatch(fd, address, length, count) :
            JniNatives.udpSendSealedBatch(fd, keys.handle(), address, length, count);
    }

    @Override
    public int receiveBufferSize()
    {
        return JniNatives.udpBufferSize(fd, true);
    }

    @Override
    public int sendBufferSize()
    {
        return JniNatives.udpBufferSize(fd, false);
    }
}
