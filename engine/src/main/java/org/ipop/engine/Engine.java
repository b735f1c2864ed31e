package org.ipop.engine;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipop.engine.agent.EngineConductor;
import org.ipop.engine.agent.TapReceiverAgent;
import org.ipop.engine.agent.UdpReceiverAgent;
import org.ipop.engine.control.EngineEventPoller;
import org.ipop.engine.control.EngineProxy;

import java.util.BitSet;
import java.util.concurrent.ThreadFactory;

/**
 * The data plane of one node: moves frames between a TAP device and a UDP socket by the forwarding
 * tables, and gives the control plane an {@link EngineProxy} and an {@link EngineEventPoller}.
 * <pre>
 *   Engine engine = Engine.launch(new EngineContext().frameDevice(tap).datagramEndpoint(udp));
 *   engine.proxy().setLocalNode(address, 0);
 *   engine.eventPoller().poll(handler, 16);   // on the control plane's thread
 *   engine.close();
 * </pre>
 * {@link #launch} and {@link #close} are called by one owning thread. Threads: {@link ThreadingMode#DEDICATED}
 * starts two (TAP receiver; UDP receiver with the conductor), {@link ThreadingMode#SHARED} one, and in
 * {@link ThreadingMode#INVOKER} mode none: the owner drives the agents with {@link #invoker()}. Idle threads
 * block in the kernel on their descriptors and doorbells ({@link org.ipop.engine.idle}).
 */
public final class Engine implements AutoCloseable
{
    private final EngineContext ctx;
    private final EngineConductor conductor;
    private final TapReceiverAgent tapReceiver;
    private final UdpReceiverAgent udpReceiver;
    private final EngineProxy proxy;
    private final EngineEventPoller eventPoller;
    private final AgentRunner[] runners;
    private final AgentInvoker invoker;
    private boolean closed;

    private Engine(final EngineContext ctx)
    {
        this.ctx = ctx;
        conductor = new EngineConductor(
            ctx.commandRing(),
            ctx.forwardingTable(),
            ctx.puntTable(),
            ctx.counters().commandsApplied,
            ctx.counters().commandsRejected,
            ctx.commandLimit(),
            ctx.sessionKeys());
        tapReceiver = new TapReceiverAgent(ctx);
        udpReceiver = new UdpReceiverAgent(ctx);
        proxy = new EngineProxy(
            ctx.commandRing(),
            ctx.sendRing(),
            ctx.tapWriteRing(),
            ctx.counters(),
            ctx.trafficCounters(),
            ctx.errorHandler(),
            ctx.commandBacklogCapacity(),
            ctx.maxControlLength(),
            ctx.maxFrameLength());
        eventPoller = new EngineEventPoller(ctx.eventRing());

        final ErrorHandler errorHandler = ctx.errorHandler();
        final AtomicCounter errors = null;   // counted once, by the context's CountedErrorHandler
        switch (ctx.threadingMode())
        {
            case INVOKER:
                runners = new AgentRunner[0];
                invoker = new AgentInvoker(errorHandler, errors, new CompositeAgent(conductor, tapReceiver, udpReceiver));
                break;

            case SHARED:
                runners = new AgentRunner[] {
                    new AgentRunner(ctx.sharedIdleStrategy(), errorHandler, errors,
                        new CompositeAgent(conductor, tapReceiver, udpReceiver)) };
                invoker = null;
                break;

            default:
                // The conductor shares the UDP thread: commands are rare, and a thread of its own cost a wake-up
                // per millisecond for nothing. The command ring rings the UDP thread's doorbell.
                runners = new AgentRunner[] {
                    runner(ctx.tapIdleStrategy(), tapReceiver),
                    runner(ctx.udpIdleStrategy(), new CompositeAgent(conductor, udpReceiver)
                    {
                        @Override
                        public String roleName()
                        {
                            return "ipop-udp-receiver";   // the thread's name in top -H; the conductor rides along
                        }
                    }) };
                invoker = null;
                break;
        }
    }

    /**
     * Concludes the context, builds the agents and starts them in the context's threading mode. The engine
     * owns the context's device and endpoint once this returns; if it throws, they stay the caller's.
     *
     * @return the running engine; close it to stop the agents and release the devices.
     * @throws IllegalArgumentException for invalid settings (nothing was created).
     */
    public static Engine launch(final EngineContext ctx)
    {
        ctx.conclude();
        final Engine engine;
        try
        {
            engine = new Engine(ctx);
        }
        catch (final RuntimeException ex)
        {
            ctx.close();
            throw ex;
        }
        engine.start();
        return engine;
    }

    private AgentRunner runner(final IdleStrategy idleStrategy, final Agent agent)
    {
        return new AgentRunner(idleStrategy, ctx.errorHandler(), null, agent);   // counted by the handler
    }

    private void start()
    {
        if (null != invoker)
        {
            invoker.start();
            return;
        }
        if (ThreadingMode.SHARED == ctx.threadingMode())
        {
            AgentRunner.startOnThread(runners[0], threadFactory(ctx.tapCpus(), "ipop-engine"));
        }
        else
        {
            AgentRunner.startOnThread(runners[0], threadFactory(ctx.tapCpus(), "ipop-tap-receiver"));
            AgentRunner.startOnThread(runners[1], threadFactory(ctx.udpCpus(), "ipop-udp-receiver"));
        }
    }

    private ThreadFactory threadFactory(final String cpuList, final String name)
    {
        final BitSet cpus = PinnedThreadFactory.parseCpuList(cpuList);
        if (cpus.isEmpty())
        {
            return new NamedThreadFactory(name);
        }
        return new PinnedThreadFactory(cpus, name, ctx.errorHandler());
    }

    /** @return the context, concluded. */
    public EngineContext context()
    {
        return ctx;
    }

    /** @return the proxy the control plane sends frames and commands with; usable from any thread. */
    public EngineProxy proxy()
    {
        return proxy;
    }

    /** @return the poller the control plane receives events with; one polling thread. */
    public EngineEventPoller eventPoller()
    {
        return eventPoller;
    }

    /**
     * @return the invoker driving conductor, TAP receiver and UDP receiver in that order with each
     *         {@link AgentInvoker#invoke()}, or null unless the threading mode is INVOKER.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /** @return the conductor agent (for INVOKER-mode tests and benchmarks that drive one agent). */
    public EngineConductor conductor()
    {
        return conductor;
    }

    /** @return the TAP receiver agent (for INVOKER-mode tests and benchmarks that drive one agent). */
    public TapReceiverAgent tapReceiver()
    {
        return tapReceiver;
    }

    /** @return the UDP receiver agent (for INVOKER-mode tests and benchmarks that drive one agent). */
    public UdpReceiverAgent udpReceiver()
    {
        return udpReceiver;
    }

    /**
     * Stops the agents (joining their threads), closes the TAP device, the UDP socket and the session-key table
     * (which wipes the keys), and unmaps (and by default deletes) the counters file. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        ctx.wakeForClose();   // threads blocked on their doorbells must wake to see their runners stop
        CloseHelper.closeAll(runners);
        CloseHelper.close(invoker);
        CloseHelper.closeAll(ctx.frameDevice(), ctx.datagramEndpoint(), ctx.sessionKeys());
        ctx.close();
    }

    /** Plain named threads. */
    static final class NamedThreadFactory implements ThreadFactory
    {
        private final String name;

        NamedThreadFactory(final String name)
        {
            this.name = name;
        }

        @Override
        public Thread newThread(final Runnable runnable)
        {
            return new Thread(runnable, name);
        }
    }
}
