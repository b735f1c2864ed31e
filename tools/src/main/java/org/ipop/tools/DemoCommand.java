package org.ipop.tools;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.ipop.tools.lab.CommandRunner;
import org.ipop.tools.lab.IpopCluster;
import org.ipop.tools.lab.NetnsLab;
import org.ipop.tools.node.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipop demo}: N real nodes in network namespaces on one bridge; every host gets its address from
 * its node by DHCP, then all pairs ping and every name resolves; prints a table and removes everything.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run N real nodes in network namespaces on this machine (needs root): node 1 bootstraps the",
        "overlay, the others join through it, each host leases its address by DHCP from its node;",
        "then ping all pairs, resolve every <name>.ipop, print a table and remove everything."
    })
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "Number of nodes, 2..20 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--address-mode", paramLabel = "MODE", defaultValue = "dhcp",
        description = "dhcp (busybox udhcpc on each TAP) or auto (default: ${DEFAULT-VALUE}).")
    String addressMode;

    @Override
    public Integer call() throws Exception
    {
        if (nodes < 2 || nodes > 20)
        {
            throw new UserFacingException("--nodes must be 2..20, got " + nodes);
        }
        if (!addressMode.equals("dhcp") && !addressMode.equals("auto"))
        {
            throw new UserFacingException("--address-mode must be dhcp or auto, got " + addressMode);
        }
        if (!NetnsLab.isRoot())
        {
            throw new UserFacingException("ipop demo needs root (it creates network namespaces and TAP devices)");
        }
        final PrintStream out = System.out;
        final long start = System.nanoTime();
        try (IpopCluster cluster = new IpopCluster("ipopdemo", "10.251.0", nodes, addressMode, out))
        {
            final Thread hook = new Thread(cluster::close, "ipop-demo-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            try
            {
                return run(cluster, out, start);
            }
            finally
            {
                cluster.close();
                Runtime.getRuntime().removeShutdownHook(hook);
                out.println("removed namespaces, nodes and files");
            }
        }
    }

    private int run(final IpopCluster cluster, final PrintStream out, final long start) throws Exception
    {
        out.printf("starting %d nodes in namespaces ipopdemo-1..%d (underlay 10.251.0.0/24, UDP %d)%n",
            nodes, nodes, IpopCluster.PORT);
        out.println("a CA made for this run signs each node's certificate; every edge is authenticated and encrypted");
        cluster.startNode(1);
        if (!IpopCluster.await(30_000, () -> cluster.status(1) != null))
        {
            out.println("node 1 did not start:\n" + cluster.tail(1));
            return 1;
        }
        for (int i = 2; i <= nodes; i++)
        {
            cluster.startNode(i);
        }
        if (addressMode.equals("dhcp"))
        {
            if (!IpopCluster.await(60_000, cluster::allReporting))
            {
                return failed(cluster, out, "not every node started");
            }
            runDhcpClients(cluster, out);
        }
        if (!IpopCluster.await(60_000, cluster::allLeased))
        {
            return failed(cluster, out, "not every node has an address");
        }
        out.printf("all %d nodes have addresses after %.1f s%n", nodes, seconds(start));

        int pingOk = 0;
        final StringBuilder failures = new StringBuilder();
        for (int a = 1; a <= nodes; a++)
        {
            for (int b = 1; b <= nodes; b++)
            {
                if (a != b)
                {
                    if (cluster.ping(a, cluster.vip(b), 20_000))
                    {
                        pingOk++;
                    }
                    else
                    {
                        failures.append(" ").append(a).append("->").append(b);
                    }
                }
            }
        }
        out.printf("ping: %d/%d pairs answered%s%n", pingOk, nodes * (nodes - 1),
            failures.length() == 0 ? "" : " (failed:" + failures + ")");

        int namesOk = 0;
        for (int b = 1; b <= nodes; b++)
        {
            final int from = b == 1 ? 2 : 1;
            final String name = IpopCluster.hostname(b) + ".ipop";
            final String resolved = cluster.resolve(from, name);
            final boolean ok = cluster.vip(b).equals(resolved);
            namesOk += ok ? 1 : 0;
            out.printf("dig @%s %-12s from node %d -> %s%s%n", cluster.dnsIp(from), name, from,
                resolved == null ? "no answer" : resolved, ok ? "" : "  (expected " + cluster.vip(b) + ")");
        }
        final Set<String> members = new HashSet<>();
        for (int b = 2; b <= nodes; b++)
        {
            members.add(cluster.vip(b));
        }
        cluster.answerBroadcastPings();
        final String broadcast = cluster.broadcastAddress(1);
        final Set<String> answered = new HashSet<>();
        final boolean broadcastOk = broadcast != null && IpopCluster.await(20_000, () ->
        {
            answered.addAll(cluster.broadcastPing(1, broadcast));
            return answered.containsAll(members);
        });
        answered.retainAll(members);
        out.printf("ping -b %s from node 1: %d/%d other nodes answered%n", broadcast, answered.size(), members.size());

        // status files are rewritten once a second: give the routes the last pings installed time to show
        IpopCluster.await(3_000, () -> allPathsKnown(cluster));
        printTable(cluster, out);
        final boolean ok = pingOk == nodes * (nodes - 1) && namesOk == nodes && broadcastOk;
        out.printf("%s in %.1f s%n", ok ? "demo passed" : "demo FAILED", seconds(start));
        return ok ? 0 : 1;
    }

    private void runDhcpClients(final IpopCluster cluster, final PrintStream out) throws Exception
    {
        out.println("running busybox udhcpc on every TAP ...");
        final ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try
        {
            final List<Future<CommandRunner.Result>> results = new ArrayList<>();
            for (int i = 1; i <= nodes; i++)
            {
                final int node = i;
                results.add(pool.submit(() -> cluster.runDhcpClient(node)));
            }
            for (int i = 1; i <= nodes; i++)
            {
                final CommandRunner.Result result = results.get(i - 1).get(90, TimeUnit.SECONDS);
                if (!result.ok())
                {
                    out.println("node " + i + ": udhcpc failed: " + result.output().trim());
                }
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private void printTable(final IpopCluster cluster, final PrintStream out)
    {
        out.println();
        out.printf("%-5s %-11s %-15s %-9s %-9s %-9s %-8s %s%n", "node", "underlay", "address", "overlay", "left", "right",
            "sessions", "path to each peer");
        for (int i = 1; i <= nodes; i++)
        {
            final NodeStatus s = cluster.status(i);
            if (s == null)
            {
                out.printf("%-5d %-11s (no status)%n", i, cluster.underlay(i));
                continue;
            }
            final StringBuilder paths = new StringBuilder();
            for (int j = 1; j <= nodes; j++)
            {
                final NodeStatus peer = cluster.status(j);
                if (j != i && peer != null)
                {
                    paths.append(j).append(':').append(s.pathTo(peer.shortAddress())).append(' ');
                }
            }
            out.printf("%-5d %-11s %-15s %-9s %-9s %-9s %-8s %s%n", i, cluster.underlay(i), s.vip(), s.shortAddress(),
                word(s.value("ring-left")), word(s.value("ring-right")), word(s.value("sessions")), paths.toString().trim());
        }
        out.println();
    }

    private boolean allPathsKnown(final IpopCluster cluster)
    {
        for (int i = 1; i <= nodes; i++)
        {
            for (int j = 1; j <= nodes; j++)
            {
                final NodeStatus s = cluster.status(i);
                final NodeStatus peer = cluster.status(j);
                if (j != i && (s == null || peer == null || "?".equals(s.pathTo(peer.shortAddress()))))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static String word(final String value)
    {
        return value == null ? "-" : value.split(" ")[0];
    }

    private int failed(final IpopCluster cluster, final PrintStream out, final String what)
    {
        out.println("demo FAILED: " + what);
        for (int i = 1; i <= nodes; i++)
        {
            out.println("--- node " + i + " log:\n" + cluster.tail(i));
        }
        return 1;
    }

    private static double seconds(final long startNs)
    {
        return (System.nanoTime() - startNs) / 1e9;
    }
}
