package org.ipop.bench.tap;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ipop.tap.FrameDevice;

/**
 * A TAP device inside a network namespace made for one benchmark trial, so the benchmark neither sees nor
 * disturbs the host's network. The TAP is opened by a helper thread that entered the namespace with
 * {@code setns} (the network namespace is per thread on Linux); its descriptor then works from any thread.
 * {@link #close()} closes the device and deletes the namespace. Needs root.
 */
final class NamespacedTap implements AutoCloseable
{
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    /** The libc calls needed to enter a namespace. */
    interface LibC extends Library
    {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nsType);
    }

    private final String namespace;
    private FrameDevice device;

    private NamespacedTap(final String namespace)
    {
        this.namespace = namespace;
    }

    /**
     * Creates namespace {@code ipopbench-<pid>} (loopback up, IPv6 off so the kernel sends no chatter) and
     * opens the device {@code open} returns from a thread inside it, then runs {@code ip -n <ns>} commands.
     */
    static NamespacedTap open(final Supplier<FrameDevice> open, final String[]... ipCommands)
    {
        final NamespacedTap tap = new NamespacedTap("ipopbench-" + ProcessHandle.current().pid());
        run("ip", "netns", "add", tap.namespace);
        try
        {
            run("ip", "-n", tap.namespace, "link", "set", "lo", "up");
            run("ip", "netns", "exec", tap.namespace, "sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            final ExecutorService thread = Executors.newSingleThreadExecutor();
            try
            {
                tap.device = thread.submit(() ->
                {
                    enter(tap.namespace);
                    return open.get();
                }).get(30, TimeUnit.SECONDS);
            }
            finally
            {
                thread.shutdownNow();
            }
            for (final String[] command : ipCommands)
            {
                final List<String> full = new ArrayList<>(List.of("ip", "-n", tap.namespace));
                full.addAll(List.of(command));
                run(full.toArray(new String[0]));
            }
            return tap;
        }
        catch (final ExecutionException ex)
        {
            tap.close();
            throw new IllegalStateException("cannot open the TAP in " + tap.namespace + ": " + ex.getCause(), ex.getCause());
        }
        catch (final Exception ex)
        {
            tap.close();
            throw new IllegalStateException("cannot set up " + tap.namespace + ": " + ex, ex);
        }
    }

    FrameDevice device()
    {
        return device;
    }

    @Override
    public void close()
    {
        try
        {
            if (device != null)
            {
                device.close();
            }
        }
        finally
        {
            run("ip", "netns", "delete", namespace);
        }
    }

    private static void enter(final String namespace)
    {
        final int fd = LibC.INSTANCE.open("/run/netns/" + namespace, O_RDONLY_CLOEXEC);
        if (fd < 0 || LibC.INSTANCE.setns(fd, CLONE_NEWNET) != 0)
        {
            throw new IllegalStateException("cannot enter network namespace " + namespace + ": errno " +
                Native.getLastError());
        }
        LibC.INSTANCE.close(fd);
    }

    private static void run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), ex);
        }
    }
}
