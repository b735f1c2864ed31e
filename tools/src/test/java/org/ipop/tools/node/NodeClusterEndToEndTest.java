package org.ipop.tools.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.aeron.CncFileDescriptor;
import org.ipop.overlay.journal.JournalReplayer;
import org.ipop.overlay.journal.ReplayResult;
import org.ipop.tools.admin.AdminChannel;
import org.ipop.tools.lab.CommandRunner;
import org.ipop.tools.lab.ClusterProbe;
import org.ipop.tools.lab.IpopCluster;
import org.ipop.tools.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Five real {@code ipop node} processes in network namespaces on one bridge, as a user runs them: the
 * hosts lease their addresses by DHCP (busybox udhcpc) from their nodes, every pair pings, every name
 * resolves through the virtual DNS, TCP (iperf3) flows between two hosts, a killed node leaves the ring
 * and its neighbours repair, the restarted node gets its old address back, {@code ipop status} and
 * {@code ipop dht} work over the admin channel (and only for its owner), and every journal replays to
 * matching digests (admin DHT operations included). Needs root (skipped otherwise, with the reason); removes everything even on failure.
 */
class NodeClusterEndToEndTest
{
    private static final int NODES = 5;
    private static final int VICTIM = 3;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldRunFiveNodesThatLeasePingResolveRepairAndReplay() throws Exception
    {
        assumeTrue(NetnsLab.isRoot(), "needs root: creates network namespaces, TAP devices and node processes");
        assumeTrue(CommandRunner.run(5_000, java.util.List.of("busybox", "udhcpc", "--help")).exitCode() != 127,
            "needs busybox udhcpc");

        try (IpopCluster cluster = new IpopCluster("ipe" + ProcessHandle.current().pid() % 100000, "10.252.0", NODES, "dhcp", System.out))
        {
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

            assertTrue(IpopCluster.await(30_000, cluster::allLeased), "every node reports its lease");
            final Set<String> vips = new HashSet<>();
            for (int i = 1; i <= NODES; i++)
            {
                vips.add(cluster.vip(i));
            }
            assertEquals(NODES, vips.size(), "distinct leases: " + vips);

            for (int a = 1; a <= NODES; a++)
            {
                for (int b = 1; b <= NODES; b++)
                {
                    if (a != b)
                    {
                        assertTrue(cluster.ping(a, cluster.vip(b), 20_000), "ping " + a + " -> " + b);
                    }
                }
            }
            for (int b = 1; b <= NODES; b++)
            {
                final int from = b == 1 ? 2 : 1;
                assertEquals(cluster.vip(b), cluster.resolve(from, IpopCluster.hostname(b) + ".ipop"), "name of " + b);
            }

            checkAdminChannel(cluster);

            final String server = cluster.vip(2);
            assertTrue(cluster.lab().exec(cluster.namespace(2), 10_000, "iperf3", "-s", "-1", "-D", "-B", server).ok());
            final CommandRunner.Result[] iperf = new CommandRunner.Result[1];
            assertTrue(IpopCluster.await(30_000, () -> (iperf[0] = cluster.lab().exec(cluster.namespace(1), 30_000,
                "iperf3", "-c", server, "-t", "2", "--connect-timeout", "3000")).ok()), () -> iperf[0].output());
            assertTrue(iperf[0].output().contains("receiver"), iperf[0].output());

            final String victimAddress = cluster.status(VICTIM).shortAddress();
            final String victimVip = cluster.vip(VICTIM);
            cluster.killNode(VICTIM);
            assertTrue(IpopCluster.await(90_000, () -> noneConnectedTo(cluster, victimAddress)),
                "the killed node leaves every connection table");
            assertTrue(IpopCluster.await(30_000, () -> ringConsistent(cluster, VICTIM)), "ring repaired without it");

            cluster.startNode(VICTIM);
            assertTrue(IpopCluster.await(30_000, () -> cluster.status(VICTIM) != null), () -> cluster.tail(VICTIM));
            final CommandRunner.Result again = cluster.runDhcpClient(VICTIM);
            assertTrue(again.ok(), again::output);
            assertTrue(IpopCluster.await(30_000, () -> cluster.vip(VICTIM) != null), "restarted node reports its lease");
            assertEquals(victimVip, cluster.vip(VICTIM), "same address after restart");
            assertEquals(victimAddress, cluster.status(VICTIM).shortAddress(), "same overlay address after restart");
            assertTrue(cluster.ping(1, victimVip, 30_000), "restarted node reachable");
            final CommandRunner.Result restarted = ClusterProbe.ipop(cluster, VICTIM, List.of(), "status");
            assertTrue(restarted.ok() && restarted.output().contains("address " + cluster.status(VICTIM).address()),
                () -> "the restarted node takes over its killed predecessor's admin channel: " + restarted.output());
            assertTrue(IpopCluster.await(60_000, () -> ringConsistent(cluster, 0)), "restarted node back in the ring");

            for (int i = 1; i <= NODES; i++)
            {
                final String log = Files.readString(cluster.logFile(i));
                assertFalse(log.contains("admin channel error"), "node " + i + " log:\n" + log);
                cluster.stopNode(i);
                assertFalse(Files.exists(AdminChannel.aeronDir(cluster.runDir(i), "ipop0")),
                    "a stopped node removes its admin channel");
            }
            for (int i = 1; i <= NODES; i++)
            {
                for (int run = 1; run <= cluster.runs(i); run++)
                {
                    final ReplayResult result = JournalReplayer.replay(cluster.journal(i, run), cluster.recordPolicy("default"));
                    assertTrue(result.checkpoints() > 0, "node " + i + " run " + run + " journaled checkpoints");
                    assertEquals(0, result.mismatches(), "node " + i + " run " + run + " replays to the same digests");
                }
            }
        }
    }

