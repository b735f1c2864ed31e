package org.ipop.engine.status;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;

import static org.ipop.engine.status.CountersFileDescriptor.*;

/**
 * Reads a running node's counters file from another process (or the same one): counters by type id (every
 * family's, see {@link CounterFamily}), the distinct error log, and per-peer traffic. Maps the file; close to unmap. Not for the hot path.
 * <p>
 * Command line: {@code java -cp ... org.ipop.engine.status.CountersFileReader <counters-file>} prints every
 * counter as {@code family: label = value}, then the errors.
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

    /**
     * @param descriptor which counter.
     * @return its value.
     * @throws IllegalArgumentException when the file has no counter of its type id.
     */
    public long counter(final CounterDescriptor descriptor)
    {
        return counter(descriptor.id());
    }

    /**
     * @param typeId a counter's stable type id ({@link CounterDescriptor#id()}).
     * @return its value.
     * @throws IllegalArgumentException when the file has no counter of that type id.
     */
    public long counter(final int typeId)
    {
        final int counterId = counterId(countersReader, typeId);
        if (CountersReader.NULL_COUNTER_ID == counterId)
        {
            throw new IllegalArgumentException("no counter of type id " + typeId);
        }
        return countersReader.getCounterValue(counterId);
    }

    /**
     * Finds a counter by type id, the way every reader of a node's counters does (never by label). Scans the
     * allocated records; allocates nothing.
     *
     * @param reader over a counters file or any other counters manager.
     * @param typeId the counter's stable type id.
     * @return the first allocated counter id with that type id, or {@link CountersReader#NULL_COUNTER_ID}.
     */
    public static int counterId(final CountersReader reader, final int typeId)
    {
        final int max = reader.maxCounterId();
        for (int counterId = 0; counterId <= max; counterId++)
        {
            final int state = reader.getCounterState(counterId);
            if (CountersReader.RECORD_UNUSED == state)
            {
                break;
            }
            if (CountersReader.RECORD_ALLOCATED == state && reader.getCounterTypeId(counterId) == typeId)
            {
                return counterId;
            }
        }
        return CountersReader.NULL_COUNTER_ID;
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
            System.out.println("  prints each counter as 'family: label = value', then the distinct error log");
            return;
        }
        try (CountersFileReader reader = new CountersFileReader(new File(args[0])))
        {
            System.out.println("engine pid " + reader.pid());
            reader.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
            {
                final CounterFamily family = CounterFamily.of(typeId);
                System.out.println((null == family ? "other" : family.label()) + ": " + label + " = " +
                    reader.countersReader().getCounterValue(counterId));
            });
            System.out.println(reader.printErrors(System.out) + " distinct errors");
        }
    }
}
