package org.ipop.overlay.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.NodeConfig;

import java.nio.file.Path;

/**
 * Appends a control plane's inputs to a Chronicle Queue in {@code dir} (one queue per node), in the layout of
 * {@link JournalRecord}. Each append is complete before the input is applied. Used on the control-plane thread
 * only; the JVM needs the flags of the parent pom's {@code ipop.jvm.flags}.
 */
public final class ChronicleJournal implements InputJournal
{
    /** Block size of the queue's memory-mapped files: small, so many per-node queues fit one process. */
    public static final long BLOCK_SIZE = 1L << 20;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final byte[] scratch = new byte[NodeConfig.MAX_ENCODED_LENGTH + 1024];
    private final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
    private boolean closed;

    /**
     * Opens (or creates) the queue in {@code dir}.
     *
     * @param dir directory of this node's journal.
     */
    public ChronicleJournal(final Path dir)
    {
        this.queue = open(dir);
        this.appender = queue.createAppender();
    }

    static SingleChronicleQueue open(final Path dir)
    {
        return SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(BLOCK_SIZE)
            .build();
    }

    @Override
    public void start(final NodeConfig config)
    {
        final int length = config.encode(scratchBuffer, 0);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.START);
            b.writeLong(0L);
            b.writeInt(length);
            b.write(scratch, 0, length);
        }
    }

    @Override
    public void frame(
        final long timeNs, final int srcIp, final int srcPort, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int n = Math.min(length, scratch.length);
        buffer.getBytes(offset, scratch, 0, n);
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.FRAME);
            b.writeLong(timeNs);
            b.writeInt(srcIp);
            b.writeInt(srcPort);
            b.writeInt(length);
            b.write(scratch, 0, n);
            if (n < length)
            {
                for (int i = n; i < length; i++)
                {
                    b.writeByte(buffer.getByte(offset + i));
                }
            }
        }
    }

    @Override
    public void timer(final long timeNs)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.TIMER);
            b.writeLong(timeNs);
        }
    }

    @Override
    public void traffic(final long timeNs, final Address destination, final long packets)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.TRAFFIC);
            b.writeLong(timeNs);
            b.write(destination.toBytes());
            b.writeLong(packets);
        }
    }

    @Override
    public void probe(final long timeNs, final int mode, final Address destination, final int param)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.PROBE);
            b.writeLong(timeNs);
            b.writeInt(mode);
            b.write(destination.toBytes());
            b.writeInt(param);
        }
    }

    @Override
    public void leave(final long timeNs)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.LEAVE);
            b.writeLong(timeNs);
        }
    }

    @Override
    public void attach(
        final long timeNs, final int payloadType, final DirectBuffer config, final int offset, final int length)
    {
        writeExtensionRecord(JournalRecord.ATTACH, timeNs, payloadType, config, offset, length);
    }

    @Override
    public void command(
        final long timeNs, final int payloadType, final DirectBuffer buffer, final int offset, final int length)
    {
        writeExtensionRecord(JournalRecord.COMMAND, timeNs, payloadType, buffer, offset, length);
    }

    private void writeExtensionRecord(
        final byte type, final long timeNs, final int payloadType, final DirectBuffer buffer, final int offset,
        final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(type);
            b.writeLong(timeNs);
            b.writeInt(payloadType);
            b.writeInt(length);
            for (int i = 0; i < length; i++)
            {
                b.writeByte(buffer.getByte(offset + i));
            }
        }
    }

    @Override
    public void checkpoint(final long timeNs, final byte[] digest)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> b = dc.wire().bytes();
            b.writeByte(JournalRecord.CHECKPOINT);
            b.writeLong(timeNs);
            b.writeInt(digest.length);
            b.write(digest);
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            appender.close();
            queue.close();
        }
    }
}
