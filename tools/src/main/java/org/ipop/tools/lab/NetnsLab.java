package org.ipop.tools.lab;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A set of hosts on this machine: network namespaces whose veth interfaces meet on a bridge inside a
 * hub namespace, with underlay addresses <code>&lt;prefix&gt;.&lt;i&gt;/24</code>. Used by {@code ipop demo} and the
 * end-to-end tests.
 * <p>
 * Everything created is recorded and removed by {@link #close()} (processes first, then namespaces,
 * whose deletion takes their veth ends and the bridge with them), also from a shutdown hook so that
 * Ctrl-C cleans up. Needs root.
 */
public final class NetnsLab implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private final String tag;
    private final String underlayPrefix;
    private final String hub;
    private final List<String> hosts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanupHook = new Thread(this::close, "netns-lab-cleanup");
    private boolean closed;

    /**
     * Creates the hub namespace and its bridge.
     *
     * @param tag            short unique prefix for names (namespaces are {@code <tag>-hub}, {@code <tag>-1}...).
     * @param underlayPrefix the first three octets of the underlay /24, e.g. {@code 10.250.0}.
     */
    public NetnsLab(final String tag, final String underlayPrefix)
    {
        this.tag = tag;
        this.underlayPrefix = underlayPrefix;
        this.hub = tag + "-hub";
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        try
        {
            ip("netns", "add", hub);
            ipIn(hub, "link", "set", "lo", "up");
            ipIn(hub, "link", "add", "br0", "type", "bridge");
            ipIn(hub, "link", "set", "br0", "up");
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** @return true when this process runs as root (uid 0). */
    public static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name")) ||
            CommandRunner.run(COMMAND_TIMEOUT_MS, List.of("id", "-u")).output().trim().equals("0");
    }

    /**
     * Adds host number {@code index} (1..254): a namespace with loopback up and a veth to the hub's bridge
     * addressed {@code <prefix>.<index>/24}.
     *
     * @return the namespace name.
     */
    public synchronized String addHost(final int index)
    {
        final String ns = tag + "-" + index;
        final String outside = tag + "h" + index;
        ip("netns", "add", ns);
        hosts.add(ns);
        ipIn(ns, "link", "set", "lo", "up");
        ipIn(ns, "link", "add", "eth0", "type", "veth", "peer", "name", outside);
        ipIn(ns, "link", "set", outside, "netns", hub);
        ipIn(hub, "link", "set", outside, "master", "br0");
        ipIn(hub, "link", "set", outside, "up");
        ipIn(ns, "addr", "add", underlayAddress(index) + "/24", "dev", "eth0");
        ipIn(ns, "link", "set", "eth0", "up");
        return ns;
    }

    /** @return the underlay IPv4 address of host {@code index}, as text. */
    public String underlayAddress(final int index)
    {
        return underlayPrefix + "." + index;
    }

    /** Runs a command inside namespace {@code ns} and returns its result. */
    public CommandRunner.Result exec(final String ns, final long timeoutMs, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return CommandRunner.run(timeoutMs, full);
    }

    /**
     * Starts a long-running process inside {@code ns}, its output appended to {@code log}. The lab stops it
     * on {@link #close()}.
     */
    public synchronized Process spawn(final String ns, final File log, final List<String> command) throws IOException
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        final Process process = new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
        processes.add(process);
        return process;
    }

    /** Stops every process started here and deletes every namespace; idempotent and safe after failures. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final Process process : processes)
        {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (final Process process : processes)
        {
            try
            {
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (final String ns : hosts)
        {
            CommandRunner.run(COMMAND_TIMEOUT_MS, List.of("ip", "netns", "delete", ns));
        }
        CommandRunner.run(COMMAND_TIMEOUT_MS, List.of("ip", "netns", "delete", hub));
        if (Thread.currentThread() != cleanupHook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            }
            catch (final IllegalStateException ignored)
            {
                // the JVM is already shutting down: the hook runs, and close() is idempotent
            }
        }
    }

    private static void ip(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        CommandRunner.check(COMMAND_TIMEOUT_MS, command);
    }

    private static void ipIn(final String ns, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
        command.addAll(List.of(args));
        CommandRunner.check(COMMAND_TIMEOUT_MS, command);
    }
}
