package org.ipop.engine;

import org.ipop.tap.Bridges;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two engines in two network namespaces joined by a veth pair, each over a real TAP device with a static
 * table naming the other (no overlay): ping and a TCP transfer between the virtual IPs must succeed.
 * Needs root, iproute2, ping, iperf3 and the tap-native library; skipped with the reason otherwise.
 * Namespaces (and with them the veth pair and TAP devices) are removed even when the test fails.
 */
class NetnsEndToEndTest
{
    // names carry the pid so that two builds on one machine (CI beside another build) do not share devices
    static final String TAG = "ie" + ProcessHandle.current().pid() % 100000;
    static final String NS_A = TAG + "-a";
    static final String NS_B = TAG + "-b";
    static final String VETH_A = TAG + "va";
    static final String VETH_B = TAG + "vb";
    static final String NODE_A = "0101010101010101010101010101010101010101";
    static final String NODE_B = "0202020202020202020202020202020202020202";

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = { "SHARED", "DEDICATED" })
    @Timeout(180)
    void shouldPingAndTransferTcpBetweenVirtualIpsOverTwoEngines(final ThreadingMode mode) throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces and TAP devices");
        assumeTrue(new File("/dev/net/tun").exists(), "needs /dev/net/tun");
        for (final String tool : new String[] { "ip", "ping", "iperf3" })
        {
            assumeTrue(0 == run(10, "sh", "-c", "command -v " + tool), "needs " + tool + " on the PATH");
        }
        try
        {
            Bridges.select();
        }
        catch (final UnsupportedOperationException | LinkageError | IllegalStateException ex)
        {
            assumeTrue(false, "the tap-native bridge cannot load yet: " + ex);
        }

        final List<Process> processes = new ArrayList<>();
        try
        {
            cleanUp();
            exec("ip", "netns", "add", NS_A);
            exec("ip", "netns", "add", NS_B);
            exec("ip", "link", "add", VETH_A, "type", "veth", "peer", "name", VETH_B);
            exec("ip", "link", "set", VETH_A, "netns", NS_A);
            exec("ip", "link", "set", VETH_B, "netns", NS_B);
            exec("ip", "-n", NS_A, "addr", "add", "172.31.250.1/24", "dev", VETH_A);
            exec("ip", "-n", NS_B, "addr", "add", "172.31.250.2/24", "dev", VETH_B);
            for (final String[] nsDev : new String[][] { { NS_A, VETH_A }, { NS_B, VETH_B } })
            {
                exec("ip", "-n", nsDev[0], "link", "set", "lo", "up");
                exec("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up");
            }

            processes.add(startEngine(NS_A, "02:00:00:00:00:0a", "10.250.0.1/24", NODE_A,
                "2," + NODE_B + ",10.250.0.2,172.31.250.2:5000", mode));
            processes.add(startEngine(NS_B, "02:00:00:00:00:0b", "10.250.0.2/24", NODE_B,
                "2," + NODE_A + ",10.250.0.1,172.31.250.1:5000", mode));
            for (final Process process : processes)
            {
                final String ready = awaitReady(process);
                if (null == System.getProperty(EngineConfiguration.IDLE_STRATEGY_PROP))
                {
                    // real TAP and socket: every data-plane thread idles by waiting on its descriptors
                    final String expected = ThreadingMode.SHARED == mode ? "idle=poll" : "idle=poll,poll";
                    assertTrue(ready.endsWith(expected), "expected " + expected + ": " + ready);
                }
            }
            // no control plane answers ARP yet: give each host its peer's TAP MAC
            exec("ip", "-n", NS_A, "neigh", "replace", "10.250.0.2", "lladdr", "02:00:00:00:00:0b", "dev", "ipop0");
            exec("ip", "-n", NS_B, "neigh", "replace", "10.250.0.1", "lladdr", "02:00:00:00:00:0a", "dev", "ipop0");

            assertEquals(0, run(30, "ip", "netns", "exec", NS_A, "ping", "-c", "3", "-W", "2", "10.250.0.2"), "ping A -> B");

            final Process server = new ProcessBuilder("ip", "netns", "exec", NS_B, "iperf3", "-s", "-1", "-B", "10.250.0.2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(server);
            int client = -1;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (0 != client && System.nanoTime() < deadline)
            {
                client = run(60, "ip", "netns", "exec", NS_A, "iperf3", "-c", "10.250.0.2", "-n", "4M");
            }
            assertEquals(0, client, "iperf3 TCP transfer of 4 MB A -> B");
        }
        finally
        {
            for (final Process process : processes)
            {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            cleanUp();
        }
    }

    private static Process startEngine(
        final String ns, final String mac, final String ip, final String node, final String peer, final ThreadingMode mode)
        throws IOException
    {
        final List<String> command = new ArrayList<>(Arrays.asList("ip", "netns", "exec", ns, javaBinary()));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        command.addAll(Arrays.asList(
            "-cp", System.getProperty("java.class.path"), StaticEngineMain.class.getName(),
            "--tap", "ipop0", "--mac", mac, "--ip", ip, "--bind", "0.0.0.0:5000", "--node", node, "--peer", peer,
            "--counters", "/tmp/" + ns + ".dat", "--threading", mode.name()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** @return the READY line. */
    private static String awaitReady(final Process process) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder output = new StringBuilder();
        String line;
        while (null != (line = reader.readLine()))
        {
            output.append(line).append('\n');
            if (line.startsWith("READY"))
            {
                return line;
            }
        }
        return fail("engine exited before READY:\n" + output);
    }

    private static String javaBinary()
    {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static void cleanUp() throws Exception
    {
        run(10, "ip", "netns", "del", NS_A);
        run(10, "ip", "netns", "del", NS_B);
        run(10, "ip", "link", "del", VETH_A);
    }

    private static void exec(final String... command) throws Exception
    {
        assertEquals(0, run(10, command), String.join(" ", command));
    }

    private static int run(final int timeoutSeconds, final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
