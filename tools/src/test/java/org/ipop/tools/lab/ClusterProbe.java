package org.ipop.tools.lab;

import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.tools.node.NodeRuntime;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * What the end-to-end tests ask of an {@link IpopCluster} beyond what the demo needs: a node's counters by type
 * id, and the {@code ipop} command line run on a node's host as a user there would.
 */
public final class ClusterProbe
{
    private ClusterProbe()
    {
    }

    /**
     * @param counter a counter of any family in the node's counters file, found by its type id.
     * @return its value in node {@code i}'s counters file, or -1 when the file or the counter is missing.
     */
    public static long counter(final IpopCluster cluster, final int i, final CounterDescriptor counter)
    {
        final File file = NodeRuntime.countersFile(cluster.runDir(i), "ipop0").toFile();
        if (!file.exists())
        {
            return -1;
        }
        try (CountersFileReader reader = new CountersFileReader(file))
        {
            return reader.counter(counter);
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * Runs the {@code ipop} command line as its own process in node {@code i}'s namespace, pointed at node
     * {@code i} ({@code --run-dir}, {@code --tap} are appended to {@code args}).
     *
     * @param prefix command put in front of the JVM (e.g. {@code setpriv ...}), may be empty.
     * @param args   subcommand and its arguments, e.g. {@code dht get KEY}.
     * @return exit code and merged output.
     */
    public static CommandRunner.Result ipop(
        final IpopCluster cluster, final int i, final List<String> prefix, final String... args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(IpopCluster.javaCommand(System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        command.addAll(List.of("--run-dir", cluster.runDir(i).toString(), "--tap", "ipop0"));
        return cluster.lab().exec(cluster.namespace(i), 60_000, command.toArray(new String[0]));
    }
}
