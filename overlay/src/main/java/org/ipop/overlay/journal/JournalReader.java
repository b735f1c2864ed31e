package org.ipop.overlay.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;

import java.nio.file.Path;

/**
 * Reads a journal written by {@link ChronicleJournal} from the start and hands each record to a
 * {@link JournalHandler}. A journal cut short (the node died mid-run) simply ends; an incomplete last record is
 * not presented by Chronicle; a record of unknown type or inconsistent length ends the read with an error.
 */
public final class JournalReader
{
    private JournalReader()
    {
    }

    /**
     * @param dir     the node's journal directory.
     * @param handler receives the records.
     * @return number of records read.
     * @throws IllegalStateException on a corrupt record.
     */
    public static long read(final Path dir, final JournalHandler handler)
    {
        final byte[] data = new byte[64 * 1024];
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final byte[] addressBytes = new byte[Address.LENGTH];
        long count = 0;
        try (SingleChronicleQueue queue = ChronicleJournal.open(dir); ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> b = dc.wire().bytes();
                    final byte type = b.readByte();
                    final long timeNs = b.readLong();
                    switch (type)
                    {
                        case JournalRecord.START:
                        {
                            final int length = checkedLength(b.readInt(), data.length);
                            b.read(data, 0, length);
                            handler.onStart(buffer, 0, length);
                            break;
                        }
                        case JournalRecord.FRAME:
                        {
                            final int ip = b.readInt();
                            final int port = b.readInt();
                            final int length = checkedLength(b.readInt(), data.length);
                            b.read(data, 0, length);
                            handler.onFrame(timeNs, ip, port, buffer, 0, length);
                            break;
                        }
                        case JournalRecord.TIMER:
                            handler.onTimer(timeNs);
                            break;
                        case JournalRecord.TRAFFIC:
                        {
                            b.read(addressBytes);
                            handler.onTraffic(timeNs, Address.fromBytes(addressBytes), b.readLong());
                            break;
                        }
                        case JournalRecord.PROBE:
                        {
                            final int mode = b.readInt();
                            b.read(addressBytes);
                            handler.onProbe(timeNs, mode, Address.fromBytes(addressBytes), b.readInt());
                            break;
                        }
                        case JournalRecord.LEAVE:
                            handler.onLeave(timeNs);
                            break;
                        case JournalRecord.CHECKPOINT:
                        {
                            final byte[] digest = new byte[checkedLength(b.readInt(), 64)];
                            b.read(digest);
                            handler.onCheckpoint(timeNs, digest);
                            break;
                        }
                        case JournalRecord.ATTACH:
                        case JournalRecord.COMMAND:
                        {
                            final int payloadType = b.readInt();
                            final int length = checkedLength(b.readInt(), data.length);
                            b.read(data, 0, length);
                            if (type == JournalRecord.ATTACH)
                            {
                                handler.onAttach(timeNs, payloadType, buffer, 0, length);
                            }
                            else
                            {
                                handler.onCommand(timeNs, payloadType, buffer, 0, length);
                            }
                            break;
                        }
                        default:
                            throw new IllegalStateException("unknown journal record type " + type + " at " + count);
                    }
                    count++;
                }
            }
        }
        return count;
    }

    private static int checkedLength(final int length, final int max)
    {
        if (length < 0 || length > max)
        {
            throw new IllegalStateException("corrupt journal record length " + length);
        }
        return length;
    }
}
