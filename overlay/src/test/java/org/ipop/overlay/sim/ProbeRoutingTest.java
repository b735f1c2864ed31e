package org.ipop.overlay.sim;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.routing.RoutingMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProbeRoutingTest
{
    private static final long SECOND = 1_000_000_000L;
    private static Simulator sim;
    private static ArrayList<SimNode> ring;

    @BeforeAll
    static void buildRing()
    {
        final Scenario s = new Scenario();
        s.nodes = 100;
        s.seed = 23;
        s.killFraction = 0;
        s.pairs = 100;
        s.settleSeconds = 10;
        s.run();
        sim = s.simulator();
        ring = RingMetrics.live(sim);
        ring.sort(Comparator.comparing(n -> n.plane().address()));
    }

    private static long[] probesBefore()
    {
        final long[] p = new long[ring.size()];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = ring.get(i).plane().counters().get(ControlCounter.PROBES_DELIVERED);
        }
        return p;
    }

    private static int[] delivered(final long[] before)
    {
        final int[] d = new int[before.length];
        for (int i = 0; i < d.length; i++)
        {
            d[i] = (int)(ring.get(i).plane().counters().get(ControlCounter.PROBES_DELIVERED) - before[i]);
        }
        return d;
    }

    private static int[] send(final int from, final int mode, final Address destination, final int param)
    {
        final long[] before = probesBefore();
        ring.get(from).plane().onProbe(sim.now(), mode, destination, param);
        sim.runUntil(sim.now() + 2 * SECOND);
        return delivered(before);
    }

    private static int[] only(final int n, final int... indexes)
    {
        final int[] e = new int[n];
        for (final int i : indexes)
        {
            e[i] = 1;
        }
        return e;
    }

    @Test
    void shouldDeliverExactAndGreedyProbesAtTheDestinationNode()
    {
        final Address target = ring.get(70).plane().address();
        assertEquals(Arrays.toString(only(100, 70)), Arrays.toString(send(5, RoutingMode.EXACT, target, 0)));
        assertEquals(Arrays.toString(only(100, 70)), Arrays.toString(send(40, RoutingMode.GREEDY, target, 0)));
    }

    @Test
    void shouldDropExactProbesForAnAddressNobodyHas()
    {
        final Address between = ring.get(50).plane().address().add(Address.of(0, 0, 2));
        assertEquals(Arrays.toString(new int[100]),
            Arrays.toString(send(3, RoutingMode.EXACT, between, 0)));
    }

    @Test
    void shouldDeliverAnnealingProbesToBothNodesBracketingThePoint()
    {
        final Address a = ring.get(20).plane().address();
        final Address b = ring.get(21).plane().address();
        final Address mid = a.add(Address.fromBigInteger(a.clockwiseTo(b).toBigInteger().shiftRight(1)));
        assertEquals(Arrays.toString(only(100, 20, 21)),
            Arrays.toString(send(77, RoutingMode.ANNEALING, mid, 0)));
    }

    @Test
    void shouldDeliverDirectionalProbesAtTheKthNeighbour()
    {
        assertEquals(Arrays.toString(only(100, 13)),
            Arrays.toString(send(10, RoutingMode.DIRECTIONAL, Address.ZERO, 3)));
        assertEquals(Arrays.toString(only(100, 98)),
            Arrays.toString(send(1, RoutingMode.DIRECTIONAL, Address.ZERO, -3)));
    }

    @Test
    void shouldTakeAsManyHopsAsTheOfflineGreedyWalkThatTheBenchmarkReports()
    {
        for (int i = 0; i < 20; i++)
        {
            final SimNode src = ring.get((i * 37) % ring.size());
            final SimNode dst = ring.get((i * 53 + 11) % ring.size());
            if (src == dst)
            {
                continue;
            }
            SimNode cur = src;
            Connection arrival = null;
            int hops = 0;
            while (cur != dst)
            {
                final Connection next =
                    cur.plane().router().greedyNextHop(dst.plane().address(), arrival);
                final Address peer = next.peer();
                final SimNode nextNode = ring.stream().filter(n -> n.plane().address().equals(peer)).findFirst()
                    .orElseThrow();
                arrival = nextNode.plane().table().get(cur.plane().address());
                cur = nextNode;
                hops++;
            }
            final long[] before = probesBefore();
            src.plane().onProbe(sim.now(), RoutingMode.GREEDY, dst.plane().address(), 0);
            sim.runUntil(sim.now() + 2 * SECOND);
            assertEquals(1, delivered(before)[ring.indexOf(dst)]);
            assertEquals(hops, dst.plane().lastProbeHops(), "pair " + i);
        }
    }
}
