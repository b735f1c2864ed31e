package org.ipop.engine.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.*;

class OverlayFrameFlyweightTest
{
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    final OverlayFrameFlyweight frame = new OverlayFrameFlyweight();

    @Test
    void shouldLayOutTheHeaderAsDocumented()
    {
        assertEquals(56, OverlayFrameFlyweight.HEADER_LENGTH);
        assertEquals(16, OverlayFrameFlyweight.SRC_NODE_OFFSET);
        assertEquals(36, OverlayFrameFlyweight.DST_NODE_OFFSET);

        frame.wrap(buffer, 8)
            .versionAndType(1, OverlayFrameType.CONTROL)
            .flags(0x80)
            .ttl(200)
            .hopCount(3)
            .sessionId(0x01020304)
            .nonce(0x1122334455667788L);

        assertEquals(0x12, buffer.getByte(8));
        assertEquals((byte)0x80, buffer.getByte(9));
        assertEquals((byte)200, buffer.getByte(10));
        assertEquals(3, buffer.getByte(11));
        assertEquals(0x01020304, buffer.getInt(12, ByteOrder.LITTLE_ENDIAN));
        assertEquals(0x1122334455667788L, buffer.getLong(16, ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void shouldRoundTripEveryField()
    {
        final byte[] src = new byte[20];
        final byte[] dst = new byte[20];
        for (int i = 0; i < 20; i++)
        {
            src[i] = (byte)(i + 1);
            dst[i] = (byte)(0xF0 - i);
        }
        frame.wrap(buffer, 0)
            .versionAndType(15, 14)
            .flags(0xFF)
            .ttl(255)
            .hopCount(254)
            .sessionId(-2)
            .nonce(-3L)
            .srcNode(new UnsafeBuffer(src), 0)
            .dstNode(new UnsafeBuffer(dst), 0);

        final OverlayFrameFlyweight reader = new OverlayFrameFlyweight().wrap((org.agrona.DirectBuffer)buffer, 0);
        assertEquals(15, reader.version());
        assertEquals(14, reader.type());
        assertEquals(0xFF, reader.flags());
        assertEquals(255, reader.ttl());
        assertEquals(254, reader.hopCount());
        assertEquals(-2, reader.sessionId());
        assertEquals(-3L, reader.nonce());
        assertTrue(NodeAddress.equals(buffer, reader.srcNodeOffset(),
            NodeAddress.word0(new UnsafeBuffer(src), 0), NodeAddress.word1(new UnsafeBuffer(src), 0),
            NodeAddress.word2(new UnsafeBuffer(src), 0)));
        final byte[] readDst = new byte[20];
        buffer.getBytes(reader.dstNodeOffset(), readDst);
        assertArrayEquals(dst, readDst);
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH, reader.payloadOffset());
    }

    @Test
    void shouldWriteNodeAddressWordsAsTheSameBytesTheyWereReadFrom()
    {
        final UnsafeBuffer address = new UnsafeBuffer(new byte[20]);
        for (int i = 0; i < 20; i++)
        {
            address.putByte(i, (byte)(i * 13));
        }
        frame.wrap(buffer, 4).dstNode(NodeAddress.word0(address, 0), NodeAddress.word1(address, 0), NodeAddress.word2(address, 0));
        for (int i = 0; i < 20; i++)
        {
            assertEquals(address.getByte(i), buffer.getByte(4 + OverlayFrameFlyweight.DST_NODE_OFFSET + i));
        }
    }
}
