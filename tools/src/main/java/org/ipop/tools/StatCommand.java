package org.ipop.tools;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ipop.engine.status.CountersFileReader;
import org.ipop.tools.node.NodeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipop stat}: the engine's live counters from its memory-mapped counters file, with rates. */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = "Print the data plane's counters (frames, bytes, drops by reason) with per-second rates, refreshed.")
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
        description = "The node's run directory (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--tap", paramLabel = "NAME", defaultValue = "ipop0", description = "The node's TAP device (default: ${DEFAULT-VALUE}).")
    String tap;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "Refresh interval (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N refreshes (0: until Ctrl-C).")
    int count;

    @Override
    public Integer call() throws Exception
    {
        final File file = NodeRuntime.countersFile(runDir, tap).toFile();
        if (!file.exists())
        {
            throw new UserFacingException("no node with TAP " + tap + " is running (no " + file + ")");
        }
        try (CountersFileReader reader = new CountersFileReader(file))
        {
            Map<String, Long> previous = reader.counters();
            for (int i = 0; count == 0 || i < count; i++)
            {
                Thread.sleep((long)(interval * 1000));   // the refresh period a person reads at
                final Map<String, Long> now = reader.counters();
                System.out.println("--- ipop stat " + tap + " (pid " + reader.pid() + ")");
                for (final Map.Entry<String, Long> e : now.entrySet())
                {
                    final long delta = e.getValue() - previous.getOrDefault(e.getKey(), 0L);
                    System.out.printf("%-40s %15d %12.0f/s%n", e.getKey(), e.getValue(), delta / interval);
                }
                previous = now;
            }
        }
        return 0;
    }
}
