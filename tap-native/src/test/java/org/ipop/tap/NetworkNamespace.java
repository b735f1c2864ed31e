package org.ipop.tap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace for one root test, removed by {@link #close()} whatever happened (use it in
 * try-with-resources). Work that must happen inside it (opening a TAP, configuring it, creating sockets)
 * runs on one dedicated thread that entered the namespace with {@code setns}: on Linux the network
 * namespace belongs to the thread, so the rest of the test JVM stays in its own namespace. Descriptors
 * opened there can be used from any thread.
 * <p>
 * Names are {@code ipoptap-<pid>-<n>}; namespaces left by a test JVM that died are removed on the next
 * {@link #create()}.
 */
final class NetworkNamespace implements AutoCloseable
{
    private static final String PREFIX = "ipoptap-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private ExecutorService thread;

    private NetworkNamespace(final String name)
    {
        this.name = name;
    }

    /** Creates a namespace with loopback up and IPv6 off (so the kernel sends no IPv6 chatter to a TAP). */
    static NetworkNamespace create()
    {
        removeStale();
        final NetworkNamespace ns = new NetworkNamespace(
            PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        Commands.run("ip", "netns", "add", ns.name);
        try
        {
            ns.ip("link", "set", "lo", "up");
            if (Files.isDirectory(Path.of("/proc/sys/net/ipv6")))
            {
                Commands.run("ip", "netns", "exec", ns.name, "sh", "-c",
                    "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && " +
                    "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            }
            ns.thread = Executors.newSingleThreadExecutor(task -> new Thread(task, "netns-" + ns.name));
            ns.call(() -> enter(ns.name));
            return ns;
        }
        catch (final RuntimeException | Error ex)
        {
            ns.close();
            throw ex;
        }
    }

    /** Runs {@code task} on the thread inside the namespace; rethrows what it throws. */
    <T> T call(final Callable<T> task)
    {
        try
        {
            return thread.submit(task).get(60, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw new AssertionError(cause);
        }
        catch (final TimeoutException ex)
        {
            throw new AssertionError("task in namespace " + name + " timed out", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * Runs {@code ip -n <ns> args...}.
     *
     * @return its output.
     */
    String ip(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return Commands.run(command.toArray(new String[0]));
    }

    /** @return whether {@code ip -n <ns> args...} succeeds. */
    boolean ipSucceeds(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return Commands.exec(command).exitCode() == 0;
    }

    @Override
    public void close()
    {
        try
        {
            if (thread != null)
            {
                thread.shutdownNow();
                thread.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            Commands.run("ip", "netns", "delete", name);
        }
    }

    private static Void enter(final String name)
    {
        final LibC libc = LibC.INSTANCE;
        final int fd = libc.open("/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new AssertionError("cannot open /run/netns/" + name);
        }
        try
        {
            if (libc.setns(fd, LibC.CLONE_NEWNET) != 0)
            {
                throw new AssertionError("setns(" + name + ") failed: errno " + com.sun.jna.Native.getLastError());
            }
        }
        finally
        {
            libc.close(fd);
        }
        return null;
    }

    private static void removeStale()
    {
        for (final String line : Commands.run("ip", "netns", "list").split("\n"))
        {
            final String ns = line.split(" ")[0].trim();
            if (ns.startsWith(PREFIX))
            {
                final String[] parts = ns.substring(PREFIX.length()).split("-");
                final boolean alive = parts.length == 2 && parts[0].matches("[0-9]{1,18}") &&
                    ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
                if (!alive)
                {
                    Commands.exec(List.of("ip", "netns", "delete", ns));
                }
            }
        }
    }
}
