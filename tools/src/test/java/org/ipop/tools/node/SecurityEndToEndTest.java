package org.ipop.tools.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipop.engine.status.EngineCounter;
import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.tools.lab.ClusterProbe;
import org.ipop.tools.lab.CommandRunner;
import org.ipop.tools.lab.IpopCluster;
import org.ipop.tools.lab.NetnsLab;
import org.ipop.tools.lab.PcapFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The attacks of the security issue, repeated against real nodes in network namespaces: members (nodes 1-3, with
 * certificates of the cluster's CA) link, lease and ping; a node with a certificate of another CA, a plaintext node
 * and a node whose certificate names another namespace never link to them; a capture of the underlay shows no
 * payload and no DHT value in clear while the same ping is visible on the TAP; captured datagrams replayed later
 * are dropped and counted; a forged clear frame is dropped as unauthenticated; a CA-signed revocation handed to one
 * node cuts the revoked member off everywhere.
 */
class SecurityEndToEndTest
{
    private static final int NODES = 5;
    private static final int STRANGER = 4;
    private static final int OTHER = 5;
    private static final String PATTERN = "5ec0de5ec0de5ec0de5ec0de5ec0de5e";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldAdmitOnlyMembersEncryptEverythingDropReplaysAndRevoke() throws Exception
    {
        assumeTrue(NetnsLab.isRoot(), "needs root: creates network namespaces, TAP devices and node processes");
        assumeTrue(CommandRunner.run(5_000, List.of("tcpdump", "--version")).exitCode() == 0, "needs tcpdump");

        try (IpopCluster cluster = new IpopCluster(
            "ips" + ProcessHandle.current().pid() % 100000, "10.249.0", NODES, "auto", System.out))
        {
            cluster.startNode(1);
            assertTrue(IpopCluster.await(30_000, () -> cluster.status(1) != null), () -> cluster.tail(1));
            cluster.startNode(2);
            cluster.startNode(3);
            for (int i = 1; i <= 3; i++)
            {
                final int node = i;
                assertTrue(IpopCluster.await(60_000, () -> cluster.vip(node) != null), () -> cluster.tail(node));
            }
            assertTrue(cluster.ping(1, cluster.vip(2), 30_000), "member 1 -> 2");
            assertTrue(cluster.ping(2, cluster.vip(3), 30_000), "member 2 -> 3");

            strangersNeverLink(cluster);
            underlayShowsNoClearText(cluster);
            revocationCutsAMemberOff(cluster);
        }
    }

    /** Another CA's node, a plaintext node and a node of another namespace all bootstrap to node 1, and fail. */
    private void strangersNeverLink(final IpopCluster cluster) throws Exception
    {
        final long now = System.currentTimeMillis() / 1000;
        final CertificateAuthority rogue = CertificateAuthority.create("rogue-ca", now - 60, now + 3600);
        Files.writeString(dir.resolve("rogue-ca.crt"), rogue.certificate().toText());
        final var issued = rogue.issue("rogue", List.of("default"), 0, now - 60, now + 3600);
        Files.writeString(dir.resolve("rogue.crt"), issued.certificate().toText());
        issued.writeKeyFile(dir.resolve("rogue.key"));
        cluster.startNode(STRANGER, List.of("--ca", dir.resolve("rogue-ca.crt").toString(),
            "--cert", dir.resolve("rogue.crt").toString(), "--key", dir.resolve("rogue.key").toString()));
        cluster.startNode(OTHER, List.of("--security", "plaintext", "--key", dir.resolve("plain.id").toString()));

        assertTrue(IpopCluster.await(30_000, () -> cluster.status(1) != null &&
            cluster.status(1).counter("handshake-bad-mac1") > 0 &&
            ClusterProbe.counter(cluster, 1, EngineCounter.DROP_UNAUTHENTICATED) > 0),
            () -> "node 1 refuses the other CA's handshakes and the plaintext node's frames:\n" + cluster.status(1));
        assertFalse(linkedToAMember(cluster, STRANGER), () -> "the other CA's node linked: " + cluster.status(STRANGER));
        assertFalse(linkedToAMember(cluster, OTHER), () -> "the plaintext node linked: " + cluster.status(OTHER));
        assertTrue(cluster.status(OTHER).lines().contains("security plaintext"));
        assertTrue(Files.readString(cluster.logFile(OTHER)).contains("WARNING: security: plaintext"));
        cluster.stopNode(STRANGER);
        cluster.stopNode(OTHER);

        // a certificate of the right CA for another namespace
        cluster.issue("elsewhere", List.of("other"), dir.resolve("other.crt"), dir.resolve("other.key"), now - 60, now + 3600);
        cluster.virtualNetwork(OTHER, "other");
        final long refusedBefore = cluster.status(1).counter("handshake-bad-certificate");
        cluster.startNode(OTHER, List.of("--ca", cluster.caFile().toString(),
            "--cert", dir.resolve("other.crt").toString(), "--key", dir.resolve("other.key").toString()));
        assertTrue(IpopCluster.await(30_000, () -> cluster.status(1).counter("handshake-bad-certificate") > refusedBefore),
            () -> "node 1 refuses a certificate for another namespace:\n" + cluster.status(1));
        assertFalse(linkedToAMember(cluster, OTHER), () -> "the other namespace's node linked: " + cluster.status(OTHER));
        cluster.stopNode(OTHER);
        assertTrue(cluster.ping(1, cluster.vip(3), 20_000), "members still reach each other");
    }

    private static boolean linkedToAMember(final IpopCluster cluster, final int stranger) throws InterruptedException
    {
        Thread.sleep(2_000);
        final NodeStatus status = cluster.status(stranger);
        if (status != null && !status.values("connection").isEmpty())
        {
            return true;
        }
        final String address = status == null ? null : status.shortAddress();
        for (int i = 1; i <= 3; i++)
        {
            for (final String line : cluster.status(i).values("connection"))
            {
                if (address != null && line.startsWith(address))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** Captures node 2's underlay and TAP during a ping with a known pattern and a DHT write, then replays. */
    private void underlayShowsNoClearText(final IpopCluster cluster) throws Exception
    {
        final NetnsLab lab = cluster.lab();
        final Path underlay = dir.resolve("underlay.pcap");
        final Path tap = dir.resolve("tap.pcap");
        final Process onUnderlay = lab.spawn(cluster.namespace(2), dir.resolve("tcpdump-u.log").toFile(),
            List.of("tcpdump", "-i", "eth0", "-U", "-n", "-w", underlay.toString(), "udp", "port", "" + IpopCluster.PORT));
        final Process onTap = lab.spawn(cluster.namespace(2), dir.resolve("tcpdump-t.log").toFile(),
            List.of("tcpdump", "-i", "ipop0", "-U", "-n", "-w", tap.toString(), "icmp"));
        try
        {
            Thread.sleep(1_500);   // tcpdump attaches
            final String secret = "password-" + Long.toHexString(System.nanoTime());
            final CommandRunner.Result put = ClusterProbe.ipop(cluster, 1, List.of(), "dht", "put", "secret", secret);
            assertTrue(put.ok(), put::output);
            final CommandRunner.Result ping = lab.exec(cluster.namespace(1), 30_000,
                "ping", "-c", "5", "-i", "0.2", "-p", PATTERN, cluster.vip(2));
            assertTrue(ping.ok(), ping::output);
            Thread.sleep(1_000);
            onUnderlay.destroy();
            onTap.destroy();
            onUnderlay.waitFor(10, TimeUnit.SECONDS);
            onTap.waitFor(10, TimeUnit.SECONDS);

            final byte[] pattern = HexFormat.of().parseHex(PATTERN);
            final List<PcapFile.Datagram> onTheWire = PcapFile.udpDatagrams(underlay);
            final boolean visibleOnTap = PcapFile.udpDatagrams(tap).isEmpty() && PcapFile.contains(Files.readAllBytes(tap), pattern);
            assertTrue(visibleOnTap, "positive control: the ping's pattern is in the TAP capture");
            assertTrue(onTheWire.size() >= 10, "the underlay capture holds the overlay traffic: " + onTheWire.size());
            final byte[] secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
            for (final PcapFile.Datagram d : onTheWire)
            {
                assertFalse(PcapFile.contains(d.payload(), pattern), "ping payload in clear on the underlay");
                assertFalse(PcapFile.contains(d.payload(), secretBytes), "DHT value in clear on the underlay");
            }
            replay(cluster, onTheWire);
        }
        finally
        {
            onUnderlay.destroy();
            onTap.destroy();
        }
    }

    /** Sends node 1's captured data frames to node 2 again, from node 3's namespace, and a forged clear frame. */
    private void replay(final IpopCluster cluster, final List<PcapFile.Datagram> captured) throws Exception
    {
        final List<Path> files = new ArrayList<>();
        for (final PcapFile.Datagram d : captured)
        {
            // sealed DATA frames (version 1, type 1) from node 1 to node 2
            if (d.source().equals(cluster.underlay(1)) && d.destination().equals(cluster.underlay(2)) &&
                d.payload().length > 56 && d.payload()[0] == 0x11)
            {
                final Path file = dir.resolve("replay-" + files.size());
                Files.write(file, d.payload());
                files.add(file);
            }
        }
        assertTrue(files.size() >= 5, "captured the echo requests: " + files.size());
        final long replaysBefore = ClusterProbe.counter(cluster, 2, EngineCounter.DROP_REPLAY);
        final long tapBefore = ClusterProbe.counter(cluster, 2, EngineCounter.TAP_FRAMES_OUT);
        final StringBuilder script = new StringBuilder();
        for (final Path file : files)
        {
            script.append("cat ").append(file).append(" > /dev/udp/").append(cluster.underlay(2)).append('/')
                .append(IpopCluster.PORT).append("; ");
        }
        assertTrue(cluster.lab().exec(cluster.namespace(3), 10_000, "bash", "-c", script.toString()).ok());
        assertTrue(IpopCluster.await(10_000, () ->
            ClusterProbe.counter(cluster, 2, EngineCounter.DROP_REPLAY) - replaysBefore >= files.size()),
            () -> "replayed frames dropped and counted: " +
                (ClusterProbe.counter(cluster, 2, EngineCounter.DROP_REPLAY) - replaysBefore) + " of " + files.size());
        assertTrue(ClusterProbe.counter(cluster, 2, EngineCounter.TAP_FRAMES_OUT) - tapBefore < files.size(),
            "replayed echo requests were not delivered");

        // a clear DATA frame claiming to come from node 1 (its overlay address in the header)
        final byte[] forged = new byte[56 + 98];
        forged[0] = 0x11;
        forged[2] = 8;
        final byte[] source = HexFormat.of().parseHex(cluster.status(1).address().replace(":", ""));
        System.arraycopy(source, 0, forged, 16, Math.min(20, source.length));
        final Path forgedFile = dir.resolve("forged");
        Files.write(forgedFile, forged);
        final long unauthenticatedBefore = ClusterProbe.counter(cluster, 2, EngineCounter.DROP_UNAUTHENTICATED);
        assertTrue(cluster.lab().exec(cluster.namespace(3), 10_000, "bash", "-c",
            "cat " + forgedFile + " > /dev/udp/" + cluster.underlay(2) + "/" + IpopCluster.PORT).ok());
        assertTrue(IpopCluster.await(10_000, () ->
            ClusterProbe.counter(cluster, 2, EngineCounter.DROP_UNAUTHENTICATED) > unauthenticatedBefore),
            "a forged clear frame is dropped as unauthenticated");
    }

    /** Node 3 is revoked through node 1 alone; node 2 drops it too, within seconds. */
    private void revocationCutsAMemberOff(final IpopCluster cluster) throws Exception
    {
        final String revoked = cluster.status(3).shortAddress();
        final Path revocation = dir.resolve("node3.revocation");
        cluster.writeRevocation(3, revocation);
        final CommandRunner.Result result = ClusterProbe.ipop(cluster, 1, List.of(), "revoke", revocation.toString());
        assertTrue(result.ok(), result::output);
        for (final int member : new int[] {1, 2})
        {
            assertTrue(IpopCluster.await(30_000, () -> cluster.status(member).values("connection").stream()
                .noneMatch(line -> line.startsWith(revoked))),
                () -> "node " + member + " closed its edges to the revoked node:\n" + cluster.status(member));
        }
        assertFalse(cluster.ping(2, cluster.vip(3), 5_000), "the revoked node is unreachable");
        assertTrue(cluster.ping(2, cluster.vip(1), 20_000), "the others still reach each other");
        assertEquals(1, cluster.status(2).counter("revocations-applied"), () -> cluster.status(2).toString());
    }
}
