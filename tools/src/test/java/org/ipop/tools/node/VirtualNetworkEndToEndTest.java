package org.ipop.tools.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ipop.engine.status.EngineCounter;
import org.ipop.tools.lab.CommandRunner;
import org.ipop.tools.lab.ClusterProbe;
import org.ipop.tools.lab.IpopCluster;
import org.ipop.tools.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two virtual networks on one overlay, with real nodes and real clients: nodes 1-3 join {@code red}, nodes 4-5
 * join {@code blue}, all through the same bootstrap, and both networks lease from the same default subnet. Checks
 * that each network works inside (DHCP by busybox udhcpc, ping, names), that nothing crosses (no ping even with the
 * neighbour entry forced, no name), that a broadcast ping reaches every other member of its own network and no
 * other, and that a host sending with another node's address is dropped and counted while the node keeps serving;
 * and that a DNS server on one virtual host is reachable from the others.
 * Needs root (skipped otherwise, with the reason); removes everything even on failure.
 */
class VirtualNetworkEndToEndTest
{
    private static final int NODES = 5;
    private static final int[] RED = {1, 2, 3};
    private static final int[] BLUE = {4, 5};
    private static final EngineCounter SPOOF_COUNTER = EngineCounter.DROP_SOURCE_MISMATCH;
    private static final String RESPONDER_ANSWER = "192.0.2.53";

