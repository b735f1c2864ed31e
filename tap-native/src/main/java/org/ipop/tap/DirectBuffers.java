package org.ipop.tap;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers for the batch calls, which take a memory address: allocation aligned for records, and
 * the address of a direct buffer. Setup-time helpers: they allocate; keep the buffers and addresses they
 * return for the life of the agent using them.
 */
public final class DirectBuffers
{
    private DirectBuffers()
    {
    }

    /**
     * @param capacity bytes the caller may use from the returned buffer's position 0.
     * @param alignment power of two the buffer's address is a multiple of (e.g. a record alignment or 64).
     * @return a direct buffer in native byte order whose address is aligned; the caller owns it and must keep
     *         it reachable while native code uses its address.
     */
    public static ByteBuffer allocateAligned(final int capacity, final int alignment)
    {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1)
        {
            throw new IllegalArgumentException("alignment must be a power of two, got: " + alignment);
        }
        return ByteBuffer.allocateDirect(capacity + alignment - 1).alignedSlice(alignment).limit(capacity)
            .slice().order(ByteOrder.nativeOrder());
    }

    /**
     * @return the address of the first byte of a direct buffer (its position 0).
     * @throws IllegalArgumentException when the buffer is not direct.
     */
    public static long address(final ByteBuffer buffer)
    {
        if (!buffer.isDirect())
        {
            throw new IllegalArgumentException("buffer must be direct (ByteBuffer.allocateDirect)");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
