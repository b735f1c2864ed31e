package org.ipop.tools;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.agrona.concurrent.status.CountersReader;
import org.ipop.engine.status.CounterFamily;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.tools.node.NodeRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipop stat}: every counter of the node's memory-mapped counters file (engine, control plane, DHT,
 * services), grouped by family, with rates. Counters are told apart by type id, never by label.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Print the node's counters from its counters file, grouped by family (engine: frames, bytes,",
        "drops by reason; control plane; dht; services), with per-second rates, refreshed."
    })
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = NodeRuntime.DEFAULT_RUN_DIR,
        description = "The node's run directory (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(names = "--tap", paramLabel = "NAME", defaultValue = "ipop0",
        description = "The node's TAP device (default: ${DEFAULT-VALUE}).")
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
            Map<Integer, Long> previous = snapshot(reader.countersReader());
            for (int i = 0; count == 0 || i < count; i++)
            {
                Thread.sleep((long)(interval * 1000));   // the refresh period a person reads at
                System.out.println("--- ipop stat " + tap + " (pid " + reader.pid() + ")");
                previous = print(reader.countersReader(), previous, interval, System.out);
            }
        }
        return 0;
    }

    /**
     * @param reader over the counters.
     * @return the value of every allocated counter by type id.
     */
    static Map<Integer, Long> snapshot(final CountersReader reader)
    {
        final Map<Integer, Long> values = new HashMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> values.put(typeId, reader.getCounterValue(counterId)));
        return values;
    }

    /**
     * Prints every allocated counter under a heading per family ({@link CounterFamily} order, then counters of
     * no family), in allocation order within a family, with its rate since {@code previous}.
     *
     * @param reader          over the counters.
     * @param previous        values by type id at the last refresh.
     * @param intervalSeconds time since the last refresh.
     * @param out             where to print.
     * @return the values by type id now, for the next refresh.
     */
    static Map<Integer, Long> print(
        final CountersReader reader, final Map<Integer, Long> previous, final double intervalSeconds, final PrintStream out)
    {
        final Map<Integer, Long> now = new HashMap<>();
        final List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i <= CounterFamily.values().length; i++)
        {
            lines.add(new ArrayList<>());
        }
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final long value = reader.getCounterValue(counterId);
            now.put(typeId, value);
            final CounterFamily family = CounterFamily.of(typeId);
            final long delta = value - previous.getOrDefault(typeId, 0L);
            lines.get(null == family ? CounterFamily.values().length : family.ordinal())
                .add(String.format("  %-48s %15d %12.0f/s", label, value, delta / intervalSeconds));
        });
        for (int i = 0; i < lines.size(); i++)
        {
            if (!lines.get(i).isEmpty())
            {
                out.println(i < CounterFamily.values().length ? CounterFamily.values()[i].label() : "other");
                lines.get(i).forEach(out::println);
            }
        }
        return now;
    }
}
