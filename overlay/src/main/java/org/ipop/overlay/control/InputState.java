package org.ipop.overlay.control;

/**
 * The two facts every role of a {@link ControlPlane} reads: the time of the latest input (the journaled clock,
 * never the wall clock) and whether the node has left. Written only by the {@link ControlInputDispatcher} as it
 * applies an input; read by every role on the control-plane thread.
 */
final class InputState
{
    private long nowNs;
    private boolean left;

    /** @return time of the latest input; inputs with earlier times do not move it back. */
    long nowNs()
    {
        return nowNs;
    }

    /** @return true after the leave command. */
    boolean hasLeft()
    {
        return left;
    }

    /**
     * Moves the clock to an input's time, never backwards.
     *
     * @param timeNs the input's journaled time.
     */
    void advance(final long timeNs)
    {
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
    }

    /** Marks the node as having left; it stays so. */
    void leave()
    {
        left = true;
    }
}
