package org.ipop.tap;

/**
 * A TAP device driven through JNA (direct mapping of the exported C functions): each batch call is one native call that loops
 * {@code read(2)}/{@code write(2)} in C. Obtained from {@code Bridges.byName("jna").openTap(config)}.
 * <p>
 * Threading and buffers as in {@link FrameDevice}: one reader thread and one writer thread; the buffers
 * stay owned by the caller and are not referenced after a call returns. After {@link #close()} the batch
 * calls return {@code -EBADF}. Hot-path calls do not allocate.
 */
public final class JnaFrameDevice extends NativeFrameDevice
{
    JnaFrameDevice(final int fd, final String name, final int mtu, final int maxFrameLength, final byte[] mac)
    {
        super(fd, name, mtu, maxFrameLength, mac, JnaDescriptorCalls.INSTANCE);
    }

    @Override
    public int readBatch(final long address, final int capacity, final int maxFrames)
    {
        return JnaNatives.ipop_tap_read_batch(fd, address, capacity, maxFrames, maxFrameLength);
    }

    @Override
    public int writeBatch(final long address, final int length, final int frameCount)
    {
        return JnaNatives.ipop_tap_write_batch(fd, address, length, frameCount);
    }
}
