package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.sim.DhtSimulation;
import org.ipop.overlay.sim.RingMetrics;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;

/**
 * Benchmark (not a test; in the test sources because only {@link LeaseChurnTest} and people run it): a
 * simulated ring of N nodes, then every node asks for a lease in one namespace at the same virtual instant;
 * prints the lease acquisition time distribution (simulated seconds), distinctness and DHT costs as JSON. With
 * {@code --kill F} it then kills that fraction of the nodes and reads every surviving node's lease record back.
 * <pre>
 * java $IPOP_JVM_FLAGS -cp overlay/target/test-classes:overlay/target/classes:... \
 *     org.ipop.overlay.namespace.LeaseBenchmarkMain --nodes 1000 --prefix 21 --seed 1 --kill 0.1
 * </pre>
 */
public final class LeaseBenchmarkMain
{
    private static final long SECOND = 1_000_000_000L;
    private static final int NETWORK = 0x0A80_0000;

    /** Figures of one run. */
    public static final class LeaseBenchmarkResult
    {
        /** Leases granted. */
        public int granted;
        /** Requests denied. */
        public int denied;
        /** Distinct addresses among the granted leases. */
        public int distinct;
        /** Nodes killed after leasing. */
        public int killed;
        /** Surviving nodes' leases read back. */
        public int leasesExpected;
        /** Reads that completed. */
        public int leasesChecked;
        /** Reads that returned exactly the holder's record. */
        public int leasesFound;
        String json;

        /** @return the figures as one JSON object. */
        public String toJson()
        {
            return json;
        }
    }

    private LeaseBenchmarkMain()
    {
    }

    /**
     * @param args {@code --nodes N --prefix P --seed S --join-rate R --lease SECONDS --kill F}.
     */
    public static void main(final String[] args)
    {
        int nodes = 1000;
        int prefix = 21;
        long seed = 1;
        double joinRate = 100;
        int lease = 600;
        double kill = 0;
        for (int i = 0; i < args.length; i++)
        {
            if ("--help".equals(args[i]) || i + 1 >= args.length)
            {
                System.out.println("LeaseBenchmarkMain [--nodes 1000] [--prefix 21] [--seed 1] [--join-rate 100] " +
                    "[--lease 600] [--kill 0.1]: N simulated nodes lease at once in one namespace 10.128.0.0/prefix; " +
                    "prints lease time percentiles (simulated s) and distinctness as JSON.");
                return;
            }
            final String v = args[++i];
            switch (args[i - 1])
            {
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--prefix" -> prefix = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--join-rate" -> joinRate = Double.parseDouble(v);
                case "--lease" -> lease = Integer.parseInt(v);
                case "--kill" -> kill = Double.parseDouble(v);
                default ->
                {
                    System.err.println("unknown option " + args[i - 1]);
                    System.exit(2);
                }
            }
        }
        System.out.println(run(nodes, prefix, seed, joinRate, lease, kill).toJson());
    }

    /**
     * Runs the benchmark.
     *
     * @param nodes    nodes.
     * @param prefix   prefix length of the namespace's subnet.
     * @param seed     run seed.
     * @param joinRate nodes started per virtual second.
     * @param lease    lease seconds.
     * @param kill     fraction killed after leasing (0: none).
     * @return the figures.
     */
    public static LeaseBenchmarkResult run(
        final int nodes, final int prefix, final long seed, final double joinRate, final int lease, final double kill)
    {
        final long wallStart = System.nanoTime();
        final DhtSimulation ring = new DhtSimulation(seed, 3, new DhtContext(), i -> InputJournal.NULL)
            .addNodes(nodes, joinRate);
        final boolean consistent = ring.runUntilConsistent(300);
        final double ringSeconds = ring.simulator().now() / 1e9;
        ring.runFor(DhtLeaseProvider.CONFIRM_DELAY_NS / 1e9 + 1);
        final NamespaceConfig config = new NamespaceConfig("bench", NETWORK, prefix, lease, NETWORK + 1, NETWORK + 2);
        final IpopNamespace[] spaces = new IpopNamespace[nodes];
        final long[] grantedNs = new long[nodes];
        final int[] ips = new int[nodes];
        final int[] done = new int[1];
        final int[] denied = new int[1];
        final long framesBefore = frames(ring);
        final long opsBefore = ops(ring);
        final long start = ring.simulator().now();
        for (int i = 0; i < nodes; i++)
        {
            spaces[i] = new IpopNamespace(ring.dht(i), config);
        }
        for (int i = 0; i < nodes; i++)
        {
            final int index = i;
            spaces[i].leases().requestLease(0x0200_0000_0000L + i, 0, "node-" + i, new LeaseCallback()
            {
                @Override
                public void onLeaseGranted(final int ip, final int leaseSeconds)
                {
                    ips[index] = ip;
                    grantedNs[index] = ring.simulator().now() - start;
                    done[0]++;
                }

                @Override
                public void onLeaseDenied()
                {
                    denied[0]++;
                    done[0]++;
                }
            });
        }
        ring.runUntil(() -> done[0] == nodes, 300 * SECOND, 100_000_000L);
        final double leaseWindow = (ring.simulator().now() - start) / 1e9;
        final HashSet<Integer> distinct = new HashSet<>();
        long conflicts = 0;
        int granted = 0;
        for (int i = 0; i < nodes; i++)
        {
            if (ips[i] != 0)
            {
                distinct.add(ips[i]);
                granted++;
            }
            conflicts += spaces[i].leases().conflicts();
        }
        final long[] times = new long[granted];
        for (int i = 0, k = 0; i < nodes; i++)
        {
            if (ips[i] != 0)
            {
                times[k++] = grantedNs[i];
            }
        }
        final long frames = frames(ring) - framesBefore;
        final long ops = ops(ring) - opsBefore;
        final LeaseBenchmarkResult result = new LeaseBenchmarkResult();
        result.granted = granted;
        result.denied = denied[0];
        result.distinct = distinct.size();
        final StringBuilder json = new StringBuilder(512);
        json.append(String.format(Locale.ROOT,
            "{\"nodes\":%d,\"subnet\":\"10.128.0.0/%d\",\"ringConsistent\":%b,\"ringConsistentAtSeconds\":%.1f," +
            "\"granted\":%d,\"denied\":%d,\"distinct\":%d,\"conflicts\":%d," +
            "\"leaseSeconds\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"allDoneAfterSeconds\":%.3f," +
            "\"dhtOpsPerLease\":%.2f,\"controlFramesPerLease\":%.1f",
            nodes, prefix, consistent, ringSeconds, granted, denied[0], distinct.size(), conflicts,
            RingMetrics.percentile(times, 50) / 1e9, RingMetrics.percentile(times, 90) / 1e9,
            RingMetrics.percentile(times, 99) / 1e9, RingMetrics.percentile(times, 100) / 1e9, leaseWindow,
            (double)ops / Math.max(1, granted), (double)frames / Math.max(1, granted)));
        if (kill > 0)
        {
            json.append(churn(ring, config, ips, kill, result));
        }
        json.append(String.format(Locale.ROOT, ",\"wallSeconds\":%.1f}", (System.nanoTime() - wallStart) / 1e9));
        result.json = json.toString();
        return result;
    }

