package org.ipop.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ipop.tools.admin.AdminChannel;
import org.ipop.tools.admin.AdminClient;
import org.ipop.tools.admin.AdminResponse;
import org.ipop.tools.node.NodeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipop dht get|put|create}: reads and writes the overlay's DHT through the local node's admin
 * channel. Keys are stored as {@code user:<namespace>:<KEY>}, apart from the node's own records. Exit code 0
 * on success, 1 when a get finds no value, 2 with one line for every error.
 */
@Command(
    name = "dht",
    mixinStandardHelpOptions = true,
    description = {
        "Read and write the overlay's distributed hash table through the local node.",
        "Keys live under user:<namespace>: so they never touch the node's lease, name and address records.",
        "Values are text; a key may hold several values (put adds one); each value expires after its TTL."
    },
    subcommands = {DhtAdminCommand.Get.class, DhtAdminCommand.Put.class, DhtAdminCommand.Create.class})
public final class DhtAdminCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which node to ask: the same flags as {@code ipop status}. */
    static final class NodeOptions
    {
        @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
            description = "The node's run directory (default: ${DEFAULT-VALUE}).")
        Path runDir;

        @Option(names = "--tap", paramLabel = "NAME", defaultValue = "ipop0",
            description = "The node's TAP device (default: ${DEFAULT-VALUE}).")
        String tap;
    }

    /** TTL of written values. */
    static final class TtlOption
    {
        @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "" + AdminChannel.DEFAULT_TTL_SECONDS,
            description = "Seconds the value lives unless written again (default: ${DEFAULT-VALUE}).")
        int ttlSeconds;

        int checked()
        {
            if (ttlSeconds < 1)
            {
                throw new UserFacingException("--ttl must be at least 1 second, not " + ttlSeconds);
            }
            return ttlSeconds;
        }
    }

    /** {@code ipop dht get KEY}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print the live values under KEY, one per line. Exit code 1 when there is none.")
    static final class Get implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "KEY", description = "The key (text).")
        String key;

        @Override
        public Integer call()
        {
            final AdminResponse response;
            try (AdminClient client = AdminClient.connect(node.runDir, node.tap))
            {
                response = client.dhtGet(key);
            }
            failUnlessOk("get", response);
            final PrintWriter out = spec.commandLine().getOut();
            response.lines().forEach(out::println);
            out.flush();
            if (response.omitted() > 0)
            {
                spec.commandLine().getErr().println("ipop: " + response.omitted() + " more values did not fit the response");
            }
            if (response.entries().isEmpty())
            {
                spec.commandLine().getErr().println("ipop: dht get: no value under " + key);
                return 1;
            }
            return 0;
        }
    }

    /** {@code put} and {@code create}: the same arguments, one write through the admin channel, "ok" or an error. */
    abstract static class Write implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions node;

        @Mixin
        TtlOption ttl;

        @Parameters(index = "0", paramLabel = "KEY", description = "The key (text).")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "The value (text, at most 1024 bytes).")
        String value;

        /** @return the node's answer to this write. */
        abstract AdminResponse write(AdminClient client, int ttlSeconds);

        @Override
        public Integer call()
        {
            final int ttlSeconds = ttl.checked();
            final AdminResponse response;
            try (AdminClient client = AdminClient.connect(node.runDir, node.tap))
            {
                response = write(client, ttlSeconds);
            }
            failUnlessOk(spec.name(), response);
            spec.commandLine().getOut().println("ok");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code ipop dht put KEY VALUE [--ttl S]}. */
    @Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Add VALUE under KEY (values already there stay); putting the same value again renews it.",
            "Prints \"ok\" once a majority of the key's replicas stored it."})
    static final class Put extends Write
    {
        @Override
        AdminResponse write(final AdminClient client, final int ttlSeconds)
        {
            return client.dhtPut(key, value, ttlSeconds);
        }
    }

    /** {@code ipop dht create KEY VALUE [--ttl S]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Store VALUE under KEY only if KEY holds no live value (an atomic allocation).",
            "Prints \"ok\", or fails with \"exists\" when another value is there."})
    static final class Create extends Write
    {
        @Override
        AdminResponse write(final AdminClient client, final int ttlSeconds)
        {
            return client.dhtCreate(key, value, ttlSeconds);
        }
    }

    private static void failUnlessOk(final String operation, final AdminResponse response)
    {
        if (!response.ok())
        {
            throw new UserFacingException("dht " + operation + ": " + response.error());
        }
    }
}
