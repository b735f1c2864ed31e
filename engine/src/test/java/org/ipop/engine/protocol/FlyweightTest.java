package org.ipop.engine.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlyweightTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);

    /** A flyweight over a uint16 at 0, an int32 at 2 and an int64 at 6, in the order it is given. */
    private static final class Fields extends Flyweight
    {
        Fields(final ByteOrder byteOrder)
        {
            super(byteOrder);
        }

        Fields wrap(final UnsafeBuffer buffer, final int offset, final int length)
        {
            wrapBuffer(buffer, offset, length);
            return this;
        }

        void write(final int a, final int b, final long c)
        {
            putUint16(0, a);
            putInt32(2, b);
            putInt64(6, c);
        }
    }

    @Test
    void shouldWriteTheOverlayWireFormatLittleEndianAndInternetHeadersBigEndian()
    {
        new Fields(Flyweight.WIRE_ORDER).wrap(buffer, 4, 14).write(0xFFFE, 0x01020304, 0x1122334455667788L);
        assertEquals((byte)0xFE, buffer.getByte(4));
        assertEquals(0x01020304, buffer.getInt(6, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0x1122334455667788L, buffer.getLong(10, ByteOrder.LITTLE_ENDIAN));

        final Fields network = new Fields(Flyweight.NETWORK_ORDER).wrap(buffer, 4, 14);
        network.write(0xFFFE, 0x01020304, 0x1122334455667788L);
        assertEquals((byte)0xFF, buffer.getByte(4));
        assertEquals(0xFFFE, network.uint16(0));
        assertEquals(0x01020304, buffer.getInt(6, ByteOrder.BIG_ENDIAN));
        assertEquals(0x1122334455667788L, network.int64(6));
    }

    @Test
    void shouldRefuseAWindowOutsideTheBuffer()
    {
        final Fields fields = new Fields(Flyweight.WIRE_ORDER);
        fields.wrap(buffer, 0, 32);
        fields.wrap(buffer, 32, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> fields.wrap(buffer, 1, 32));
        assertThrows(IndexOutOfBoundsException.class, () -> fields.wrap(buffer, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> fields.wrap(buffer, 4, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> fields.wrap(buffer, Integer.MAX_VALUE, 8));
    }

    @Test
    void shouldReadNodeAddressWordsMostSignificantFirstEachInWireOrder()
    {
        NodeAddress.put(buffer, 3, 0x0102030405060708L, 0x1112131415161718L, 0x21222324);
        assertEquals(0x08, buffer.getByte(3), "word 0 first, least significant byte first");
        assertEquals(0x18, buffer.getByte(3 + NodeAddress.WORD1_OFFSET));
        assertEquals(0x24, buffer.getByte(3 + NodeAddress.WORD2_OFFSET));
        assertEquals(0x0102030405060708L, NodeAddress.word0(buffer, 3));
        assertEquals(0x1112131415161718L, NodeAddress.word1(buffer, 3));
        assertEquals(0x21222324, NodeAddress.word2(buffer, 3));
    }
}
