package org.ipop.engine.table;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Per-destination traffic counters, indexed by peer id, in a region of the engine's counters file so
 * other processes can read them too. The overlay reads them to decide on-demand shortcuts.
 * <p>
 * One 128-byte slot per peer id; the two halves have different single writers, so they sit on separate
 * cache lines:
 * <pre>
 *  slot = peerId * 128
 *  +0   frames sent to the peer from the local TAP  (writer: TAP receiver agent)
 *  +8   bytes sent (overlay payload, the Ethernet frame)
 *  +64  frames forwarded toward the peer for other nodes (writer: UDP receiver agent)
 *  +72  bytes forwarded (the whole overlay frame)
 * </pre>
 * Counters only grow; they are not reset when a peer id is removed or reused: readers take differences.
 */
public final class PeerTrafficCounters
{
    public static final int SLOT_LENGTH = 128;
    public static final int SENT_FRAMES_OFFSET = 0;
    public static final int SENT_BYTES_OFFSET = 8;
    public static final int FORWARDED_FRAMES_OFFSET = 64;
    public static final int FORWARDED_BYTES_OFFSET = 72;

    private final AtomicBuffer buffer;
    private final int maxPeers;

    /** @param buffer of at least {@code maxPeers * SLOT_LENGTH} bytes, 8-byte aligned. */
    public PeerTrafficCounters(final AtomicBuffer buffer, final int maxPeers)
    {
        if (buffer.capacity() < requiredLength(maxPeers))
        {
            throw new IllegalArgumentException("traffic buffer too small for " + maxPeers + " peers: " + buffer.capacity());
        }
        buffer.verifyAlignment();
        this.buffer = buffer;
        this.maxPeers = maxPeers;
    }

    /** @return bytes needed for this many peer ids. */
    public static int requiredLength(final int maxPeers)
    {
        return maxPeers * SLOT_LENGTH;
    }

    /** @return the exclusive upper bound of peer ids. */
    public int maxPeers()
    {
        return maxPeers;
    }

    /** Records one frame sent toward {@code peerId}. TAP receiver agent only; peerId must be in range. */
    public void onSent(final int peerId, final int bytes)
    {
        final int slot = peerId * SLOT_LENGTH;
        buffer.putLongRelease(slot + SENT_FRAMES_OFFSET, buffer.getLong(slot + SENT_FRAMES_OFFSET) + 1);
        buffer.putLongRelease(slot + SENT_BYTES_OFFSET, buffer.getLong(slot + SENT_BYTES_OFFSET) + bytes);
    }

    /** Records one frame forwarded toward {@code peerId}. UDP receiver agent only; peerId must be in range. */
    public void onForwarded(final int peerId, final int bytes)
    {
        final int slot = peerId * SLOT_LENGTH;
        buffer.putLongRelease(slot + FORWARDED_FRAMES_OFFSET, buffer.getLong(slot + FORWARDED_FRAMES_OFFSET) + 1);
        buffer.putLongRelease(slot + FORWARDED_BYTES_OFFSET, buffer.getLong(slot + FORWARDED_BYTES_OFFSET) + bytes);
    }

    /** @return frames sent from the local TAP toward the peer; any thread, 0 for an id out of range. */
    public long sentFrames(final int peerId)
    {
        return read(peerId, SENT_FRAMES_OFFSET);
    }

    /** @return bytes sent from the local TAP toward the peer; any thread. */
    public long sentBytes(final int peerId)
    {
        return read(peerId, SENT_BYTES_OFFSET);
    }

    /** @return frames forwarded toward the peer for other nodes; any thread. */
    public long forwardedFrames(final int peerId)
    {
        return read(peerId, FORWARDED_FRAMES_OFFSET);
    }

    /** @return bytes forwarded toward the peer for other nodes; any thread. */
    public long forwardedBytes(final int peerId)
    {
        return read(peerId, FORWARDED_BYTES_OFFSET);
    }

    private long read(final int peerId, final int fieldOffset)
    {
        if (peerId < 0 || peerId >= maxPeers)
        {
            return 0;
        }
        return buffer.getLongVolatile(peerId * SLOT_LENGTH + fieldOffset);
    }
}
