package org.ipop.tap;

/**
 * A TAP device driven through JNI (static natives registered by {@code JNI_OnLoad}): each batch call is one native call that loops
 * {@code read(2)}/{@code write(2)} in C. Obtained from {@code Bridges.byName("jni").openTap(config)}.
 * <p>
 * Threading and buffers as in {@link FrameDevice}: one reader thread and one writer thread; the buffers
 * stay owned by the caller and are not referenced after a call returns. After {@link #close()} the batch
 * calls return {@code -EBADF}. Hot-path calls do not allocate.
 */
public final class JniFrameDevice extends NativeHandle implements FrameDevice
{
    private final String name;
    private final int mtu;
    private final int maxFrameLength;
    private final byte[] mac;

    JniFrameDevice(final int fd, final String name, final int mtu, final int maxFrameLength, final byte[] mac)
    {
        super(fd);
        this.name = name;
        this.mtu = mtu;
        this.maxFrameLength = maxFrameLength;
        this.mac = mac.clone();
    }

    /**
     * {@inheritDoc}
     * <p>
     * {@code capacity} must be at least {@link FrameBatchDescriptor#HEADER_LENGTH} + {@link #maxFrameLength()}
     * bytes, else the call returns {@code -EINVAL}; a read stops before the remaining space could truncate a
     * frame. A frame longer than the space left (only if the MTU was raised outside this process) is dropped,
     * never truncated: the call returns {@code -EMSGSIZE} when it was the first frame, else the frames before it.
     */
    @Override
    public int readBatch(final long address, final int capacity, final int maxFrames)
    {
        return JniNatives.tapReadBatch(fd, address, capacity, maxFrames, maxFrameLength);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Returns {@code -EINVAL} when the first record is malformed (length not positive or past {@code length}).
     */
    @Override
    public int writeBatch(final long address, final int length, final int frameCount)
    {
        return JniNatives.tapWriteBatch(fd, address, length, frameCount);
    }

    @Override
    public String name()
    {
        return name;
    }

    /** @return the MTU the device was configured with, in bytes of IP packet. */
    public int mtu()
    {
        return mtu;
    }

    /** @return the largest frame a read can return, in bytes (see {@link TapConfig#maxFrameLength()}). */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /** @return a copy of the device's MAC address as read after configuration. */
    public byte[] mac()
    {
        return mac.clone();
    }

    @Override
    int closeNative(final int fd)
    {
        return JniNatives.close(fd);
    }

    @Override
    String describe()
    {
        return "TAP " + name;
    }

    @Override
    public String toString()
    {
        return "JniFrameDevice{name=" + name + ", fd=" + fd + ", mtu=" + mtu + "}";
    }
}