    /** Answers every query on {@code argv[1]}:53 with one A record of {@code argv[2]}. */
    private static final String DNS_RESPONDER = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.bind((sys.argv[1], 53))",
        "answer = bytes(int(b) for b in sys.argv[2].split('.'))",
        "while True:",
        "    query, client = s.recvfrom(4096)",
        "    end = 12",
        "    while end < len(query) and query[end] != 0:",
        "        end += query[end] + 1",
        "    end += 5",
        "    if end > len(query):",
        "        continue",
        "    s.sendto(query[:2] + b'\\x81\\x80\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x00' + query[12:end] +",
        "             b'\\xc0\\x0c\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x3c\\x00\\x04' + answer, client)",
        "");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldKeepTwoVirtualNetworksApartAndBroadcastWithinEach() throws Exception
    {
        assumeTrue(NetnsLab.isRoot(), "needs root: creates network namespaces, TAP devices and node processes");
        assumeTrue(CommandRunner.run(5_000, List.of("busybox", "udhcpc", "--help")).exitCode() != 127,
            "needs busybox udhcpc");

        try (IpopCluster cluster = new IpopCluster(
            "ipv" + ProcessHandle.current().pid() % 100000, "10.253.0", NODES, "dhcp", System.out))
        {
            for (final int i : BLUE)
            {
                cluster.virtualNetwork(i, "blue");
            }
            for (final int i : RED)
            {
                cluster.virtualNetwork(i, "red");
            }
            cluster.startNode(1);
            assertTrue(IpopCluster.await(30_000, () -> cluster.status(1) != null), () -> cluster.tail(1));
            for (int i = 2; i <= NODES; i++)
            {
                cluster.startNode(i);
            }
            assertTrue(IpopCluster.await(60_000, cluster::allReporting), "every node writes its status");
            for (int i = 1; i <= NODES; i++)
            {
                final CommandRunner.Result dhcp = cluster.runDhcpClient(i);
                assertTrue(dhcp.ok(), () -> "udhcpc: " + dhcp.output());
            }
            cluster.answerBroadcastPings();
            assertTrue(IpopCluster.await(30_000, cluster::allLeased), "every node reports its lease");

            // inside each network
            assertTrue(cluster.ping(1, cluster.vip(2), 20_000), "red 1 -> 2");
            assertTrue(cluster.ping(3, cluster.vip(1), 20_000), "red 3 -> 1");
            assertTrue(cluster.ping(4, cluster.vip(5), 20_000), "blue 4 -> 5");
            assertEquals(cluster.vip(2), cluster.resolve(1, IpopCluster.hostname(2) + ".ipop"), "red name in red");
            assertEquals(cluster.vip(5), cluster.resolve(4, IpopCluster.hostname(5) + ".ipop"), "blue name in blue");

            // nothing crosses: no name, no ping, even with the neighbour entry forced so frames reach the node
            assertNull(cluster.resolve(1, IpopCluster.hostname(4) + ".ipop"), "blue name from red");
            assertNull(cluster.resolve(5, IpopCluster.hostname(2) + ".ipop"), "red name from blue");
            for (final int red : RED)
            {
                for (final int blue : BLUE)
                {
                    assertNoPath(cluster, red, blue);
                    assertNoPath(cluster, blue, red);
                }
            }

            // every node lists the other members of its own network only
            assertTrue(IpopCluster.await(30_000, () -> members(cluster, 1) == 2 && members(cluster, 4) == 1),
                () -> "members: red 1 " + cluster.status(1).value("members") + ", blue 4 " + cluster.status(4).value("members"));

            // a broadcast ping from red 1 is answered by red 2 and 3, never by blue
            final Set<String> expected = Set.of(cluster.vip(2), cluster.vip(3));
            final Set<String> answered = new HashSet<>();
            final String broadcast = cluster.broadcastAddress(1);
            assertTrue(broadcast != null, "the DHCP client set a broadcast address on the TAP");
            assertTrue(IpopCluster.await(40_000, () ->
            {
                answered.addAll(cluster.broadcastPing(1, broadcast));
                return answered.containsAll(expected);
            }), () -> "answers to ping -b " + broadcast + ": " + answered + " expected " + expected + diagnostics(cluster));
            for (final int blue : BLUE)
            {
                if (!expected.contains(cluster.vip(blue)) && !cluster.vip(blue).equals(cluster.vip(1)))
                {
                    assertFalse(answered.contains(cluster.vip(blue)), "blue " + blue + " answered a red broadcast");
                }
            }

            // red 2's host sends with red 3's address: red 1 drops it and counts it, and still serves red 2
            final String stolen = cluster.vip(3);
            final long spoofedBefore = ClusterProbe.counter(cluster, 1, SPOOF_COUNTER);
            assertTrue(spoofedBefore >= 0, "counters file of node 1");
            assertTrue(cluster.lab().exec(cluster.namespace(2), 5_000, "ip", "addr", "add", stolen + "/32", "dev", "ipop0").ok());
            // the ping itself fails either way (any reply goes to red 3, the address's owner): the counters are the proof
            cluster.lab().exec(cluster.namespace(2), 15_000, "ping", "-c", "3", "-W", "1", "-I", stolen, cluster.vip(1));
            assertTrue(IpopCluster.await(10_000, () -> spoofedBefore < ClusterProbe.counter(cluster, 1, SPOOF_COUNTER) ||
                    cluster.status(1).values("counter").stream().anyMatch(c -> c.matches("source-spoofed-dropped [1-9].*"))),
                "node 1 counts the spoofed frames");
            assertTrue(cluster.lab().exec(cluster.namespace(2), 5_000, "ip", "addr", "del", stolen + "/32", "dev", "ipop0").ok());
            assertTrue(cluster.ping(2, cluster.vip(1), 20_000), "red 2 still reaches red 1 with its own address");
            assertTrue(cluster.ping(3, cluster.vip(1), 20_000), "red 3 still reaches red 1");
        }
    }

    /**
     * A DNS server on one virtual host answers the others: the nodes punt only DNS to their own DNS address, and
     * forward a query to another host's address like any datagram. A small responder (python3) on node 2's
     * virtual address answers every name with {@link #RESPONDER_ANSWER}; {@code dig @<node 2>} from node 1 gets
     * it, while node 1's own DNS and DHCP keep working.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldReachADnsServerOnAnotherVirtualHost() throws Exception
    {
        assumeTrue(NetnsLab.isRoot(), "needs root: creates network namespaces, TAP devices and node processes");
        assumeTrue(CommandRunner.run(5_000, List.of("busybox", "udhcpc", "--help")).exitCode() != 127,
            "needs busybox udhcpc");
        assumeTrue(CommandRunner.run(5_000, List.of("python3", "-c", "pass")).ok(), "needs python3 for the DNS server");

        try (IpopCluster cluster = new IpopCluster(
            "ipd" + ProcessHandle.current().pid() % 100000, "10.253.0", 2, "dhcp", System.out))
        {
            cluster.startNode(1);
            assertTrue(IpopCluster.await(30_000, () -> cluster.status(1) != null), () -> cluster.tail(1));
            cluster.startNode(2);
            assertTrue(IpopCluster.await(60_000, cluster::allReporting), "every node writes its status");
            for (int i = 1; i <= 2; i++)
            {
                final CommandRunner.Result dhcp = cluster.runDhcpClient(i);
                assertTrue(dhcp.ok(), () -> "udhcpc: " + dhcp.output());
            }
            assertTrue(IpopCluster.await(30_000, cluster::allLeased), "every node reports its lease");
            assertTrue(cluster.ping(1, cluster.vip(2), 20_000), "1 -> 2");

            final Path responder = Files.createTempFile("ipop-dns-responder", ".py");
            try
            {
                Files.writeString(responder, DNS_RESPONDER, StandardCharsets.US_ASCII);
                cluster.lab().spawn(cluster.namespace(2), cluster.logFile(2).resolveSibling("dns-responder.log").toFile(),
                    List.of("python3", responder.toString(), cluster.vip(2), RESPONDER_ANSWER));
                final String server = "@" + cluster.vip(2);
                final String[] answer = new String[1];
                assertTrue(IpopCluster.await(60_000, () ->
                {
                    final CommandRunner.Result dig = cluster.lab().exec(cluster.namespace(1), 10_000,
                        "dig", "+short", "+time=2", "+tries=1", server, "probe.example");
                    answer[0] = dig.output().trim();
                    return dig.ok() && RESPONDER_ANSWER.equals(answer[0]);
                }), () -> "dig " + server + " from node 1: " + answer[0]);
                assertEquals(cluster.vip(2), cluster.resolve(1, IpopCluster.hostname(2) + ".ipop"),
                    "the node's own DNS still answers");
            }
            finally
            {
                Files.deleteIfExists(responder);
            }
        }
    }

    private static int members(final IpopCluster cluster, final int i)
    {
        final NodeStatus status = cluster.status(i);
        final String members = status == null ? null : status.value("members");
        return members == null ? -1 : Integer.parseInt(members.split(" ")[0]);
    }

    private static String diagnostics(final IpopCluster cluster)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 1; i <= cluster.size(); i++)
        {
            out.append("\nnode ").append(i).append(' ').append(cluster.vip(i));
            for (final EngineCounter counter : List.of(EngineCounter.BROADCAST_COPIES, EngineCounter.DROP_BROADCAST_NO_MEMBERS,
                EngineCounter.DROP_BROADCAST_NO_ROUTE, EngineCounter.FRAMES_SOURCE_UNKNOWN, SPOOF_COUNTER, EngineCounter.TAP_FRAMES_OUT))
            {
                out.append(" [").append(counter.label()).append('=').append(ClusterProbe.counter(cluster, i, counter)).append(']');
            }
            final NodeStatus status = cluster.status(i);
            if (status != null)
            {
                status.values("counter").stream().filter(c -> c.startsWith("source")).forEach(c -> out.append(" [").append(c).append(']'));
            }
        }
        return out.toString();
    }

    private static void assertNoPath(final IpopCluster cluster, final int from, final int to)
    {
        final String target = cluster.vip(to);
        if (target.equals(cluster.vip(from)) || sameNetworkHolds(cluster, from, target))
        {
            return;   // both networks lease from one subnet: the address exists in from's own network too
        }
        final String ns = cluster.namespace(from);
        cluster.lab().exec(ns, 5_000, "ip", "neigh", "replace", target, "lladdr", "02:00:5e:00:00:01",
            "nud", "permanent", "dev", "ipop0");
        final CommandRunner.Result ping = cluster.lab().exec(ns, 10_000, "ping", "-c", "2", "-W", "1", target);
        assertFalse(ping.ok(), () -> "node " + from + " reached node " + to + " across networks: " + ping.output());
        cluster.lab().exec(ns, 5_000, "ip", "neigh", "del", target, "dev", "ipop0");
    }

    private static boolean sameNetworkHolds(final IpopCluster cluster, final int from, final String address)
    {
        final int[] network = from <= RED.length ? RED : BLUE;
        for (final int i : network)
        {
            if (address.equals(cluster.vip(i)))
            {
                return true;
            }
        }
        return false;
    }
}