    private static String churn(
        final DhtSimulation ring, final NamespaceConfig config, final int[] ips, final double kill,
        final LeaseBenchmarkResult result)
    {
        final int nodes = ips.length;
        final int victims = (int)Math.round(nodes * kill);
        int killed = 0;
        for (int i = 3; killed < victims; i = (i + 7919) % nodes)
        {
            if (!ring.dead(i))
            {
                ring.simulator().kill(i);
                killed++;
            }
        }
        final long killedAt = ring.simulator().now();
        final boolean repaired = ring.runUntilConsistent(300);
        final double repairSeconds = (ring.simulator().now() - killedAt) / 1e9;
        ring.runFor(5);
        final int[] checked = new int[1];
        final int[] found = new int[1];
        final int[] failed = new int[1];
        final int[] empty = new int[1];
        final int[] several = new int[1];
        int expected = 0;
        int reader = 0;
        for (int i = 0; i < nodes; i++)
        {
            if (ring.dead(i) || ips[i] == 0)
            {
                continue;
            }
            expected++;
            do
            {
                reader = (reader + 1) % nodes;
            }
            while (ring.dead(reader));
            final ReplicatedDht dht = ring.dht(reader);
            final byte[] owner = ring.dht(i).plane().address().toBytes();
            dht.get(IpopKeys.lease(config.name(), ips[i]), (status, values) ->
            {
                checked[0]++;
                failed[0] += status != DhtStatus.OK ? 1 : 0;
                empty[0] += status == DhtStatus.OK && values.isEmpty() ? 1 : 0;
                several[0] += values.size() > 1 ? 1 : 0;
                if (status == DhtStatus.OK && values.size() == 1 &&
                    Arrays.equals(Arrays.copyOf(values.get(0).value(), owner.length), owner))
                {
                    found[0]++;
                }
            });
        }
        final int want = expected;
        ring.runUntil(() -> checked[0] == want, 300 * SECOND, 100_000_000L);
        result.killed = killed;
        result.leasesChecked = checked[0];
        result.leasesFound = found[0];
        result.leasesExpected = expected;
        return String.format(Locale.ROOT,
            ",\"churn\":{\"killed\":%d,\"ringRepaired\":%b,\"repairSeconds\":%.1f,\"leasesChecked\":%d," +
            "\"leasesFound\":%d,\"getFailed\":%d,\"getEmpty\":%d,\"getSeveral\":%d}", killed, repaired, repairSeconds,
            checked[0], found[0], failed[0], empty[0], several[0]);
    }

    private static long frames(final DhtSimulation ring)
    {
        long n = 0;
        for (final ReplicatedDht d : ring.dhts())
        {
            n += d.plane().counters().get(ControlCounter.FRAMES_OUT);
        }
        return n;
    }

    private static long ops(final DhtSimulation ring)
    {
        long n = 0;
        for (final ReplicatedDht d : ring.dhts())
        {
            n += d.counters().get(DhtCounter.OPS_STARTED);
        }
        return n;
    }
}
