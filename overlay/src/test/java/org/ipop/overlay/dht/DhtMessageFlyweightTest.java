package org.ipop.overlay.dht;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.control.DeterministicRandom;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtMessageFlyweightTest
{
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[DhtMessageFlyweight.MAX_BODY_LENGTH + 64]);
    private final DhtMessageFlyweight message = new DhtMessageFlyweight();

    private int putRequest(final byte[] key, final byte[] value)
    {
        final int at = DhtMessageFlyweight.writeHeader(body, DhtMessageFlyweight.OP_PUT, 0, 3, 0, 600, key, 1, 0);
        return DhtMessageFlyweight.putEntry(body, at, value, 600);
    }

    @Test
    void shouldRoundTripARequest()
    {
        final byte[] key = "dhcp:lab:10.0.0.7".getBytes(StandardCharsets.UTF_8);
        final int length = putRequest(key, new byte[] {1, 2, 3});
        assertTrue(message.wrap(body, 0, length));
        assertEquals(DhtMessageFlyweight.OP_PUT, message.op());
        assertEquals(3, message.replica());
        assertEquals(600, message.ttlOrStart());
        assertArrayEquals(key, message.key());
        assertEquals(1, message.entries());
        assertArrayEquals(new byte[] {1, 2, 3}, message.value(0));
        assertEquals(600, message.remainingSeconds(0));
    }

    @Test
    void shouldRejectEveryTruncationOfAValidMessage()
    {
        final int length = putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[40]);
        for (int cut = 0; cut < length; cut++)
        {
            assertFalse(message.wrap(body, 0, cut), "truncated to " + cut);
        }
        assertTrue(message.wrap(body, 0, length));
    }

    @Test
    void shouldRejectHostileLengthsAndCounts()
    {
        final int length = putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[10]);
        body.putShort(DhtMessageFlyweight.KEY_LENGTH_OFFSET, (short)0);
        assertFalse(message.wrap(body, 0, length), "empty key");
        body.putShort(DhtMessageFlyweight.KEY_LENGTH_OFFSET, (short)(Dht.MAX_KEY_LENGTH + 1), Flyweight.WIRE_ORDER);
        assertFalse(message.wrap(body, 0, length), "key over the limit");
        putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[10]);
        body.putShort(DhtMessageFlyweight.VALUE_COUNT_OFFSET, (short)0xFFFF);
        assertFalse(message.wrap(body, 0, length), "value count beyond the frame");
        putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[10]);
        body.putShort(DhtMessageFlyweight.KEY_OFFSET + 3, (short)0xFFFF);
        assertFalse(message.wrap(body, 0, length), "value length beyond the frame");
        putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[10]);
        body.putByte(DhtMessageFlyweight.OP_OFFSET, (byte)99);
        assertFalse(message.wrap(body, 0, length), "unknown op");
        putRequest("key".getBytes(StandardCharsets.UTF_8), new byte[10]);
        body.putByte(DhtMessageFlyweight.STATUS_OFFSET, (byte)77);
        assertFalse(message.wrap(body, 0, length), "unknown status");
        assertFalse(message.wrap(body, 0, DhtMessageFlyweight.MAX_BODY_LENGTH + 1), "longer than a frame");
    }

    @Test
    void shouldNeverReadOutsideTheFrameOnRandomInput()
    {
        final DeterministicRandom random = new DeterministicRandom(42);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final int length = random.nextInt(200);
            for (int j = 0; j < length; j++)
            {
                body.putByte(j, (byte)random.nextLong());
            }
            body.putByte(DhtMessageFlyweight.OP_OFFSET, (byte)(1 + random.nextInt(6)));
            body.putByte(DhtMessageFlyweight.STATUS_OFFSET, (byte)random.nextInt(6));
            body.putShort(DhtMessageFlyweight.KEY_LENGTH_OFFSET, (short)random.nextInt(64), Flyweight.WIRE_ORDER);
            body.putShort(DhtMessageFlyweight.VALUE_COUNT_OFFSET, (short)random.nextInt(3), Flyweight.WIRE_ORDER);
            if (message.wrap(body, 0, length))
            {
                accepted++;
                int end = DhtMessageFlyweight.KEY_OFFSET + message.keyLength();
                for (int e = 0; e < message.entries(); e++)
                {
                    end += DhtMessageFlyweight.ENTRY_HEADER_LENGTH + message.value(e).length;
                }
                assertTrue(end <= length, "accepted fields lie inside the frame");
            }
        }
        assertTrue(accepted > 0, "some random messages are well formed");
    }

    @Test
    void shouldDecodeOnlyWellFormedCommands()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DhtCommand.MAX_LENGTH]);
        final DhtCommand c = new DhtCommand();
        final int length = DhtCommand.encode(b, DhtMessageFlyweight.OP_CREATE, new byte[] {9}, new byte[] {7, 7}, 30);
        assertTrue(c.decode(b, 0, length));
        assertEquals(DhtMessageFlyweight.OP_CREATE, c.op);
        assertEquals(30, c.ttlSeconds);
        assertArrayEquals(new byte[] {7, 7}, c.value);
        assertFalse(c.decode(b, 0, length - 1), "truncated");
        assertFalse(c.decode(b, 0, 5), "shorter than the header");
        final int get = DhtCommand.encode(b, DhtMessageFlyweight.OP_GET, new byte[] {9}, null, 0);
        assertTrue(c.decode(b, 0, get));
        b.putByte(0, (byte)DhtMessageFlyweight.OP_REPLY);
        assertFalse(c.decode(b, 0, get), "replies are not commands");
    }
}
