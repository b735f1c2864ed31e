package org.ipop.engine.idle;

/**
 * An agent whose work, apart from input that wakes it, is due at times it knows: a tick, a retry, a status
 * write. The idle strategy of its thread sleeps until the earliest deadline of its agents.
 */
@FunctionalInterface
public interface DeadlineSource
{
    /**
     * @param nowNs the current time of the agent's clock.
     * @return the time at which the agent next has work (at or before {@code nowNs} when it has work now);
     *         {@link Long#MAX_VALUE} when it has none until input arrives.
     */
    long nextDeadlineNs(long nowNs);
}
