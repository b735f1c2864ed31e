package org.ipop.engine.status;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;

import static org.ipop.engine.status.CountersFileDescriptor.*;

/**
 * The engine's side of the counters file: creates and maps it, writes the header, and hands out views of
 * its regions. The file stays readable by other processes while the engine runs ({@link CountersFileReader}).
 * Created and closed by the thread that launches and closes the engine.
 */
public final class CountersFile implements AutoCloseable
{
    private final File file;
    private final boolean deleteOnClose;
    private final MappedByteBuffer mappedBuffer;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadataBuffer;
    private final UnsafeBuffer valuesBuffer;
    private final UnsafeBuffer errorLogBuffer;
    private final UnsafeBuffer trafficBuffer;
    private boolean closed;

    /**
     * Creates (replacing any existing file) and maps the file.
     *
     * @param valuesLength   bytes of counter values; metadata gets four times as much, as Agrona requires.
     * @param errorLogLength bytes of distinct error log.
     * @param trafficLength  bytes of the per-peer traffic region.
     * @param maxPeers       slots in the traffic region, recorded for readers.
     */
    public CountersFile(
        final File file,
        final boolean deleteOnClose,
        final int valuesLength,
        final int errorLogLength,
        final int trafficLength,
        final int maxPeers,
        final long pid,
        final long startTimeMs)
    {
        this.file = file;
        this.deleteOnClose = deleteOnClose;
        final int values = align(valuesLength);
        final int metadata = values * 4;
        final int errors = align(errorLogLength);
        final int traffic = align(trafficLength);
        final File parent = file.getAbsoluteFile().getParentFile();
        if (null != parent)
        {
            IoUtil.ensureDirectoryExists(parent, "counters directory");
        }
        IoUtil.deleteIfExists(file);
        mappedBuffer = IoUtil.mapNewFile(file, fileLength(metadata, values, errors, traffic));
        header = new UnsafeBuffer(mappedBuffer, 0, HEADER_LENGTH);
        header.putInt(MAGIC_OFFSET, MAGIC);
        header.putLong(PID_OFFSET, pid);
        header.putLong(START_TIME_OFFSET, startTimeMs);
        header.putInt(METADATA_LENGTH_OFFSET, metadata);
        header.putInt(VALUES_LENGTH_OFFSET, values);
        header.putInt(ERROR_LOG_LENGTH_OFFSET, errors);
        header.putInt(TRAFFIC_LENGTH_OFFSET, traffic);
        header.putInt(MAX_PEERS_OFFSET, maxPeers);

        metadataBuffer = new UnsafeBuffer(mappedBuffer, metadataOffset(header), metadata);
        valuesBuffer = new UnsafeBuffer(mappedBuffer, valuesOffset(header), values);
        errorLogBuffer = new UnsafeBuffer(mappedBuffer, errorLogOffset(header), errors);
        trafficBuffer = new UnsafeBuffer(mappedBuffer, trafficOffset(header), traffic);
    }

    /** Marks the file ready for readers; call once the counters are allocated. */
    public void signalReady()
    {
        header.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
    }

    public File file()
    {
        return file;
    }

    public UnsafeBuffer metadataBuffer()
    {
        return metadataBuffer;
    }

    public UnsafeBuffer valuesBuffer()
    {
        return valuesBuffer;
    }

    public UnsafeBuffer errorLogBuffer()
    {
        return errorLogBuffer;
    }

    public UnsafeBuffer trafficBuffer()
    {
        return trafficBuffer;
    }

    /** Unmaps the file, deleting it when so configured; idempotent. No buffer view may be used after. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mappedBuffer);
            if (deleteOnClose)
            {
                IoUtil.deleteIfExists(file);
            }
        }
    }
}
