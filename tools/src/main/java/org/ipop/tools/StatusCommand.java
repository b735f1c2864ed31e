package org.ipop.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ipop.tools.node.NodeRuntime;
import org.ipop.tools.node.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipop status}: what the local node knows: address, ring neighbours, connections and paths, records, counters. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Print the local node's status: overlay address, virtual address, ring neighbours, connections",
        "with type and path, virtual-address records, routes and counters (refreshed by the node every second)."
    })
public final class StatusCommand implements Callable<Integer>
{
    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
        description = "The node's run directory (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--tap", paramLabel = "NAME", defaultValue = "ipop0", description = "The node's TAP device (default: ${DEFAULT-VALUE}).")
    String tap;

    @Override
    public Integer call() throws Exception
    {
        final Path file = NodeRuntime.statusFile(runDir, tap);
        final NodeStatus status;
        try
        {
            status = NodeStatus.read(file);
        }
        catch (final java.nio.file.AccessDeniedException ex)
        {
            throw new UserFacingException("cannot read " + file + ": the node's run directory is readable by its owner only");
        }
        if (status == null)
        {
            throw new UserFacingException("no node with TAP " + tap + " is running (no " + file + ")");
        }
        status.lines().forEach(System.out::println);
        return 0;
    }
}
