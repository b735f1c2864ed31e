package org.ipop.engine.status;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.ipop.engine.status.CountersFileDescriptor.*;

/**
 * Reads a running engine's counters file from another process (or the same one): counters by label, the
 * distinct error log, and per-peer traffic. Maps the file; close to unmap. Not for the hot path.
 * <p>
 * Command line: {@code java -cp ... org.ipop.engine.status.CountersFileReader <counters-file>} prints every
 * counter as {@code label = value}, then the errors.
 */
public final class CountersFileReader implements AutoCloseable
{
    private final MappedByteBuffer mappedBuffer;
    private final UnsafeBuffer header;
    private final CountersReader countersReader;
    private final UnsafeBuffer errorLogBuffer;
    private final UnsafeBuffer trafficBuffer;

    /**
     * Maps the file and checks its header.
     *
     * @throws IllegalStateException when the file is not an engine counters file or is not ready yet.
     */
    public CountersFileReader(final File file)
    {
        mappedBuffer = IoUtil.mapExistingFile(file, "engine counters");
        header = new UnsafeBuffer(mappedBuffer, 0, HEADER_LENGTH);
        if (header.getInt(MAGIC_OFFSET) != MAGIC || header.getIntVolatile(VERSION_OFFSET) != LAYOUT_VERSION)
        {
            IoUtil.unmap(mappedBuffer);
            throw new IllegalStateException("not a ready engine counters file (magic/version): " + file);
        }
        final UnsafeBuffer metadata = new UnsafeBuffer(mappedBuffer, metadataOffset(header), header.getInt(METADATA_LENGTH_OFFSET));
        final UnsafeBuffer values = new UnsafeBuffer(mappedBuffer, valuesOffset(header), header.getInt(VALUES_LENGTH_OFFSET));
        countersReader = new CountersReader(metadata, values);
        errorLogBuffer = new UnsafeBuffer(mappedBuffer, errorLogOffset(header), header.getInt(ERROR_LOG_LENGTH_OFFSET));
        trafficBuffer = new UnsafeBuffer(mappedBuffer, trafficOffset(header), header.getInt(TRAFFIC_LENGTH_OFFSET));
    }

    /** @return the process id of the engine that wrote the file. */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /** @return the Agrona reader over the counters, for iteration by id. */
    public CountersReader countersReader()
    {
        return countersReader;
    }

    /** @return a snapshot of every allocated counter, label to value, in allocation order. */
    public Map<String, Long> counters()
    {
        final Map<String, Long> result = new LinkedHashMap<>();
        countersReader.forEach((counterId, typeId, keyBuffer, label) -> result.put(label, countersReader.getCounterValue(counterId)));
        return result;
    }

    /**
     * @return the value of the counter with exactly this label.
     * @throws IllegalArgumentException when there is none.
     */
    public long counter(final String label)
    {
        final Long value = counters().get(label);
        if (null == value)
        {
            throw new IllegalArgumentException("no counter labelled: " + label);
        }
        return value;
    }

    /** @return the number of distinct errors, each printed to {@code out} with its count and stack trace. */
    public int printErrors(final PrintStream out)
    {
        return ErrorLogReader.read(errorLogBuffer, (count, first, last, encoded) ->
            out.println(count + " observations, first " + first + " last " + last + ": " + encoded));
    }

    /** @return the raw error log region. */
    public UnsafeBuffer errorLogBuffer()
    {
        return errorLogBuffer;
    }

    /** @return the raw per-peer traffic region (see {@link org.ipop.engine.table.PeerTrafficCounters}). */
    public UnsafeBuffer trafficBuffer()
    {
        return trafficBuffer;
    }

    /** @return traffic slots recorded in the header. */
    public int maxPeers()
    {
        return header.getInt(MAX_PEERS_OFFSET);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mappedBuffer);
    }

    /** Prints the counters and errors of the file named by the first argument. */
    public static void main(final String[] args)
    {
        if (args.length != 1 || "--help".equals(args[0]))
        {
            System.out.println("usage: CountersFileReader <engine-counters-file>");
            System.out.println("  prints each counter as 'label = value', then the distinct error log");
            return;
        }
        try (CountersFileReader reader = new CountersFileReader(new File(args[0])))
        {
            System.out.println("engine pid " + reader.pid());
            for (final Map.Entry<String, Long> e : reader.counters().entrySet())
            {
                System.out.println(e.getKey() + " = " + e.getValue());
            }
            System.out.println(reader.printErrors(System.out) + " distinct errors");
        }
    }
}
