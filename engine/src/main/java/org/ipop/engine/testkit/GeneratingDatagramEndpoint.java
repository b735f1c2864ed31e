package org.ipop.engine.testkit;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;

/**
 * A {@link DatagramEndpoint} that receives copies of preset template datagrams (payload plus source
 * address and port) in rotation, and counts what is sent through it (keeping the last datagram sent).
 * Never allocates after construction; counts are published with release semantics.
 * <p>
 * Given a key table ({@link DatagramEndpoint#attachKeys}) it seals the flagged records of each batch it "sends"
 * (rejected ones are consumed and not counted as sent) and opens each batch it "receives", as a native endpoint does.
 */
public final class GeneratingDatagramEndpoint implements DatagramEndpoint
{
    private static final int MAX_DATAGRAM = 65536;

    private final UnsafeBuffer receiveTarget = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer sendSource = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer[] templates;
    private final int[] sourceAddresses;
    private final int[] sourcePorts;
    private final UnsafeBuffer lastSent = new UnsafeBuffer(new byte[MAX_DATAGRAM]);
    private int nextTemplate;
    private volatile long receiveLimit = Long.MAX_VALUE;
    private volatile long datagramsReceived;
    private volatile long datagramsSent;
    private volatile long bytesSent;
    private int lastSentLength;
    private int lastSentAddress;
    private int lastSentPort;
    private SessionKeys keys;

    public GeneratingDatagramEndpoint()
    {
        this(new byte[0][], new int[0], new int[0]);
    }

    /**
     * @param templates       payloads to receive in rotation; copied.
     * @param sourceAddresses IPv4 source of each template, {@code a.b.c.d} int.
     * @param sourcePorts     UDP source port of each template.
     */
    public GeneratingDatagramEndpoint(final byte[][] templates, final int[] sourceAddresses, final int[] sourcePorts)
    {
        this.templates = new UnsafeBuffer[templates.length];
        for (int i = 0; i < templates.length; i++)
        {
            this.templates[i] = new UnsafeBuffer(templates[i].clone());
        }
        this.sourceAddresses = sourceAddresses.clone();
        this.sourcePorts = sourcePorts.clone();
    }

    /** Stops receiving once {@code limit} datagrams in total have been received; any thread. */
    public GeneratingDatagramEndpoint receiveLimit(final long limit)
    {
        this.receiveLimit = limit;
        return this;
    }

    @Override
    public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
    {
        if (0 == templates.length)
        {
            return 0;
        }
        final UnsafeBuffer target = receiveTarget;
        target.wrap(address, capacity);
        final long limit = receiveLimit;
        long received = datagramsReceived;
        int offset = 0;
        int count = 0;
        while (count < maxDatagrams && received < limit)
        {
            final int i = nextTemplate;
            final UnsafeBuffer template = templates[i];
            final int length = template.capacity();
            final int recordLength = DatagramBatchDescriptor.recordLength(length);
            if (offset + recordLength > capacity)
            {
                break;
            }
            target.putInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET, length);
            target.putInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, sourceAddresses[i], ByteOrder.BIG_ENDIAN);
            target.putShort(offset + DatagramBatchDescriptor.PORT_OFFSET, (short)sourcePorts[i]);
            target.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)0);
            target.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, 0);
            target.putBytes(offset + DatagramBatchDescriptor.HEADER_LENGTH, template, 0, length);
            offset += recordLength;
            count++;
            received++;
            if (++nextTemplate == templates.length)
            {
                nextTemplate = 0;
            }
        }
        datagramsReceived = received;
        if (null != keys && count > 0)
        {
            keys.openBatch(address, capacity, count);
        }
        return count;
    }

    @Override
    public void attachKeys(final SessionKeys keys)
    {
        this.keys = keys;
    }

    @Override
    public int sendBatch(final long address, final int length, final int count)
    {
        final UnsafeBuffer source = sendSource;
        source.wrap(address, length);
        if (null != keys)
        {
            keys.sealBatch(address, length, count);
        }
        long bytes = 0;
        int sent = 0;
        int offset = 0;
        int lastOffset = -1;
        for (int i = 0; i < count; i++)
        {
            final int payloadLength = source.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            if (0 == (source.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & SessionKeys.FLAG_REJECTED))
            {
                lastOffset = offset;
                bytes += payloadLength;
                sent++;
            }
            offset += DatagramBatchDescriptor.recordLength(payloadLength);
        }
        if (lastOffset >= 0)
        {
            final int payloadLength = source.getInt(lastOffset + DatagramBatchDescriptor.LENGTH_OFFSET);
            lastSentLength = payloadLength;
            lastSentAddress = source.getInt(lastOffset + DatagramBatchDescriptor.ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
            lastSentPort = source.getShort(lastOffset + DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF;
            lastSent.putBytes(0, source, lastOffset + DatagramBatchDescriptor.HEADER_LENGTH, Math.min(payloadLength, MAX_DATAGRAM));
        }
        bytesSent += bytes;
        datagramsSent += sent;
        return count;
    }

    public long datagramsReceived()
    {
        return datagramsReceived;
    }

    public long datagramsSent()
    {
        return datagramsSent;
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    /** @return the payload of the last datagram sent (valid up to {@link #lastSentLength()}); sender thread only. */
    public UnsafeBuffer lastSent()
    {
        return lastSent;
    }

    public int lastSentLength()
    {
        return lastSentLength;
    }

    public int lastSentAddress()
    {
        return lastSentAddress;
    }

    public int lastSentPort()
    {
        return lastSentPort;
    }

    @Override
    public int localAddress()
    {
        return 0x7F000001;
    }

    @Override
    public int localPort()
    {
        return 40000;
    }

    @Override
    public void close()
    {
    }
}
