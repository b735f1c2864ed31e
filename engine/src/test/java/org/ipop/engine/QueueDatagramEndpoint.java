package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A test {@link DatagramEndpoint}: receives datagrams queued by the test, records datagrams sent. Single threaded.
 * With a key table attached it seals before recording (what is recorded is what the wire would carry; rejected
 * records are consumed, not recorded) and opens after receiving, as a native endpoint does.
 */
final class QueueDatagramEndpoint implements DatagramEndpoint
{
    /** A datagram with its peer. */
    static final class Datagram
    {
        final int address;
        final int port;
        final byte[] payload;

        Datagram(final int address, final int port, final byte[] payload)
        {
            this.address = address;
            this.port = port;
            this.payload = payload;
        }
    }

    final ArrayDeque<Datagram> inbound = new ArrayDeque<>();
    final List<Datagram> sent = new ArrayList<>();
    int sendResult = Integer.MAX_VALUE;
    /** Written, as the C library does, to the reserved field of the record that stops a partial batch. */
    int stopErrno;
    boolean closed;
    SessionKeys keys;

    @Override
    public void attachKeys(final SessionKeys keys)
    {
        this.keys = keys;
    }

    void receive(final int address, final int port, final byte[] payload)
    {
        inbound.add(new Datagram(address, port, payload));
    }

    @Override
    public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
    {
        final UnsafeBuffer target = new UnsafeBuffer(address, capacity);
        int offset = 0;
        int count = 0;
        while (count < maxDatagrams && !inbound.isEmpty())
        {
            final Datagram d = inbound.peek();
            final int recordLength = DatagramBatchDescriptor.recordLength(d.payload.length);
            if (offset + recordLength > capacity)
            {
                break;
            }
            inbound.poll();
            target.putInt(offset, d.payload.length);
            target.putInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, d.address, ByteOrder.BIG_ENDIAN);
            target.putShort(offset + DatagramBatchDescriptor.PORT_OFFSET, (short)d.port);
            target.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)0);
            target.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, 0);
            target.putBytes(offset + DatagramBatchDescriptor.HEADER_LENGTH, d.payload);
            offset += recordLength;
            count++;
        }
        if (null != keys && count > 0)
        {
            keys.openBatch(address, capacity, count);
        }
        return count;
    }

    @Override
    public int sendBatch(final long address, final int length, final int count)
    {
        if (sendResult < 0)
        {
            return sendResult;
        }
        final UnsafeBuffer source = new UnsafeBuffer(address, length);
        if (null != keys)
        {
            keys.sealBatch(address, length, count);
        }
        final int accepted = Math.min(count, sendResult);
        int offset = 0;
        for (int i = 0; i < accepted; i++)
        {
            final int payloadLength = source.getInt(offset);
            if (0 != (source.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & SessionKeys.FLAG_REJECTED))
            {
                offset += DatagramBatchDescriptor.recordLength(payloadLength);
                continue;
            }
            final byte[] payload = new byte[payloadLength];
            source.getBytes(offset + DatagramBatchDescriptor.HEADER_LENGTH, payload);
            sent.add(new Datagram(
                source.getInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN),
                source.getShort(offset + DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF,
                payload));
            offset += DatagramBatchDescriptor.recordLength(payloadLength);
        }
        if (accepted < count)
        {
            source.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, stopErrno);
        }
        return accepted;
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
        closed = true;
    }
}
