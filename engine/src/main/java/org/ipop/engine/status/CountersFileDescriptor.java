package org.ipop.engine.status;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Layout of the engine's memory-mapped counters file (in the spirit of Aeron's CnC file). Integers are in
 * native order. The header is followed by four regions, each starting on a 128-byte boundary:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Magic ('IPOP')                          |  0
 *  +---------------------------------------------------------------+
 *  |             Layout Version (written last, 0 = not ready)      |  4
 *  +---------------------------------------------------------------+
 *  |                       Process Id (int64)                      |  8
 *  +---------------------------------------------------------------+
 *  |                 Start Time (epoch ms, int64)                  | 16
 *  +---------------------------------------------------------------+
 *  |                   Counters Metadata Length                    | 24
 *  +---------------------------------------------------------------+
 *  |                    Counters Values Length                     | 28
 *  +---------------------------------------------------------------+
 *  |                       Error Log Length                        | 32
 *  +---------------------------------------------------------------+
 *  |                  Peer Traffic Region Length                   | 36
 *  +---------------------------------------------------------------+
 *  |                  Max Peers (traffic slots)                    | 40
 *  +---------------------------------------------------------------+
 *  |                   Reserved up to byte 128                    ...
 *  +---------------------------------------------------------------+
 *  |  Counters metadata (Agrona CountersManager metadata)         ...
 *  |  Counters values (Agrona CountersManager values)             ...
 *  |  Error log (Agrona DistinctErrorLog)                         ...
 *  |  Peer traffic (see org.ipop.engine.table.PeerTrafficCounters)...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class CountersFileDescriptor
{
    public static final int MAGIC = 0x504F5049;
    public static final int LAYOUT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int PID_OFFSET = 8;
    public static final int START_TIME_OFFSET = 16;
    public static final int METADATA_LENGTH_OFFSET = 24;
    public static final int VALUES_LENGTH_OFFSET = 28;
    public static final int ERROR_LOG_LENGTH_OFFSET = 32;
    public static final int TRAFFIC_LENGTH_OFFSET = 36;
    public static final int MAX_PEERS_OFFSET = 40;
    public static final int HEADER_LENGTH = 128;

    /** Region alignment. */
    public static final int ALIGNMENT = 128;

    private CountersFileDescriptor()
    {
    }

    /** @return total file length for the given region lengths (each already aligned). */
    public static int fileLength(
        final int metadataLength, final int valuesLength, final int errorLogLength, final int trafficLength)
    {
        return HEADER_LENGTH + metadataLength + valuesLength + errorLogLength + trafficLength;
    }

    /** @return the length rounded up to {@link #ALIGNMENT}. */
    public static int align(final int length)
    {
        return BitUtil.align(length, ALIGNMENT);
    }

    public static int metadataOffset(final UnsafeBuffer header)
    {
        return HEADER_LENGTH;
    }

    public static int valuesOffset(final UnsafeBuffer header)
    {
        return HEADER_LENGTH + header.getInt(METADATA_LENGTH_OFFSET);
    }

    public static int errorLogOffset(final UnsafeBuffer header)
    {
        return valuesOffset(header) + header.getInt(VALUES_LENGTH_OFFSET);
    }

    public static int trafficOffset(final UnsafeBuffer header)
    {
        return errorLogOffset(header) + header.getInt(ERROR_LOG_LENGTH_OFFSET);
    }
}
