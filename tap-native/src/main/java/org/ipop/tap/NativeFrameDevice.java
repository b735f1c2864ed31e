package org.ipop.tap;

/**
 * A TAP device of the C library: the settings read back after configuration, shared by the JNI and JNA
 * bridges, whose subclasses make the hot-path calls (static natives or JNA direct mapping).
 * <p>
 * Threading and buffers as in {@link FrameDevice}: one reader thread and one writer thread; the buffers
 * stay owned by the caller and are not referenced after a call returns. After {@link #close()} the batch
 * calls return {@code -EBADF}. Hot-path calls do not allocate.
 * <p>
 * {@link #readBatch}: {@code capacity} must be at least {@link FrameBatchDescriptor#HEADER_LENGTH} +
 * {@link #maxFrameLength()} bytes, else the call returns {@code -EINVAL}; a read stops before the remaining
 * space could truncate a frame. A frame longer than the space left (only if the MTU was raised outside this
 * process) is dropped, never truncated: the call returns {@code -EMSGSIZE} when it was the first frame, else
 * the frames before it. {@link #writeBatch} returns {@code -EINVAL} when the first record is malformed
 * (length not positive or past {@code length}).
 */
public abstract class NativeFrameDevice extends NativeHandle implements FrameDevice
{
    private final String name;
    private final int mtu;
    final int maxFrameLength;
    private final byte[] mac;

    NativeFrameDevice(
        final int fd, final String name, final int mtu, final int maxFrameLength, final byte[] mac, final DescriptorCalls calls)
    {
        super(fd, calls);
        this.name = name;
        this.mtu = mtu;
        this.maxFrameLength = maxFrameLength;
        this.mac = mac.clone();
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
    String describe()
    {
        return "TAP " + name;
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{name=" + name + ", fd=" + fd + ", mtu=" + mtu + "}";
    }
}
