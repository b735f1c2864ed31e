package org.ipop.engine.testkit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.SessionKeys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two {@link DatagramEndpoint}s joined in memory by a pair of one-to-one rings, standing in for a UDP path
 * between two nodes in one process: what A sends, B receives with A's address and port as the source, and
 * back. A full ring behaves as a full socket buffer (the send reports fewer datagrams). Each endpoint
 * allows one receiving and one sending thread, as a socket does; never allocates after construction itself (an
 * attached key table may, see {@link JdkSessionKeys}).
 * <p>
 * An endpoint given a key table ({@link DatagramEndpoint#attachKeys}) behaves as a native endpoint does: it seals
 * the flagged records of a batch before "sending" (rejected ones are consumed, not sent) and opens the records it
 * "received" before returning them; what crosses the ring is what would cross the wire.
 */
public final class RingDatagramLink
{
    private static final int DATAGRAM = 1;
    private static final int ADDRESS_OFFSET = 0;
    private static final int PORT_OFFSET = 4;
    private static final int PAYLOAD_OFFSET = 8;

    private final Endpoint endpointA;
    private final Endpoint endpointB;

    /**
     * @param ringCapacity bytes per direction, a power of two; the largest datagram is an eighth of it.
     * @param addressA     IPv4 of endpoint A as {@code a.b.c.d} int; B sees it as the source.
     */
    public RingDatagramLink(
        final int ringCapacity, final int addressA, final int portA, final int addressB, final int portB)
    {
        final RingBuffer aToB = newRing(ringCapacity);
        final RingBuffer bToA = newRing(ringCapacity);
        endpointA = new Endpoint(bToA, aToB, addressA, portA);
        endpointB = new Endpoint(aToB, bToA, addressB, portB);
    }

    public DatagramEndpoint endpointA()
    {
        return endpointA;
    }

    public DatagramEndpoint endpointB()
    {
        return endpointB;
    }

    private static RingBuffer newRing(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static final class Endpoint implements DatagramEndpoint, ControlledMessageHandler
    {
        private final RingBuffer in;
        private final RingBuffer out;
        private final int localAddress;
        private final int localPort;
        private final UnsafeBuffer receiveView = new UnsafeBuffer(0, 0);
        private final UnsafeBuffer sendView = new UnsafeBuffer(0, 0);
        private int receiveOffset;
        private SessionKeys keys;

        Endpoint(final RingBuffer in, final RingBuffer out, final int localAddress, final int localPort)
        {
            this.in = in;
            this.out = out;
            this.localAddress = localAddress;
            this.localPort = localPort;
        }

        @Override
        public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
        {
            receiveView.wrap(address, capacity);
            receiveOffset = 0;
            final int received = in.controlledRead(this, maxDatagrams);
            if (null != keys && received > 0)
            {
                keys.openBatch(address, capacity, received);
            }
            return received;
        }

        @Override
        public void attachKeys(final SessionKeys keys)
        {
            this.keys = keys;
        }

        @Override
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            final int payloadLength = length - PAYLOAD_OFFSET;
            final int recordLength = DatagramBatchDescriptor.recordLength(payloadLength);
            if (receiveOffset + recordLength > receiveView.capacity())
            {
                return Action.ABORT;
            }
            final int offset = receiveOffset;
            receiveView.putInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET, payloadLength);
            receiveView.putInt(offset + DatagramBatchDescriptor.ADDRESS_OFFSET, buffer.getInt(index + ADDRESS_OFFSET),
                ByteOrder.BIG_ENDIAN);
            receiveView.putShort(offset + DatagramBatchDescriptor.PORT_OFFSET, (short)buffer.getInt(index + PORT_OFFSET));
            receiveView.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)0);
            receiveView.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, 0);
            receiveView.putBytes(offset + DatagramBatchDescriptor.HEADER_LENGTH, buffer, index + PAYLOAD_OFFSET, payloadLength);
            receiveOffset += recordLength;
            return Action.CONTINUE;
        }

        @Override
        public int sendBatch(final long address, final int length, final int count)
        {
            sendView.wrap(address, length);
            if (null != keys)
            {
                keys.sealBatch(address, length, count);
            }
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                final int payloadLength = sendView.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
                if (0 != (sendView.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & SessionKeys.FLAG_REJECTED))
                {
                    offset += DatagramBatchDescriptor.recordLength(payloadLength);
                    continue;
                }
                final int index = out.tryClaim(DATAGRAM, PAYLOAD_OFFSET + payloadLength);
                if (index <= 0)
                {
                    return i;
                }
                final MutableDirectBuffer ring = out.buffer();
                ring.putInt(index + ADDRESS_OFFSET, localAddress);
                ring.putInt(index + PORT_OFFSET, localPort);
                ring.putBytes(index + PAYLOAD_OFFSET, sendView, offset + DatagramBatchDescriptor.HEADER_LENGTH, payloadLength);
                out.commit(index);
                offset += DatagramBatchDescriptor.recordLength(payloadLength);
            }
            return count;
        }

        @Override
        public int localAddress()
        {
            return localAddress;
        }

        @Override
        public int localPort()
        {
            return localPort;
        }

        @Override
        public void close()
        {
        }
    }
}
