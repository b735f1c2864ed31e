package org.ipop.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ipop.tools.admin.AdminClient;
import org.ipop.tools.admin.AdminResponse;
import org.ipop.tools.node.NodeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipop status}: asks the local node over its admin channel what it knows: address, ring neighbours,
 * connections and paths, records, counters. Exit code 0 when the node answered, 2 with one line otherwise.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Ask the local node over its admin channel for its status: overlay address,",
        "virtual address, ring neighbours, connections with type and path, records,",
        "routes and counters. Only the node's user or root can open the channel."
    })
public final class StatusCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
        description = "The node's run directory (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--tap", paramLabel = "NAME", defaultValue = "ipop0",
        description = "The node's TAP device (default: ${DEFAULT-VALUE}).")
    String tap;

    @Override
    public Integer call()
    {
        final AdminResponse response;
        try (AdminClient client = AdminClient.connect(runDir, tap))
        {
            response = client.status();
        }
        if (!response.ok())
        {
            throw new UserFacingException("status: " + response.error());
        }
        response.lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        if (response.omitted() > 0)
        {
            spec.commandLine().getErr().println("ipop: " + response.omitted() + " more status lines did not fit the response");
        }
        return 0;
    }
}
