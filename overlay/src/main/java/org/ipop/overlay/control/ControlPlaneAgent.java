package org.ipop.overlay.control;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

/**
 * Runs a {@link ControlPlane} as an Agrona agent on its own thread (or invoked by a caller): each duty cycle
 * drains inbound control frames with a bound and fires the timer tick when it is due. The clock is read here
 * and only here; its values reach the control plane as journaled inputs.
 */
public final class ControlPlaneAgent implements Agent
{
    private static final int POLL_LIMIT = 64;

    private final ControlPlane plane;
    private final ControlInputs inputs;
    private final NanoClock clock;
    private final long checkpointIntervalNs;
    private long nextTickNs;
    private long nextCheckpointNs;

    /**
     * @param plane                the control plane.
     * @param inputs               inbound frames.
     * @param clock                clock for timer ticks.
     * @param checkpointIntervalNs interval of journaled state digests, 0 for none.
     */
    public ControlPlaneAgent(
        final ControlPlane plane, final ControlInputs inputs, final NanoClock clock, final long checkpointIntervalNs)
    {
        this.plane = plane;
        this.inputs = inputs;
        this.clock = clock;
        this.checkpointIntervalNs = checkpointIntervalNs;
    }

    @Override
    public void onStart()
    {
        final long now = clock.nanoTime();
        nextTickNs = now;
        nextCheckpointNs = now + checkpointIntervalNs;
    }

    @Override
    public int doWork()
    {
        int work = inputs.poll(plane, POLL_LIMIT);
        final long now = clock.nanoTime();
        if (now - nextTickNs >= 0)
        {
            plane.onTimer(now);
            nextTickNs = now + plane.config().tickNs();
            work++;
        }
        if (checkpointIntervalNs > 0 && now - nextCheckpointNs >= 0)
        {
            plane.checkpoint(now);
            nextCheckpointNs = now + checkpointIntervalNs;
            work++;
        }
        return work;
    }

    /**
     * @return the time of the next tick or checkpoint: the thread running this agent may sleep until then
     *         unless input wakes it.
     */
    public long nextDeadlineNs()
    {
        return checkpointIntervalNs > 0 && nextCheckpointNs - nextTickNs < 0 ? nextCheckpointNs : nextTickNs;
    }

    @Override
    public void onClose()
    {
        plane.onLeave(clock.nanoTime());
    }

    @Override
    public String roleName()
    {
        return "ipop-control-" + plane.address().shortString();
    }
}
