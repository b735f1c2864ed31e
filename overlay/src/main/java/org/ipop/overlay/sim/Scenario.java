package org.ipop.overlay.sim;

import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.DeterministicRandom;
import org.ipop.overlay.control.InputJournal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.function.IntFunction;

/**
 * The standard simulated run: seeds start, the other nodes join at a fixed rate through them, the ring
 * settles, routing and load are measured, then a fraction of nodes dies at once and the time until the ring
 * is fully consistent again is measured. Deterministic for its seed. Settings are public fields.
 */
public final class Scenario
{
    private static final long SECOND = 1_000_000_000L;

    /** Number of nodes, seeds included. */
    public int nodes = 1000;
    /** Number of seed nodes. */
    public int seeds = 3;
    /** Nodes started per virtual second after the seeds. */
    public double joinRate = 50;
    /** Frame loss probability. */
    public double loss;
    /** Fraction of nodes killed at once after the ring settles (0 for none). */
    public double killFraction = 0.1;
    /** Seed of the run. */
    public long seed = 1;
    /** Shortcut factor (shortcuts = ceil(factor * log2 N)). */
    public double shortcutFactor = 1.0;
    /** Random pairs for the hop measurement. */
    public int pairs = 10_000;
    /** Longest wait for full consistency after the last node starts, in virtual seconds. */
    public int maxJoinSeconds = 120;
    /** Virtual seconds the ring runs after joining, before measurements. */
    public int settleSeconds = 30;
    /** Longest wait for full consistency after the deaths, in virtual seconds. */
    public int maxRecoverySeconds = 120;
    /** Virtual seconds between state-digest checkpoints (0 for none). */
    public int checkpointSeconds;
    /** Mean interval of ring checks through a seed, in virtual seconds (0 disables them). */
    public int ringCheckSeconds = 300;
    /** Journal of each node. */
    public IntFunction<InputJournal> journals = i -> InputJournal.NULL;

    private Simulator sim;

