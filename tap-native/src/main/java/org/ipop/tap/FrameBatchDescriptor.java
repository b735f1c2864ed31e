package org.ipop.tap;

/**
 * Layout of a frame record in a batch buffer, shared by the C library ({@code ipop_tap.h}) and Java.
 * Records follow each other; each starts at an 8-byte aligned offset from the batch start.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Frame Length (int32, host order)             |
 *  +---------------------------------------------------------------+
 *  |                  Reserved (0) / stop errno                    |
 *  +---------------------------------------------------------------+
 *  |                  Ethernet frame ...                          ...
 *  +---------------------------------------------------------------+
 *  |                  padding to the next multiple of 8            |
 * </pre>
 * Reserved is written as 0. A {@link FrameDevice#writeBatch} that stops before its last record sets the reserved
 * field of the record that stopped it to the errno that stopped it, or 0 when the device would block
 * (read at {@link #RESERVED_OFFSET} of that record).
 */
public final class FrameBatchDescriptor
{
    public static final int LENGTH_OFFSET = 0;
    public static final int RESERVED_OFFSET = 4;
    public static final int HEADER_LENGTH = 8;
    public static final int ALIGNMENT = 8;

    private FrameBatchDescriptor()
    {
    }

    /** @return bytes a record with a frame of {@code frameLength} bytes occupies, padding included. */
    public static int recordLength(final int frameLength)
    {
        return (HEADER_LENGTH + frameLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
