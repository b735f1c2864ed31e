package org.ipop.engine.testkit;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.DatagramBatchDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.*;

class RingDatagramLinkTest
{
    final RingDatagramLink link = new RingDatagramLink(16384, 0x0A000001, 1111, 0x0A000002, 2222);
    final UnsafeBuffer batch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8192, 64));

    int putRecord(final int offset, final int length, final byte fill)
    {
        batch.putInt(offset, length);
        batch.setMemory(offset + DatagramBatchDescriptor.HEADER_LENGTH, length, fill);
        return offset + DatagramBatchDescriptor.recordLength(length);
    }

    @Test
    void shouldDeliverWhatASendsToBWithAsAddressAsSource()
    {
        int length = putRecord(0, 100, (byte)7);
        length = putRecord(length, 3, (byte)9);
        assertEquals(2, link.endpointA().sendBatch(batch.addressOffset(), length, 2));

        batch.setMemory(0, 8192, (byte)0);
        assertEquals(2, link.endpointB().receiveBatch(batch.addressOffset(), 8192, 10));
        assertEquals(100, batch.getInt(0));
        assertEquals(0x0A000001, batch.getInt(DatagramBatchDescriptor.ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN));
        assertEquals(1111, batch.getShort(DatagramBatchDescriptor.PORT_OFFSET) & 0xFFFF);
        assertEquals(7, batch.getByte(DatagramBatchDescriptor.HEADER_LENGTH + 99));
        final int second = DatagramBatchDescriptor.recordLength(100);
        assertEquals(3, batch.getInt(second));
        assertEquals(9, batch.getByte(second + DatagramBatchDescriptor.HEADER_LENGTH));
        assertEquals(0, link.endpointA().receiveBatch(batch.addressOffset(), 8192, 10));
    }

    @Test
    void shouldReportFewerSentWhenTheRingIsFullAndKeepWhatDoesNotFitTheReceiveBuffer()
    {
        int sent = 0;
        for (int i = 0; i < 20; i++)
        {
            putRecord(0, 1000, (byte)i);
            sent += link.endpointA().sendBatch(batch.addressOffset(), DatagramBatchDescriptor.recordLength(1000), 1);
        }
        assertTrue(sent < 20 && sent > 1, "a 16 KB ring holds only some 1000-byte datagrams: " + sent);

        assertEquals(1, link.endpointB().receiveBatch(batch.addressOffset(), 1100, 10));
        int received = 1;
        int n;
        while ((n = link.endpointB().receiveBatch(batch.addressOffset(), 8192, 10)) > 0)
        {
            received += n;
        }
        assertEquals(sent, received);
    }
}
