package org.ipop.tools.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.overlay.security.IssuedNode;
import org.ipop.tools.IpopMain;
import org.ipop.tools.lab.CommandRunner;
import org.ipop.tools.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started without CAP_NET_ADMIN says so in one line and exits non-zero. Run as root with the
 * capability dropped from the bounding set ({@code setpriv}), so the JVM keeps reading root's files.
 */
class MissingPrivilegeTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSayInOneLineThatTheNodeNeedsCapNetAdmin(@TempDir final Path dir) throws Exception
    {
        assumeTrue(NetnsLab.isRoot(), "needs root to drop CAP_NET_ADMIN from a root process (setpriv)");
        assumeTrue(CommandRunner.run(5_000, List.of("setpriv", "--version")).ok(), "needs setpriv (util-linux)");

        final List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set", "-net_admin", "--inh-caps", "-net_admin",
            ProcessHandle.current().info().command().orElse("java")));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        final long now = System.currentTimeMillis() / 1000;
        final CertificateAuthority ca = CertificateAuthority.create("test-ca", now - 60, now + 3600);
        Files.writeString(dir.resolve("ca.crt"), ca.certificate().toText());
        final IssuedNode issued = ca.issue("np", List.of("default"), 0, now - 60, now + 3600);
        Files.writeString(dir.resolve("node.crt"), issued.certificate().toText());
        issued.writeKeyFile(dir.resolve("node.key"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IpopMain.class.getName(),
            "node", "--tap", "ipopnp0", "--listen", "127.0.0.1:0", "--address-mode", "auto",
            "--ca", dir.resolve("ca.crt").toString(), "--cert", dir.resolve("node.crt").toString(),
            "--key", dir.resolve("node.key").toString(), "--run-dir", dir.resolve("run").toString()));

        final CommandRunner.Result result = CommandRunner.run(45_000, command);

        final String text = result.output().lines().filter(l -> !l.startsWith("SLF4J")).reduce("", (a, b) -> a + b + "\n").trim();
        assertEquals(2, result.exitCode(), text);
        assertEquals("ipop: needs root or CAP_NET_ADMIN to open TAP ipopnp0", text);
        assertFalse(Files.exists(dir.resolve("run").resolve("ipopnp0.status")));
        assertTrue(CommandRunner.run(5_000, List.of("ip", "link", "show", "ipopnp0")).exitCode() != 0, "no TAP left behind");
    }
}
