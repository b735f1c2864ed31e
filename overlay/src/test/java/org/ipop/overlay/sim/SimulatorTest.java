package org.ipop.overlay.sim;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.StateDigest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest
{
    private static final long SECOND = 1_000_000_000L;

    private static Scenario scenario(final int nodes, final long seed)
    {
        final Scenario s = new Scenario();
        s.nodes = nodes;
        s.seed = seed;
        s.joinRate = 50;
        s.pairs = 2000;
        s.settleSeconds = 20;
        s.killFraction = 0;
        return s;
    }

    @Test
    void shouldJoinEveryNodeIntoAConsistentRingAndRouteGreedily()
    {
        final Scenario s = scenario(300, 3);
        final ScenarioResult r = s.run();
        assertEquals(1.0, r.joinConsistency, r.toJson());
        assertEquals(1.0, r.settledConsistency, r.toJson());
        assertEquals(0, r.routingFailures, r.toJson());
        final double log2n = Math.log(300) / Math.log(2);
        assertTrue(r.hopsMean <= 0.5 * log2n + 1, r.toJson());
        assertTrue(r.hopsP99 <= log2n, r.toJson());
        assertTrue(r.shortcutsPerNode >= Math.ceil(log2n) - 1, r.toJson());
        for (final SimNode n : s.simulator().nodes())
        {
            final ConnectionTable t = n.plane().table();
            assertEquals(t.size(), n.dataPlane().edges().size(), "every connection shows up as a data-plane edge");
            for (int i = 0; i < t.size(); i++)
            {
                assertEquals(t.get(i).transport(), n.dataPlane().edges().get(t.get(i).peer()));
            }
        }
    }

    @Test
    void shouldRepairTheRingWhenTenPercentOfNodesDieAtOnce()
    {
        final Scenario s = scenario(300, 5);
        s.killFraction = 0.1;
        s.maxRecoverySeconds = 60;
        final ScenarioResult r = s.run();
        assertEquals(30, r.killed);
        assertTrue(r.consistencyAfterKill < 1.0, r.toJson());
        assertEquals(1.0, r.recoveredConsistency, r.toJson());
        long timedOut = 0;
        for (final SimNode n : s.simulator().nodes())
        {
            timedOut += n.plane().counters().get(ControlCounter.EDGES_TIMED_OUT);
        }
        assertTrue(timedOut > 0, "dead neighbours are found by unanswered pings");
    }

    @Test
    void shouldConvergeUnderFivePercentMessageLoss()
    {
        final Scenario s = scenario(150, 7);
        s.loss = 0.05;
        s.killFraction = 0.1;
        final ScenarioResult r = s.run();
        assertEquals(1.0, r.joinConsistency, r.toJson());
        assertEquals(1.0, r.recoveredConsistency, r.toJson());
    }

    @Test
    void shouldProduceTheSameRunForTheSameSeed()
    {
        final List<String> first = digests(scenario(80, 11));
        final List<String> second = digests(scenario(80, 11));
        final List<String> other = digests(scenario(80, 12));
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    private static List<String> digests(final Scenario s)
    {
        s.loss = 0.02;
        s.killFraction = 0.1;
        s.run();
        final List<String> d = new ArrayList<>();
        for (final SimNode n : s.simulator().nodes())
        {
            d.add(StateDigest.hex(StateDigest.compute(n.plane())));
        }
        return d;
    }

    @Test
    void shouldRepairQuicklyWhenANodeLeavesGracefully()
    {
        final Scenario s = scenario(60, 13);
        s.run();
        final Simulator sim = s.simulator();
        final SimNode leaver = sim.node(30);
        leaver.plane().onLeave(sim.now());
        sim.kill(30);
        sim.runUntil(sim.now() + 5 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim), "closes tell neighbours at once, long before ping timeouts");
    }

    @Test
    void shouldKeepTheRingThroughAShortPartition()
    {
        final Scenario s = scenario(60, 17);
        s.run();
        final Simulator sim = s.simulator();
        final int[] groups = new int[60];
        for (int i = 30; i < 60; i++)
        {
            groups[i] = 1;
        }
        sim.partition(groups);
        sim.runUntil(sim.now() + 3 * SECOND);
        sim.partition(null);
        sim.runUntil(sim.now() + 40 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim));
    }

    @Test
    void shouldMakeAndDropAnOnDemandShortcutFromTrafficCounters()
    {
        final Scenario s = scenario(60, 19);
        s.shortcutFactor = 0;
        s.run();
        final Simulator sim = s.simulator();
        final SimNode a = sim.node(10);
        SimNode b = null;
        for (final SimNode n : sim.nodes())
        {
            if (n != a && a.plane().table().get(n.plane().address()) == null)
            {
                b = n;
                break;
            }
        }
        final Address target = b.plane().address();
        for (int i = 0; i < 10; i++)
        {
            a.plane().onTrafficSample(sim.now(), target, 100);
            sim.runUntil(sim.now() + SECOND);
        }
        final Connection ab = a.plane().table().get(target);
        final Connection ba = b.plane().table().get(a.plane().address());
        assertTrue(ab != null && (ab.types() & ConnectionType.ON_DEMAND) != 0, "on-demand shortcut made");
        assertTrue(ba != null && (ba.types() & ConnectionType.ON_DEMAND) != 0, "one connection at the far end too");
        assertEquals(target, a.dataPlane().nextHops().get(target));
        sim.runUntil(sim.now() + 30 * SECOND);
        assertNull(a.plane().table().get(target), "dropped once traffic decays");
        assertNull(b.plane().table().get(a.plane().address()));
        assertNull(a.dataPlane().nextHops().get(target));
    }

    @Test
    void shouldJoinAThousandNodesAndRecoverFromTenPercentDeathsWithinSixtySeconds()
    {
        final Scenario s = scenario(1000, 31);
        s.killFraction = 0.1;
        s.maxRecoverySeconds = 60;
        s.pairs = 5000;
        final ScenarioResult r = s.run();
        final double log2n = Math.log(1000) / Math.log(2);
        assertEquals(1.0, r.joinConsistency, r.toJson());
        assertTrue(r.hopsMean <= 0.5 * log2n + 1 && r.hopsP99 <= log2n, r.toJson());
        assertEquals(100, r.killed);
        assertEquals(1.0, r.recoveredConsistency, r.toJson());
    }

    @Test
    void shouldJoinThroughTheRemainingSeedsWhenOneBootstrapIsDead()
    {
        final Simulator sim = new Simulator(37, 3, i -> InputJournal.NULL);
        for (int i = 0; i < 3; i++)
        {
            sim.addNode(0);
        }
        sim.runUntil(SECOND / 2);
        sim.kill(0);
        for (int i = 0; i < 50; i++)
        {
            sim.addNode(SECOND + i * SECOND / 10);
        }
        sim.runUntil(40 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim));
        assertEquals(52, RingMetrics.live(sim).size());
    }

    @Test
    void shouldMergeTwoRingsAfterALongPartitionHeals()
    {
        final Simulator sim = new Simulator(41, 3, i -> InputJournal.NULL)
            .configure(c -> c.ringCheckIntervalNs(20 * SECOND));
        final int n = 60;
        for (int i = 0; i < n; i++)
        {
            sim.addNode(i < 3 ? 0 : SECOND + i * SECOND / 10);
        }
        sim.runUntil(30 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim));
        final int[] groups = new int[n];
        for (int i = n / 2; i < n; i++)
        {
            groups[i] = 1;
        }
        sim.partition(groups);
        sim.runUntil(sim.now() + 90 * SECOND);
        final SimNode b = sim.node(n - 1);
        for (int i = 0; i < b.plane().table().size(); i++)
        {
            final Address peer = b.plane().table().get(i).peer();
            for (int j = 0; j < n / 2; j++)
            {
                assertNotEquals(sim.node(j).plane().address(), peer, "no connection survives across the partition");
            }
        }
        assertTrue(RingMetrics.consistency(sim) < 1.0, "two separate rings");
        sim.partition(null);
        sim.runUntil(sim.now() + 120 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim), "ring checks through the seeds zip the rings together");
    }
}
