package org.ipop.overlay.sim;

import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.control.InputJournal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * A {@link Simulator} with a {@link ReplicatedDht} attached to every node (commands timed by the virtual clock):
 * the harness of the DHT tests (overlay and tools) and the lease benchmark. Single-threaded; deterministic for
 * its seed.
 */
public final class DhtSimulation
{
    private static final long SECOND = 1_000_000_000L;

    private final Simulator simulator;
    private final DhtContext context;
    private final ArrayList<ReplicatedDht> dhts = new ArrayList<>();

    /**
     * @param seed     seed of the run.
     * @param seeds    seed (bootstrap) nodes.
     * @param context  DHT settings of every node.
     * @param journals journal of each node by index.
     */
    public DhtSimulation(
        final long seed, final int seeds, final DhtContext context, final IntFunction<InputJournal> journals)
    {
        this.simulator = new Simulator(seed, seeds, journals);
        this.context = context.conclude();
    }

    /**
     * Adds {@code count} nodes starting at {@code joinRate} per virtual second from now.
     *
     * @param count    nodes.
     * @param joinRate nodes per second.
     * @return this.
     */
    public DhtSimulation addNodes(final int count, final double joinRate)
    {
        final long start = simulator.now();
        for (int i = 0; i < count; i++)
        {
            final SimNode n = simulator.addNode(start + (long)(i * SECOND / joinRate));
            dhts.add(ReplicatedDht.attach(n.plane(), context).clock(simulator::now));
        }
        return this;
    }

    /**
     * Runs until every node has started and every live node has its correct left and right neighbours.
     *
     * @param maxSeconds virtual seconds to wait at most.
     * @return true if consistent.
     */
    public boolean runUntilConsistent(final int maxSeconds)
    {
        long lastStart = 0;
        for (final SimNode n : simulator.nodes())
        {
            lastStart = Math.max(lastStart, n.startNs());
        }
        simulator.runUntil(Math.max(simulator.now(), lastStart + SECOND));
        return runUntil(() -> RingMetrics.consistency(simulator) >= 1.0, maxSeconds * SECOND, SECOND);
    }

    /**
     * Runs in steps until {@code done} holds or the time is up.
     *
     * @param done   condition checked after each step.
     * @param maxNs  virtual time to wait at most.
     * @param stepNs step.
     * @return true if the condition held.
     */
    public boolean runUntil(final BooleanSupplier done, final long maxNs, final long stepNs)
    {
        final long end = simulator.now() + maxNs;
        while (!done.getAsBoolean())
        {
            if (simulator.now() >= end)
            {
                return false;
            }
            simulator.runUntil(simulator.now() + stepNs);
        }
        return true;
    }

    /**
     * @param seconds virtual seconds to run.
     */
    public void runFor(final double seconds)
    {
        simulator.runUntil(simulator.now() + (long)(seconds * SECOND));
    }

    /** @return the simulator. */
    public Simulator simulator()
    {
        return simulator;
    }

    /**
     * @param index node index.
     * @return its DHT.
     */
    public ReplicatedDht dht(final int index)
    {
        return dhts.get(index);
    }

    /** @return every node's DHT, by index. */
    public List<ReplicatedDht> dhts()
    {
        return dhts;
    }

    /**
     * @param index node index.
     * @return true if the node was killed.
     */
    public boolean dead(final int index)
    {
        return simulator.node(index).dead();
    }
}
