package org.ipop.tools.node;

import org.ipop.engine.idle.DeadlineSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;

/**
 * Builds the control side on the control-plane thread itself ({@link #onStart()}), so that the journal's
 * Chronicle appender, which is bound to one thread, is created, written and closed on that thread only;
 * then delegates the duty cycle. {@link #started()} completes once the build succeeded or failed.
 */
final class ControlThreadAgent implements Agent, DeadlineSource
{
    /**
     * What the factory builds.
     *
     * @param agent      the duty-cycle agent.
     * @param finalStep  run after the agent's close (e.g. a last journal checkpoint).
     * @param closeAfter closed last (the journal).
     * @param deadlines  the earliest time the agent has timed work.
     */
    record Parts(Agent agent, Runnable finalStep, AutoCloseable closeAfter, DeadlineSource deadlines)
    {
    }

    private final Supplier<Parts> factory;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private Parts parts;

    ControlThreadAgent(final Supplier<Parts> factory)
    {
        this.factory = factory;
    }

    /** @return completes normally once built, exceptionally when the build threw. */
    CompletableFuture<Void> started()
    {
        return started;
    }

    @Override
    public void onStart()
    {
        try
        {
            parts = factory.get();
            parts.agent().onStart();
            started.complete(null);
        }
        catch (final RuntimeException ex)
        {
            started.completeExceptionally(ex);
            throw ex;
        }
    }

    @Override
    public int doWork() throws Exception
    {
        return parts == null ? 0 : parts.agent().doWork();
    }

    @Override
    public long nextDeadlineNs(final long nowNs)
    {
        return parts == null ? Long.MAX_VALUE : parts.deadlines().nextDeadlineNs(nowNs);
    }

    @Override
    public void onClose()
    {
        if (parts != null)
        {
            try
            {
                parts.agent().onClose();
                parts.finalStep().run();
            }
            finally
            {
                CloseHelper.quietClose(parts.closeAfter());
            }
        }
    }

    @Override
    public String roleName()
    {
        return "ipop-control";
    }
}