    /**
     * {@code ipop status} and {@code ipop dht} as separate processes on the nodes' hosts, over the admin
     * channel: status shows the node's address, a value put through one node is read through another, a
     * create of a taken key fails with the reason, and a user other than the node's cannot open the channel.
     */
    private static void checkAdminChannel(final IpopCluster cluster) throws Exception
    {
        final CommandRunner.Result status = ClusterProbe.ipop(cluster, 2, List.of(), "status");
        assertTrue(status.ok(), status::output);
        final List<String> lines = status.output().lines().toList();
        assertTrue(lines.contains("address " + cluster.status(2).address()), status::output);
        assertTrue(lines.contains("vip " + cluster.vip(2)), status::output);

        final CommandRunner.Result put =
            ClusterProbe.ipop(cluster, 1, List.of(), "dht", "put", "e2e-printer", "10.9.8.7:631", "--ttl", "600");
        assertTrue(put.ok() && put.output().lines().anyMatch("ok"::equals), put::output);
        final CommandRunner.Result get = ClusterProbe.ipop(cluster, 4, List.of(), "dht", "get", "e2e-printer");
        assertTrue(get.ok(), get::output);
        assertTrue(get.output().lines().anyMatch("10.9.8.7:631"::equals), get::output);

        final CommandRunner.Result taken = ClusterProbe.ipop(cluster, 5, List.of(), "dht", "create", "e2e-printer", "10.1.1.1:631");
        assertEquals(2, taken.exitCode(), taken::output);
        assertTrue(taken.output().lines().anyMatch(l -> l.startsWith("ipop: dht create: exists: the key already holds a value")),
            taken::output);
        final CommandRunner.Result created = ClusterProbe.ipop(cluster, 5, List.of(), "dht", "create", "e2e-lock", "node5");
        assertTrue(created.ok(), created::output);

        // Access control is the file system's: the run directory and the channel are 0700 root, so another
        // user cannot even open the driver's CnC file, which every Aeron client must map read-write, and
        // `ipop status` run as that user says so in one line.
        final Path dir = AdminChannel.aeronDir(cluster.runDir(1), "ipop0");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.runDir(1))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        final Path cnc = dir.resolve(CncFileDescriptor.CNC_FILE);
        assertTrue(Files.isReadable(cnc), "root opens it");
        final CommandRunner.Result nobody = CommandRunner.run(10_000,
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "head", "-c", "1", cnc.toString()));
        assertEquals(1, nobody.exitCode(), nobody::output);
        assertTrue(nobody.output().contains("Permission denied"), nobody::output);

        final Path readable = Files.createTempDirectory("ipop-cp-");
        try
        {
            final List<String> command = new java.util.ArrayList<>(List.of(
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
            command.addAll(IpopCluster.javaCommand(copyClassPath(readable)));
            command.addAll(List.of("status", "--run-dir", cluster.runDir(1).toString(), "--tap", "ipop0"));
            final CommandRunner.Result refused = CommandRunner.run(60_000, command);
            assertEquals(2, refused.exitCode(), refused::output);
            assertTrue(refused.output().lines().anyMatch(l -> l.startsWith("ipop: permission denied: cannot open " +
                cluster.runDir(1))), refused::output);
            assertFalse(refused.output().contains("Exception"), refused::output);
        }
        finally
        {
            try (java.util.stream.Stream<Path> files = Files.walk(readable))
            {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    /**
     * Copies this JVM's class path (following a manifest-only jar's Class-Path) into {@code dir}, readable by
     * everyone, so that the launcher can run as another user: the originals live under /root.
     *
     * @return the copied class path.
     */
    private static String copyClassPath(final Path dir) throws java.io.IOException
    {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final List<Path> entries = new java.util.ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        {
            addClassPathEntry(Path.of(entry).toAbsolutePath(), entries);
        }
        final List<String> copies = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++)
        {
            final Path source = entries.get(i);
            final Path target = dir.resolve(i + "-" + source.getFileName());
            if (Files.isDirectory(source))
            {
                try (java.util.stream.Stream<Path> files = Files.walk(source))
                {
                    for (final Path file : (Iterable<Path>)files::iterator)
                    {
                        final Path to = target.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file))
                        {
                            Files.createDirectories(to);
                        }
                        else
                        {
                            Files.copy(file, to);
                        }
                    }
                }
            }
            else if (Files.exists(source))
            {
                Files.copy(source, target);
            }
            copies.add(target.toString());
        }
        CommandRunner.check(10_000, List.of("chmod", "-R", "a+rX", dir.toString()));
        return String.join(java.io.File.pathSeparator, copies);
    }

    private static void addClassPathEntry(final Path entry, final List<Path> entries) throws java.io.IOException
    {
        if (entries.contains(entry))
        {
            return;
        }
        entries.add(entry);
        if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar"))
        {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry.toFile()))
            {
                final java.util.jar.Manifest manifest = jar.getManifest();
                final String classPath = manifest == null ? null :
                    manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
                if (classPath != null)
                {
                    for (final String reference : classPath.trim().split("\\s+"))
                    {
                        addClassPathEntry(Path.of(entry.getParent().toUri().resolve(reference)), entries);
                    }
                }
            }
        }
    }

    private static boolean noneConnectedTo(final IpopCluster cluster, final String address)
    {
        for (int i = 1; i <= cluster.size(); i++)
        {
            final NodeStatus s = cluster.status(i);
            if (i != VICTIM && (s == null || s.values("connection").stream().anyMatch(c -> c.startsWith(address))))
            {
                return false;
            }
        }
        return true;
    }

    /** Every live node's left and right neighbours are the live nodes adjacent to it in ring order. */
    private static boolean ringConsistent(final IpopCluster cluster, final int excluded)
    {
        final java.util.List<String> ring = new java.util.ArrayList<>();
        for (int i = 1; i <= cluster.size(); i++)
        {
            if (i != excluded)
            {
                final NodeStatus s = cluster.status(i);
                if (s == null)
                {
                    return false;
                }
                ring.add(s.address());
            }
        }
        java.util.Collections.sort(ring);
        for (int i = 1; i <= cluster.size(); i++)
        {
            if (i == excluded)
            {
                continue;
            }
            final NodeStatus s = cluster.status(i);
            final int at = ring.indexOf(s.address());
            final String right = ring.get((at + 1) % ring.size()).substring(0, 8);
            final String left = ring.get((at - 1 + ring.size()) % ring.size()).substring(0, 8);
            if (!s.value("ring-right").startsWith(right) || !s.value("ring-left").startsWith(left))
            {
                return false;
            }
        }
        return true;
    }
}
