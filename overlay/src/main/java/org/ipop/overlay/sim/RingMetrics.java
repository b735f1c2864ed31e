package org.ipop.overlay.sim;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.control.DeterministicRandom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Measurements over a simulator's live nodes: ring consistency, greedy-routing hops between random pairs,
 * connections per node.
 */
public final class RingMetrics
{
    private RingMetrics()
    {
    }

    /**
     * Fraction of live, started nodes whose nearest left and right connections are their true predecessor and
     * successor among live started nodes. Marks the join time of nodes found correct for the first time.
     *
     * @param sim simulator.
     * @return consistency in [0, 1]; 1 for fewer than two nodes.
     */
    public static double consistency(final Simulator sim)
    {
        final ArrayList<SimNode> live = live(sim);
        final int n = live.size();
        if (n < 2)
        {
            return 1.0;
        }
        live.sort((a, b) -> a.plane().address().compareTo(b.plane().address()));
        int good = 0;
        for (int i = 0; i < n; i++)
        {
            final SimNode node = live.get(i);
            final Address succ = live.get((i + 1) % n).plane().address();
            final Address pred = live.get((i - 1 + n) % n).plane().address();
            final ConnectionTable t = node.plane().table();
            if (t.size() > 0 && t.right(0).peer().equals(succ) && t.left(0).peer().equals(pred))
            {
                good++;
                if (node.joinedNs < 0)
                {
                    node.joinedNs = sim.now();
                }
            }
        }
        return good / (double)n;
    }

    /**
     * Routes between random live pairs greedily over the nodes' real tables (the production router, never back
     * on the arrival edge) and returns the hop counts; failures (delivered elsewhere) are counted as -1.
     *
     * @param sim    simulator.
     * @param pairs  number of pairs.
     * @param random generator choosing pairs.
     * @return hop count of each pair, -1 for a failure.
     */
    public static int[] greedyHops(final Simulator sim, final int pairs, final DeterministicRandom random)
    {
        final ArrayList<SimNode> live = live(sim);
        final HashMap<Address, SimNode> byAddress = new HashMap<>();
        for (final SimNode n : live)
        {
            byAddress.put(n.plane().address(), n);
        }
        final int[] hops = new int[pairs];
        for (int p = 0; p < pairs; p++)
        {
            final SimNode src = live.get(random.nextInt(live.size()));
            SimNode dst = live.get(random.nextInt(live.size()));
            while (dst == src && live.size() > 1)
            {
                dst = live.get(random.nextInt(live.size()));
            }
            final Address target = dst.plane().address();
            SimNode cur = src;
            Connection arrival = null;
            int h = 0;
            while (cur != dst && h < 255)
            {
                final Connection next = cur.plane().router().greedyNextHop(target, arrival);
                final SimNode nextNode = next == null ? null : byAddress.get(next.peer());
                if (nextNode == null)
                {
                    h = -1;
                    break;
                }
                arrival = nextNode.plane().table().get(cur.plane().address());
                cur = nextNode;
                h++;
            }
            hops[p] = cur == dst ? h : -1;
        }
        return hops;
    }

    /**
     * @param sim   simulator.
     * @param types type bits to count; a connection counts if it has any of them ({@link ConnectionType#ALL}
     *              for all connections).
     * @return mean number of such connections per live started node.
     */
    public static double meanConnections(final Simulator sim, final int types)
    {
        final ArrayList<SimNode> live = live(sim);
        long total = 0;
        for (final SimNode n : live)
        {
            final ConnectionTable t = n.plane().table();
            for (int i = 0; i < t.size(); i++)
            {
                if ((t.get(i).types() & types) != 0)
                {
                    total++;
                }
            }
        }
        return live.isEmpty() ? 0 : total / (double)live.size();
    }

    /**
     * @param values samples (any order; sorted by this call).
     * @param p      percentile in [0, 100].
     * @return the nearest-rank percentile, or -1 for no samples.
     */
    public static double percentile(final long[] values, final double p)
    {
        if (values.length == 0)
        {
            return -1;
        }
        Arrays.sort(values);
        final int rank = (int)Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }

    /**
     * @param sim simulator.
     * @return live nodes whose start time has passed.
     */
    public static ArrayList<SimNode> live(final Simulator sim)
    {
        final ArrayList<SimNode> live = new ArrayList<>();
        for (final SimNode n : sim.nodes())
        {
            if (!n.dead() && n.startNs() <= sim.now())
            {
                live.add(n);
            }
        }
        return live;
    }
}