    /**
     * Runs the scenario.
     *
     * @return the figures.
     */
    public ScenarioResult run()
    {
        final long wallStart = System.nanoTime();
        final ScenarioResult r = new ScenarioResult();
        r.nodes = nodes;
        r.seeds = seeds;
        r.seed = seed;
        r.loss = loss;
        r.shortcutFactor = shortcutFactor;
        sim = new Simulator(seed, seeds, journals).lossRate(loss).shortcutFactor(shortcutFactor)
            .configure(c -> c.ringCheckIntervalNs(ringCheckSeconds * SECOND));
        for (int i = 0; i < nodes; i++)
        {
            final long start = i < seeds ? 0 : SECOND + (long)((i - seeds) * SECOND / joinRate);
            sim.addNode(start);
        }
        final long lastStart = sim.node(nodes - 1).startNs();
        long t = 0;
        double consistency = 0;
        while (true)
        {
            t += SECOND;
            step(t, r);
            consistency = RingMetrics.consistency(sim);
            if (t >= lastStart && consistency >= 1.0 || t > lastStart + maxJoinSeconds * SECOND)
            {
                break;
            }
        }
        r.joinConsistency = consistency;
        r.allJoinedSeconds = consistency >= 1.0 ? t / (double)SECOND : -1;
        final ArrayList<SimNode> live = RingMetrics.live(sim);
        final long[] joins = new long[live.size()];
        int joined = 0;
        for (final SimNode n : live)
        {
            if (n.joinedNs() >= 0)
            {
                joins[joined++] = n.joinedNs() - n.startNs();
            }
        }
        final long[] joinTimes = java.util.Arrays.copyOf(joins, joined);
        r.joinP50 = RingMetrics.percentile(joinTimes, 50) / SECOND;
        r.joinP90 = RingMetrics.percentile(joinTimes, 90) / SECOND;
        r.joinP99 = RingMetrics.percentile(joinTimes, 99) / SECOND;
        r.joinMax = RingMetrics.percentile(joinTimes, 100) / SECOND;

        final long settleEnd = t + settleSeconds * SECOND;
        final long windowStart = settleEnd - Math.min(settleSeconds, 20) * SECOND;
        while (t < windowStart)
        {
            t += SECOND;
            step(t, r);
        }
        final long framesBefore = framesOut();
        final int liveBefore = RingMetrics.live(sim).size();
        while (t < settleEnd)
        {
            t += SECOND;
            step(t, r);
        }
        r.msgsPerNodePerSecond =
            (framesOut() - framesBefore) / (double)liveBefore / ((settleEnd - windowStart) / (double)SECOND);
        r.settledConsistency = RingMetrics.consistency(sim);
        r.connectionsPerNode = RingMetrics.meanConnections(sim, ConnectionType.ALL);
        r.nearPerNode = RingMetrics.meanConnections(sim, ConnectionType.NEAR);
        r.shortcutsPerNode = RingMetrics.meanConnections(sim, ConnectionType.SHORTCUT);
        measureHops(r);

        if (killFraction > 0)
        {
            final ArrayList<SimNode> alive = RingMetrics.live(sim);
            final int kill = (int)Math.round(alive.size() * killFraction);
            final DeterministicRandom rnd = sim.random();
            for (int k = 0; k < kill; k++)
            {
                final int j = k + rnd.nextInt(alive.size() - k);
                final SimNode victim = alive.get(j);
                alive.set(j, alive.get(k));
                alive.set(k, victim);
                sim.kill(victim.index());
            }
            r.killed = kill;
            final long killTime = t;
            r.consistencyAfterKill = RingMetrics.consistency(sim);
            double c = r.consistencyAfterKill;
            while (c < 1.0 && t < killTime + maxRecoverySeconds * SECOND)
            {
                t += SECOND;
                step(t, r);
                c = RingMetrics.consistency(sim);
            }
            r.recoveredConsistency = c;
            r.recoverySeconds = c >= 1.0 ? (t - killTime) / (double)SECOND : -1;
        }
        r.virtualSeconds = t / (double)SECOND;
        r.framesDelivered = sim.delivered();
        r.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        r.peakHeapMb = Math.max(r.peakHeapMb, heapMb());
        return r;
    }

    private void measureHops(final ScenarioResult r)
    {
        final int[] hops = RingMetrics.greedyHops(sim, pairs, new DeterministicRandom(seed ^ 0x5EED));
        long sum = 0;
        int ok = 0;
        final long[] good = new long[hops.length];
        for (final int h : hops)
        {
            if (h >= 0)
            {
                sum += h;
                good[ok++] = h;
            }
        }
        final long[] okHops = java.util.Arrays.copyOf(good, ok);
        r.hopsMean = ok == 0 ? -1 : sum / (double)ok;
        r.hopsP50 = RingMetrics.percentile(okHops, 50);
        r.hopsP99 = RingMetrics.percentile(okHops, 99);
        r.hopsMax = RingMetrics.percentile(okHops, 100);
        r.routingFailures = hops.length - ok;
    }

    /** @return the simulator of the last run. */
    public Simulator simulator()
    {
        return sim;
    }

    private void step(final long t, final ScenarioResult r)
    {
        sim.runUntil(t);
        if (checkpointSeconds > 0 && (t / SECOND) % checkpointSeconds == 0)
        {
            for (final SimNode n : sim.nodes())
            {
                if (!n.dead())
                {
                    n.plane().checkpoint(t);
                }
            }
        }
        if ((t / SECOND) % 10 == 0)
        {
            r.peakHeapMb = Math.max(r.peakHeapMb, heapMb());
        }
    }

    private long framesOut()
    {
        long total = 0;
        for (final SimNode n : sim.nodes())
        {
            total += n.plane().counters().get(ControlCounter.FRAMES_OUT);
        }
        return total;
    }

    private static double heapMb()
    {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
}
