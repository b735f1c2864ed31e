package org.ipop.tools.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AdminCodecTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AdminChannel.MAX_RESPONSE_LENGTH]);
    private final AdminRequestFlyweight request = new AdminRequestFlyweight();
    private final AdminResponseFlyweight response = new AdminResponseFlyweight();

    @Test
    void shouldRoundTripARequestAtAnOffset()
    {
        final byte[] key = utf8("printer");
        final byte[] value = utf8("10.0.0.7:631");
        final int length = AdminRequestFlyweight.encode(buffer, 16, 42L, AdminRequestFlyweight.TYPE_DHT_CREATE, 600, key, value);

        assertEquals(AdminRequestFlyweight.length(key, value), length);
        assertTrue(request.wrap(buffer, 16, length), request::error);
        assertEquals(42L, request.correlationId());
        assertEquals(AdminRequestFlyweight.TYPE_DHT_CREATE, request.type());
        assertEquals(600, request.ttlSeconds());
        assertArrayEquals(key, request.key());
        assertArrayEquals(value, request.value());
    }

    @Test
    void shouldRoundTripAStatusRequestWithEmptyKeyAndValue()
    {
        final int length = AdminRequestFlyweight.encode(buffer, 0, 7L, AdminRequestFlyweight.TYPE_STATUS, 0, new byte[0], new byte[0]);

        assertEquals(AdminRequestFlyweight.MIN_LENGTH, length);
        assertTrue(request.wrap(buffer, 0, length));
        assertEquals(0, request.key().length);
        assertEquals(0, request.value().length);
    }

    @Test
    void shouldRejectEveryTruncationOfAValidRequest()
    {
        final int length = AdminRequestFlyweight.encode(buffer, 0, 9L, AdminRequestFlyweight.TYPE_DHT_PUT, 0, utf8("k"), utf8("v"));
        for (int cut = 0; cut < length; cut++)
        {
            assertFalse(request.wrap(buffer, 0, cut), "accepted " + cut + " of " + length + " bytes");
            assertNotNull(request.error());
        }
    }

    @Test
    void shouldRejectBadLengthsAndUnknownTypes()
    {
        final int length = AdminRequestFlyweight.encode(buffer, 0, 9L, AdminRequestFlyweight.TYPE_DHT_PUT, 0, utf8("k"), utf8("v"));
        buffer.putInt(AdminRequestFlyweight.KEY_LENGTH_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertFalse(request.wrap(buffer, 0, length));
        assertTrue(request.error().contains("key length"), request.error());

        buffer.putInt(AdminRequestFlyweight.KEY_LENGTH_OFFSET, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        assertFalse(request.wrap(buffer, 0, length));

        AdminRequestFlyweight.encode(buffer, 0, 9L, 99, 0, utf8("k"), utf8("v"));
        assertFalse(request.wrap(buffer, 0, length));
        assertTrue(request.error().contains("unknown request type 99"), request.error());
    }

    @Test
    void shouldNeverThrowOnGarbage()
    {
        final Random random = new Random(1);
        final byte[] bytes = new byte[256];
        int accepted = 0;
        for (int i = 0; i < 100_000; i++)
        {
            random.nextBytes(bytes);
            if (i % 2 == 0)
            {
                // plausible small lengths, so the length checks themselves are exercised
                bytes[16] = (byte)random.nextInt(40);
                bytes[17] = 0;
                bytes[18] = 0;
                bytes[19] = 0;
            }
            final UnsafeBuffer garbage = new UnsafeBuffer(bytes);
            final int length = random.nextInt(bytes.length + 1);
            if (request.wrap(garbage, 0, length))
            {
                accepted++;
                assertEquals(length, AdminRequestFlyweight.MIN_LENGTH + request.key().length + request.value().length);
            }
            response.wrap(garbage, 0, length);
        }
        assertTrue(accepted < 100_000, "garbage is mostly rejected");
    }

    @Test
    void shouldRoundTripAResponseWithEntries()
    {
        final AdminResponseFlyweight.Encoder encoder = new AdminResponseFlyweight.Encoder(buffer, buffer.capacity());
        encoder.begin(5L, AdminResponseFlyweight.CODE_OK);
        assertTrue(encoder.append("first"));
        assertTrue(encoder.append(new byte[0]));
        assertTrue(encoder.append("third line"));

        assertTrue(response.wrap(buffer, 0, encoder.length()));
        assertEquals(5L, response.correlationId());
        assertEquals(AdminResponseFlyweight.CODE_OK, response.code());
        assertEquals(0, response.omitted());
        final List<byte[]> entries = response.entries();
        assertEquals(3, entries.size());
        assertEquals("first", new String(entries.get(0), StandardCharsets.UTF_8));
        assertEquals(0, entries.get(1).length);
        assertEquals("third line", new String(entries.get(2), StandardCharsets.UTF_8));
    }

    @Test
    void shouldCountEntriesThatDoNotFitAsOmitted()
    {
        final AdminResponseFlyweight.Encoder encoder = new AdminResponseFlyweight.Encoder(buffer, 64);
        encoder.begin(1L, AdminResponseFlyweight.CODE_OK);
        assertTrue(encoder.append(new byte[30]));
        assertFalse(encoder.append(new byte[30]));
        assertFalse(encoder.append(new byte[1]), "once full, later entries are omitted too, so order is kept");

        assertTrue(response.wrap(buffer, 0, encoder.length()));
        assertEquals(1, response.count());
        assertEquals(2, response.omitted());
        assertTrue(encoder.length() <= 64);
    }

    @Test
    void shouldRejectATruncatedResponse()
    {
        final AdminResponseFlyweight.Encoder encoder = new AdminResponseFlyweight.Encoder(buffer, buffer.capacity());
        encoder.begin(1L, AdminResponseFlyweight.CODE_EXISTS).append("the key already holds a value");
        for (int cut = 0; cut < encoder.length(); cut++)
        {
            assertFalse(response.wrap(buffer, 0, cut), "accepted " + cut + " bytes");
        }
        assertTrue(response.wrap(buffer, 0, encoder.length()));
    }

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
