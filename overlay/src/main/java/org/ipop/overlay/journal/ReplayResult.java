package org.ipop.overlay.journal;

import org.ipop.overlay.control.ControlPlane;

/**
 * Outcome of {@link JournalReplayer#replay}.
 */
public final class ReplayResult
{
    private final ControlPlane plane;
    private final long records;
    private final int checkpoints;
    private final int mismatches;
    private final long firstMismatchNs;
    private final long framesSent;

    ReplayResult(
        final ControlPlane plane, final long records, final int checkpoints, final int mismatches,
        final long firstMismatchNs, final long framesSent)
    {
        this.plane = plane;
        this.records = records;
        this.checkpoints = checkpoints;
        this.mismatches = mismatches;
        this.firstMismatchNs = firstMismatchNs;
        this.framesSent = framesSent;
    }

    /** @return the replayed control plane in its final state. */
    public ControlPlane plane()
    {
        return plane;
    }

    /** @return records read. */
    public long records()
    {
        return records;
    }

    /** @return checkpoints compared. */
    public int checkpoints()
    {
        return checkpoints;
    }

    /** @return checkpoints whose digest differed. */
    public int mismatches()
    {
        return mismatches;
    }

    /** @return time of the first mismatching checkpoint, -1 if none. */
    public long firstMismatchNs()
    {
        return firstMismatchNs;
    }

    /** @return frames the replayed control plane sent. */
    public long framesSent()
    {
        return framesSent;
    }
}
